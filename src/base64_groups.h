// The decoding loop both base64 alphabets share: btoa()'s (RFC 4648 §4,
// base64.cpp, the signed cookie) and base64url (§5, base64url.cpp, the sealed
// one). Four characters to three bytes through a table indexed by the
// character, each group checked once: no branch per character, which random
// text (a sealed cookie's ciphertext) would mispredict about once a character.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace edge_session {

// A character's 6-bit value, or kNotBase64 for a byte outside the alphabet.
using Base64DecodeTable = std::array<std::int16_t, 256>;
constexpr std::int16_t kNotBase64 = -1;

constexpr Base64DecodeTable make_base64_decode_table(
    std::string_view alphabet) {
  Base64DecodeTable table{};
  for (auto& entry : table) entry = kNotBase64;
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    table[static_cast<unsigned char>(alphabet[i])] =
        static_cast<std::int16_t>(i);
  }
  return table;
}

// The number of bytes `characters` unpadded characters decode to.
constexpr std::size_t base64_decoded_size(std::size_t characters) {
  const std::size_t rest = characters % 4;
  return characters / 4 * 3 + (rest == 0 ? 0 : rest - 1);
}

// Writes base64_decoded_size(data.size()) bytes to `out`, false when a
// character is outside the alphabet (`out` is then partly written). The low
// bits a two- or three-character tail leaves over are not checked here. `out`
// may be data.data(): each group is read before its three bytes are written,
// and those land at or before it.
inline bool decode_base64_groups(std::string_view data, unsigned char* out,
                                 const Base64DecodeTable& table) {
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  const std::size_t groups = data.size() / 4;
  for (std::size_t g = 0; g < groups; ++g, in += 4, out += 3) {
    const std::int32_t a = table[in[0]];
    const std::int32_t b = table[in[1]];
    const std::int32_t c = table[in[2]];
    const std::int32_t d = table[in[3]];
    if ((a | b | c | d) < 0) return false;
    const auto n =
        static_cast<std::uint32_t>((a << 18) | (b << 12) | (c << 6) | d);
    out[0] = static_cast<unsigned char>(n >> 16);
    out[1] = static_cast<unsigned char>(n >> 8);
    out[2] = static_cast<unsigned char>(n);
  }
  const std::size_t rest = data.size() % 4;
  if (rest == 0) return true;
  // Two or three characters: one or two bytes.
  const std::int32_t a = table[in[0]];
  const std::int32_t b = table[in[1]];
  const std::int32_t c = rest == 3 ? table[in[2]] : 0;
  if ((a | b | c) < 0) return false;
  const auto n = static_cast<std::uint32_t>((a << 18) | (b << 12) | (c << 6));
  out[0] = static_cast<unsigned char>(n >> 16);
  if (rest == 3) out[1] = static_cast<unsigned char>(n >> 8);
  return true;
}

}  // namespace edge_session
