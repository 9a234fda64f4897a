// Remix's cookie signature: value + "." + unpadded base64 HMAC-SHA256 of value,
// keyed by the secret's raw UTF-8 bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hmac_sha256.h"

namespace edge_session {

std::string sign(std::string_view value, std::string_view secret);
std::string sign(std::string_view value, const HmacSha256Key& key);
// Appends "." + the signature of `value` to `out`; `value` may be a view of
// `out` itself (the MAC is computed before anything is appended).
void append_signature(std::string& out, std::string_view value,
                      const HmacSha256Key& key);

struct Unsigned {
  std::string value;
  std::size_t secret_index = 0;  // > 0: signed with a retired secret
};

// Splits at the last '.', verifies against each secret in order (rotation).
// nullopt when no secret verifies or the signature is not base64.
std::optional<Unsigned> unsign(std::string_view signed_value,
                               const std::vector<std::string>& secrets);
std::optional<Unsigned> unsign_with_keys(
    std::string_view signed_value, const std::vector<HmacSha256Key>& keys);

struct UnsignedView {
  std::string_view value;  // a view of the signed value: no copy
  std::size_t secret_index = 0;
};
// unsign_with_keys without the copy.
std::optional<UnsignedView> unsign_view(std::string_view signed_value,
                                        const std::vector<HmacSha256Key>& keys);

}  // namespace edge_session
