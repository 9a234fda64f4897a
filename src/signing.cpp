#include "signing.h"

#include <array>

#include "base64.h"
#include "hmac_sha256.h"

namespace edge_session {
namespace {

std::string_view as_bytes(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

// 32 bytes in unpadded base64.
constexpr std::size_t kSignatureSize = (sizeof(Digest) * 4 + 2) / 3;

}  // namespace

std::string sign(std::string_view value, std::string_view secret) {
  return sign(value, HmacSha256Key(secret));
}

std::string sign(std::string_view value, const HmacSha256Key& key) {
  std::string out;
  out.reserve(value.size() + 1 + kSignatureSize);
  out.append(value);
  append_signature(out, value, key);
  return out;
}

void append_signature(std::string& out, std::string_view value,
                      const HmacSha256Key& key) {
  // Remix cookie-signing.ts strips the '=' so the signature is always 43
  // characters; reproduce that byte for byte.
  const Digest mac = key.sign(value);
  out.push_back('.');
  append_base64(out, as_bytes(mac), /*pad=*/false);
}

std::optional<Unsigned> unsign(std::string_view signed_value,
                               const std::vector<std::string>& secrets) {
  std::vector<HmacSha256Key> keys(secrets.begin(), secrets.end());
  return unsign_with_keys(signed_value, keys);
}

std::optional<Unsigned> unsign_with_keys(
    std::string_view signed_value, const std::vector<HmacSha256Key>& keys) {
  const std::optional<UnsignedView> verified = unsign_view(signed_value, keys);
  if (!verified) return std::nullopt;
  return Unsigned{std::string(verified->value), verified->secret_index};
}

std::optional<UnsignedView> unsign_view(
    std::string_view signed_value, const std::vector<HmacSha256Key>& keys) {
  // The payload is base64 and never holds '.', but split at the last one as
  // Remix does so any value it signs round-trips.
  const std::size_t dot = signed_value.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view value = signed_value.substr(0, dot);

  // Decode as atob() does (forgiving-base64), so every signature Remix
  // accepts is accepted here: padded, unpadded, or with other unused low bits.
  Digest signature{};
  if (!base64_decode_exact(signed_value.substr(dot + 1), signature.data(),
                           signature.size())) {
    return std::nullopt;
  }

  // Rotation (reference §2.3): try every secret in order, first match wins.
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const Digest expected = keys[i].sign(value);
    if (constant_time_equal(as_bytes(expected), as_bytes(signature))) {
      return UnsignedView{value, i};
    }
  }
  return std::nullopt;
}

}  // namespace edge_session
