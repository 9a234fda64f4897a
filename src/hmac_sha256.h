// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), self-contained so the WASM
// needs no WebCrypto round trip per request.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace edge_session {

using Digest = std::array<std::uint8_t, 32>;

Digest sha256(std::string_view message);
Digest hmac_sha256(std::string_view key, std::string_view message);

// An HMAC key whose schedule is done once: the SHA-256 states after the
// (K ^ ipad) and (K ^ opad) blocks (RFC 2104 §4 suggests exactly this). Each
// message then costs two compressions fewer and no copy; a cookie keeps one
// per secret.
class HmacSha256Key {
 public:
  explicit HmacSha256Key(std::string_view key);
  Digest sign(std::string_view message) const;

 private:
  std::array<std::uint32_t, 8> inner_{};
  std::array<std::uint32_t, 8> outer_{};
};

// Compares without an early exit so timing does not reveal the first
// differing byte of a signature.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace edge_session
