// HKDF with HMAC-SHA256 (RFC 5869): derives keys for separate purposes from
// one secret, so the bytes that key the cookie signature never key the
// cookie's encryption.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "hmac_sha256.h"

namespace edge_session {

// §2.2: PRK = HMAC-Hash(salt, IKM); an empty salt stands for HashLen zeros.
Digest hkdf_sha256_extract(std::string_view salt, std::string_view ikm);

// §2.3: `length` bytes of T(1) || T(2) || ...; nullopt past 255 * 32 bytes.
std::optional<std::string> hkdf_sha256_expand(std::string_view prk,
                                              std::string_view info,
                                              std::size_t length);

// Extract, then expand (§2).
std::optional<std::string> hkdf_sha256(std::string_view ikm,
                                       std::string_view salt,
                                       std::string_view info,
                                       std::size_t length);

}  // namespace edge_session
