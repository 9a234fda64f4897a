#include "base64url.h"

namespace edge_session {
namespace {

constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The value of a base64url character, -1 for any other byte. Branches on
// the character, which is ciphertext (public), never on key material.
int value_of(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

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
  if (text.size() % 4 == 1) return false;
  out.reserve(out.size() + text.size() / 4 * 3 + 2);
  std::uint32_t n = 0;
  int bits = 0;
  for (const char c : text) {
    const int v = value_of(c);
    if (v < 0) return false;
    n = (n << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((n >> bits) & 0xff));
    }
  }
  // §3.5: the bits left over must be zero.
  return (n & ((1u << bits) - 1)) == 0;
}

}  // namespace edge_session
