#include "signing.h"

#include <array>

#include "base64.h"
#include "hmac_sha256.h"

namespace edge_session {
namespace {

std::string_view as_bytes(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace

std::string sign(std::string_view value, std::string_view secret) {
  return sign(value, HmacSha256Key(secret));
}

std::string sign(std::string_view value, const HmacSha256Key& key) {
  // Remix cookie-signing.ts strips the '=' so the signature is always 43
  // characters; reproduce that byte for byte.
  std::string out(value);
  out += '.';
  out += base64_encode(as_bytes(key.sign(value)), /*pad=*/false);
  return out;
}

std::optional<Unsigned> unsign(std::string_view signed_value,
                               const std::vector<std::string>& secrets) {
  std::vector<HmacSha256Key> keys(secrets.begin(), secrets.end());
  return unsign_with_keys(signed_value, keys);
}

std::optional<Unsigned> unsign_with_keys(
    std::string_view signed_value, const std::vector<HmacSha256Key>& keys) {
  // The payload is base64 and never holds '.', but split at the last one as
  // Remix does so any value it signs round-trips.
  const std::size_t dot = signed_value.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view value = signed_value.substr(0, dot);

  // Decode as atob() does (forgiving-base64), so every signature Remix
  // accepts is accepted here: padded, unpadded, or with other unused low bits.
  const std::optional<std::string> signature =
      base64_decode(signed_value.substr(dot + 1));
  if (!signature || signature->size() != std::tuple_size<Digest>::value) {
    return std::nullopt;
  }

  // Rotation (reference §2.3): try every secret in order, first match wins.
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const Digest expected = keys[i].sign(value);
    if (constant_time_equal(as_bytes(expected), *signature)) {
      return Unsigned{std::string(value), i};
    }
  }
  return std::nullopt;
}

}  // namespace edge_session
