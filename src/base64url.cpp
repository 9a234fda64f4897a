#include "base64url.h"

#include "base64_groups.h"

namespace edge_session {
namespace {

constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Indexed by the character, which is ciphertext (public), never key material.
constexpr Base64DecodeTable kDecodeTable = make_base64_decode_table(kAlphabet);

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
  out.resize(start + base64_decoded_size(text.size()));
  if (!decode_base64_groups(
          text, reinterpret_cast<unsigned char*>(out.data() + start),
          kDecodeTable)) {
    return false;
  }
  // §3.5: the last character's bits past the last byte (4 after two
  // characters, 2 after three) must be zero, so each byte string has one
  // encoding.
  return rest == 0 || (kDecodeTable[static_cast<unsigned char>(text.back())] &
                       (rest == 2 ? 0x0f : 0x03)) == 0;
}

}  // namespace edge_session
