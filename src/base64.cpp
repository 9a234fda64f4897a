#include "base64.h"

#include <array>
#include <cstddef>
#include <cstdint>

#include "base64_groups.h"

namespace edge_session {
namespace {

// RFC 4648 §4, the alphabet of btoa()/atob().
constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Reverse lookup built at compile time; bytes outside the alphabet
// (including '=', '-' and '_', which atob() rejects) are kNotBase64.
// Steps 4-8 of forgiving-base64 decode go through it (decode_base64_groups);
// step 8 discards a tail's leftover low bits, unchecked.
constexpr Base64DecodeTable kDecodeTable = make_base64_decode_table(kAlphabet);

// WHATWG Infra "ASCII whitespace": TAB, LF, FF, CR, SPACE (not VT).
bool is_ascii_whitespace(char c) {
  return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

bool has_ascii_whitespace(std::string_view text) {
  // Every ASCII whitespace byte is <= ' ': one branch-free test per byte
  // first (cookies hold none), the exact one only when that finds any.
  bool low = false;
  for (const char c : text) low |= static_cast<unsigned char>(c) <= ' ';
  if (!low) return false;
  for (const char c : text) {
    if (is_ascii_whitespace(c)) return true;
  }
  return false;
}

// Step 1 of forgiving-base64 decode: all ASCII whitespace removed, in place.
// Cookies never hold any, so this is only a scan.
void remove_ascii_whitespace(std::string& text) {
  if (!has_ascii_whitespace(text)) return;
  std::size_t kept = 0;
  for (const char c : text) {
    if (!is_ascii_whitespace(c)) text[kept++] = c;
  }
  text.resize(kept);
}

// Steps 2-3 on whitespace-free `data`: one or two trailing '=' dropped when
// the length divides by 4; nullopt for a lone trailing 6-bit group, which
// cannot encode a whole byte.
std::optional<std::string_view> without_padding(std::string_view data) {
  if (data.size() % 4 == 0) {
    if (!data.empty() && data.back() == '=') data.remove_suffix(1);
    if (!data.empty() && data.back() == '=') data.remove_suffix(1);
  }
  if (data.size() % 4 == 1) return std::nullopt;
  return data;
}

}  // namespace

std::size_t base64_encoded_size(std::size_t size, bool pad) {
  if (pad) return (size + 2) / 3 * 4;
  return size / 3 * 4 + (size % 3 == 0 ? 0 : size % 3 + 1);
}

std::string base64_encode(std::string_view bytes, bool pad) {
  std::string out;
  append_base64(out, bytes, pad);
  return out;
}

// Writes through a pointer into a string sized up front: libc++'s string is
// an extern template, so in the WASM each push_back would be a call.
void append_base64(std::string& out, std::string_view bytes, bool pad) {
  const std::size_t start = out.size();
  out.resize(start + base64_encoded_size(bytes.size(), pad));
  char* o = &out[start];
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (std::uint32_t{in[i]} << 16) |
                            (std::uint32_t{in[i + 1]} << 8) |
                            std::uint32_t{in[i + 2]};
    o[0] = kAlphabet[(n >> 18) & 0x3F];
    o[1] = kAlphabet[(n >> 12) & 0x3F];
    o[2] = kAlphabet[(n >> 6) & 0x3F];
    o[3] = kAlphabet[n & 0x3F];
    o += 4;
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
      if (rest == 1) *o = '=';
    }
  }
}

// https://infra.spec.whatwg.org/#forgiving-base64-decode
std::optional<std::string> base64_decode(std::string_view text) {
  std::string out(text);
  if (!base64_decode_in_place(out)) return std::nullopt;
  return out;
}

bool base64_decode_in_place(std::string& text) {
  remove_ascii_whitespace(text);
  const std::optional<std::string_view> data = without_padding(text);
  if (!data) return false;
  const std::size_t size = base64_decoded_size(data->size());
  if (!decode_base64_groups(*data, reinterpret_cast<unsigned char*>(&text[0]),
                            kDecodeTable)) {
    return false;
  }
  text.resize(size);
  return true;
}

bool append_base64_decoded(std::string& out, std::string_view text) {
  // Decoded as it is first: a cookie holds no whitespace, and decode_groups
  // rejects any (it is outside the alphabet) without changing `text`. Only
  // then is whitespace looked for and removed.
  const auto decode = [&out](std::string_view characters) {
    const std::optional<std::string_view> data = without_padding(characters);
    if (!data) return false;
    const std::size_t start = out.size();
    out.resize(start + base64_decoded_size(data->size()));
    return decode_base64_groups(
        *data, reinterpret_cast<unsigned char*>(&out[start]), kDecodeTable);
  };
  const std::size_t start = out.size();
  if (decode(text)) return true;
  if (!has_ascii_whitespace(text)) return false;
  out.resize(start);
  std::string stripped(text);
  remove_ascii_whitespace(stripped);
  return decode(stripped);
}

bool base64_decode_exact(std::string_view text, unsigned char* out,
                         std::size_t size) {
  std::string stripped;
  if (has_ascii_whitespace(text)) {
    stripped = text;
    remove_ascii_whitespace(stripped);
    text = stripped;
  }
  const std::optional<std::string_view> data = without_padding(text);
  return data && base64_decoded_size(data->size()) == size &&
         decode_base64_groups(*data, out, kDecodeTable);
}

}  // namespace edge_session
