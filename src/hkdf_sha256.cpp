#include "hkdf_sha256.h"

namespace edge_session {

Digest hkdf_sha256_extract(std::string_view salt, std::string_view ikm) {
  // An HMAC key shorter than the block is zero-padded (RFC 2104 §2), so an
  // empty salt already is the "string of HashLen zeros" of §2.2.
  return hmac_sha256(salt, ikm);
}

std::optional<std::string> hkdf_sha256_expand(std::string_view prk,
                                              std::string_view info,
                                              std::size_t length) {
  constexpr std::size_t kHashLen = sizeof(Digest);
  if (length > 255 * kHashLen) return std::nullopt;
  const HmacSha256Key key(prk);
  std::string okm;
  okm.reserve(length);
  std::string block;  // T(i-1) || info || i
  Digest t{};
  for (std::size_t i = 1; okm.size() < length; ++i) {
    block.clear();
    if (i > 1) block.append(reinterpret_cast<const char*>(t.data()), t.size());
    block.append(info);
    block.push_back(static_cast<char>(i));
    t = key.sign(block);
    const std::size_t take =
        length - okm.size() < kHashLen ? length - okm.size() : kHashLen;
    okm.append(reinterpret_cast<const char*>(t.data()), take);
  }
  return okm;
}

std::optional<std::string> hkdf_sha256(std::string_view ikm,
                                       std::string_view salt,
                                       std::string_view info,
                                       std::size_t length) {
  const Digest prk = hkdf_sha256_extract(salt, ikm);
  return hkdf_sha256_expand(
      {reinterpret_cast<const char*>(prk.data()), prk.size()}, info, length);
}

}  // namespace edge_session
