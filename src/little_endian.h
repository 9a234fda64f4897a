// Little-endian words, as ChaCha20 (RFC 8439 §2.1) and Poly1305 (§2.5) read
// keys, nonces and blocks (32 bits) and SipHash its key and message (64):
// byte by byte, so the result is the same on any host and no unaligned access
// is made (compilers merge the bytes into one load on little-endian targets).
#pragma once

#include <cstdint>

namespace edge_session {

inline std::uint32_t load32_le(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) |
         (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) |
         (static_cast<std::uint32_t>(p[3]) << 24);
}

inline std::uint64_t load64_le(const std::uint8_t* p) {
  return static_cast<std::uint64_t>(load32_le(p)) |
         (static_cast<std::uint64_t>(load32_le(p + 4)) << 32);
}

inline void store32_le(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
  p[2] = static_cast<std::uint8_t>(v >> 16);
  p[3] = static_cast<std::uint8_t>(v >> 24);
}

}  // namespace edge_session
