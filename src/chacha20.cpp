#include "chacha20.h"

#include <array>

#include "little_endian.h"

namespace edge_session {
namespace {

using State = std::array<std::uint32_t, 16>;

std::uint32_t rotl(std::uint32_t v, int n) {
  return (v << n) | (v >> (32 - n));
}

// §2.1: the quarter round.
void quarter_round(State& x, std::size_t a, std::size_t b, std::size_t c,
                   std::size_t d) {
  x[a] += x[b];
  x[d] = rotl(x[d] ^ x[a], 16);
  x[c] += x[d];
  x[b] = rotl(x[b] ^ x[c], 12);
  x[a] += x[b];
  x[d] = rotl(x[d] ^ x[a], 8);
  x[c] += x[d];
  x[b] = rotl(x[b] ^ x[c], 7);
}

// §2.3: 20 rounds, alternating column and diagonal rounds.
void rounds(State& x) {
  for (int i = 0; i < 10; ++i) {
    quarter_round(x, 0, 4, 8, 12);
    quarter_round(x, 1, 5, 9, 13);
    quarter_round(x, 2, 6, 10, 14);
    quarter_round(x, 3, 7, 11, 15);
    quarter_round(x, 0, 5, 10, 15);
    quarter_round(x, 1, 6, 11, 12);
    quarter_round(x, 2, 7, 8, 13);
    quarter_round(x, 3, 4, 9, 14);
  }
}

// §2.3: the constants "expand 32-byte k", then the key as eight
// little-endian words; words 12-15 are set by the caller.
State initial_state(ChaCha20Key key) {
  State s{};
  s[0] = 0x61707865;
  s[1] = 0x3320646e;
  s[2] = 0x79622d32;
  s[3] = 0x6b206574;
  for (std::size_t i = 0; i < 8; ++i) s[4 + i] = load32_le(key.data() + 4 * i);
  return s;
}

void keystream_block(const State& input, std::uint8_t* out) {
  State x = input;
  rounds(x);
  for (std::size_t i = 0; i < 16; ++i) store32_le(out + 4 * i, x[i] + input[i]);
}

}  // namespace

void chacha20_block(ChaCha20Key key, std::uint32_t counter,
                    std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
                    std::span<std::uint8_t, kChaCha20BlockSize> out) {
  State s = initial_state(key);
  s[12] = counter;
  for (std::size_t i = 0; i < 3; ++i)
    s[13 + i] = load32_le(nonce.data() + 4 * i);
  keystream_block(s, out.data());
}

void chacha20_xor(ChaCha20Key key, std::uint32_t counter,
                  std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
                  std::span<const std::uint8_t> in, std::uint8_t* out) {
  State s = initial_state(key);
  for (std::size_t i = 0; i < 3; ++i)
    s[13 + i] = load32_le(nonce.data() + 4 * i);
  std::array<std::uint8_t, kChaCha20BlockSize> block{};
  for (std::size_t offset = 0; offset < in.size();
       offset += kChaCha20BlockSize) {
    // §2.4: the counter advances per block (a 32-bit wrap would need 256 GB
    // of input, far past any cookie).
    s[12] = counter++;
    keystream_block(s, block.data());
    const std::size_t n = in.size() - offset < kChaCha20BlockSize
                              ? in.size() - offset
                              : kChaCha20BlockSize;
    for (std::size_t i = 0; i < n; ++i) {
      out[offset + i] = static_cast<std::uint8_t>(in[offset + i] ^ block[i]);
    }
  }
}

void hchacha20(ChaCha20Key key,
               std::span<const std::uint8_t, kHChaCha20NonceSize> nonce,
               std::span<std::uint8_t, kChaCha20KeySize> out) {
  State x = initial_state(key);
  for (std::size_t i = 0; i < 4; ++i)
    x[12 + i] = load32_le(nonce.data() + 4 * i);
  rounds(x);
  for (std::size_t i = 0; i < 4; ++i) {
    store32_le(out.data() + 4 * i, x[i]);
    store32_le(out.data() + 16 + 4 * i, x[12 + i]);
  }
}

}  // namespace edge_session
