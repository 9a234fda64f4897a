#include "base64url.h"

#include <array>
#include <cstdint>

namespace edge_session {
namespace {

constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The value of each byte as a base64url character; kInvalid (no 6-bit value
// has that bit) for any other byte.
// Indexed by the character, which is ciphertext (public), never key material.
// A table, not comparisons: on a sealed cookie's random characters the
// branches were mispredicted about once each (measured: a third of reading a
// sealed cookie went here, against a fifth for the same cookie read twice).
constexpr std::uint32_t kInvalid = 0x80;
constexpr std::array<std::uint8_t, 256> kValues = [] {
  std::array<std::uint8_t, 256> values{};
  values.fill(kInvalid);
  for (std::uint8_t i = 0; i < 64; ++i) {
    values[static_cast<unsigned char>(kAlphabet[i])] = i;
  }
  return values;
}();

}  // namespace

std::size_t base64url_encoded_size(std::size_t size) {
  return size / 3 * 4 + (size % 3 == 0 ? 0 : size % 3 + 1);
}

void append_base64url(std::string& out, std::span<const std::uint8_t> bytes) {
  const std::size_t start = out.size();
  out.resize(start + base64url_encoded_size(bytes.size()));
  char* p = out.data() + start;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (static_cast<std::uint32_t>(bytes[i]) << 16) |
                            (static_cast<std::uint32_t>(bytes[i + 1]) << 8) |
                            bytes[i + 2];
    *p++ = kAlphabet[(n >> 18) & 63];
    *p++ = kAlphabet[(n >> 12) & 63];
    *p++ = kAlphabet[(n >> 6) & 63];
    *p++ = kAlphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return;
  std::uint32_t n = static_cast<std::uint32_t>(bytes[i]) << 16;
  if (rest == 2) n |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
  *p++ = kAlphabet[(n >> 18) & 63];
  *p++ = kAlphabet[(n >> 12) & 63];
  if (rest == 2) *p = kAlphabet[(n >> 6) & 63];
}

bool append_base64url_decoded(std::string& out, std::string_view text) {
  const std::size_t rest = text.size() % 4;
  if (rest == 1) return false;
  const std::size_t start = out.size();
  out.resize(start + text.size() / 4 * 3 + (rest == 0 ? 0 : rest - 1));
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  auto* p = reinterpret_cast<unsigned char*>(out.data() + start);
  // Four characters, three bytes; a character outside the alphabet sets
  // kInvalid in the group (checked once per group, no branch per character).
  for (std::size_t g = text.size() / 4; g > 0; --g, in += 4, p += 3) {
    const std::uint32_t a = kValues[in[0]], b = kValues[in[1]],
                        c = kValues[in[2]], d = kValues[in[3]];
    if (((a | b | c | d) & kInvalid) != 0) return false;
    const std::uint32_t n = (a << 18) | (b << 12) | (c << 6) | d;
    p[0] = static_cast<unsigned char>(n >> 16);
    p[1] = static_cast<unsigned char>(n >> 8);
    p[2] = static_cast<unsigned char>(n);
  }
  if (rest == 0) return true;
  const std::uint32_t a = kValues[in[0]], b = kValues[in[1]],
                      c = rest == 3 ? kValues[in[2]] : 0;
  if (((a | b | c) & kInvalid) != 0) return false;
  const std::uint32_t n = (a << 18) | (b << 12) | (c << 6);
  p[0] = static_cast<unsigned char>(n >> 16);
  if (rest == 3) p[1] = static_cast<unsigned char>(n >> 8);
  // §3.5: the bits left over (4 after two characters, 2 after three) must be
  // zero, so each byte string has one encoding.
  return (n & (rest == 2 ? 0xffffu : 0xffu)) == 0;
}

}  // namespace edge_session
