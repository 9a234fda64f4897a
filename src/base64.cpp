#include "base64.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace edge_session {
namespace {

// RFC 4648 §4, the alphabet of btoa()/atob().
constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::int8_t kInvalid = -1;

// Reverse lookup built at compile time; kInvalid marks bytes outside the
// alphabet (including '=', '-' and '_', which atob() rejects).
constexpr std::array<std::int8_t, 256> make_decode_table() {
  std::array<std::int8_t, 256> table{};
  for (auto& entry : table) entry = kInvalid;
  for (std::size_t i = 0; i < 64; ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] =
        static_cast<std::int8_t>(i);
  }
  return table;
}

constexpr std::array<std::int8_t, 256> kDecodeTable = make_decode_table();

// WHATWG Infra "ASCII whitespace": TAB, LF, FF, CR, SPACE (not VT).
bool is_ascii_whitespace(char c) {
  return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

}  // namespace

// Writes through a pointer into a string sized up front: libc++'s string is
// an extern template, so in the WASM each push_back would be a call.
std::string base64_encode(std::string_view bytes, bool pad) {
  std::string out((bytes.size() + 2) / 3 * 4, '\0');
  char* o = out.data();
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (std::uint32_t{in[i]} << 16) |
                            (std::uint32_t{in[i + 1]} << 8) |
                            std::uint32_t{in[i + 2]};
    *o++ = kAlphabet[(n >> 18) & 0x3F];
    *o++ = kAlphabet[(n >> 12) & 0x3F];
    *o++ = kAlphabet[(n >> 6) & 0x3F];
    *o++ = kAlphabet[n & 0x3F];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint32_t{in[i]} << 16;
    if (rest == 2) n |= std::uint32_t{in[i + 1]} << 8;
    *o++ = kAlphabet[(n >> 18) & 0x3F];
    *o++ = kAlphabet[(n >> 12) & 0x3F];
    if (rest == 2) *o++ = kAlphabet[(n >> 6) & 0x3F];
    if (pad) {
      *o++ = '=';
      if (rest == 1) *o++ = '=';
    }
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

// https://infra.spec.whatwg.org/#forgiving-base64-decode
std::optional<std::string> base64_decode(std::string_view text) {
  // Step 1: remove all ASCII whitespace (cookies never hold any, so copy
  // only when there is some).
  std::string stripped;
  std::string_view data = text;
  for (const char c : text) {
    if (is_ascii_whitespace(c)) {
      stripped.reserve(text.size());
      for (const char d : text) {
        if (!is_ascii_whitespace(d)) stripped.append(1, d);
      }
      data = stripped;
      break;
    }
  }

  // Step 2: if the length divides by 4, drop one or two trailing '='.
  if (data.size() % 4 == 0) {
    if (!data.empty() && data.back() == '=') data.remove_suffix(1);
    if (!data.empty() && data.back() == '=') data.remove_suffix(1);
  }

  // Step 3: a lone 6-bit group cannot encode a whole byte.
  if (data.size() % 4 == 1) return std::nullopt;

  // Steps 4-7: every remaining code point must be in the alphabet, so any
  // '=' left over (e.g. "ab=") fails here.
  std::string out(data.size() / 4 * 3 + 2, '\0');
  char* o = out.data();
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : data) {
    const std::int8_t v = kDecodeTable[static_cast<unsigned char>(c)];
    if (v == kInvalid) return std::nullopt;
    // Only the low 12 bits are ever pending; masking keeps the buffer small.
    buffer = ((buffer << 6) | static_cast<std::uint32_t>(v)) & 0xFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *o++ = static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  // Step 8: the 2 or 4 leftover low bits are discarded, not checked.
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

}  // namespace edge_session
