#include "hmac_sha256.h"

#include <cstddef>
#include <cstring>
#include <string>

namespace edge_session {
namespace {

constexpr std::size_t kBlockSize = 64;  // bytes, FIPS 180-4 §5.1.1

// FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots
// of the first 64 primes.
constexpr std::uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// FIPS 180-4 §5.3.3: initial hash value.
constexpr std::uint32_t kInitialHash[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                           0xa54ff53a, 0x510e527f, 0x9b05688c,
                                           0x1f83d9ab, 0x5be0cd19};

constexpr std::uint32_t rotr(std::uint32_t x, unsigned n) {
  return (x >> n) | (x << (32 - n));
}

// A 32-bit big-endian word. One unaligned load and a byte swap, which clang
// expands to shifts for the WASM (it has no bswap instruction).
std::uint32_t load_be32(const unsigned char* bytes) {
  std::uint32_t word = 0;
  std::memcpy(&word, bytes, sizeof(word));
  return __builtin_bswap32(word);
}

// FIPS 180-4 §6.2.2: one 512-bit block into the running hash.
//
// Fully unrolled (measured in the WASM build, V8): the eight working
// variables rotate by renaming instead of seven moves a round (~2x), and the
// message schedule is computed on the fly in a ring of 16 words, which then
// live in WASM locals instead of a 64-word array in linear memory. Ch and Maj
// take the forms with fewest operations, Maj reusing the previous round's
// a ^ b as this round's b ^ c (together, HMAC of a cookie ~35% faster).
void compress(std::uint32_t state[8], const unsigned char* block) {
  std::uint32_t w[16];
  std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  std::uint32_t b_xor_c = b ^ c;
#if defined(__clang__)
#pragma clang loop unroll(full)
#endif
  for (std::size_t t = 0; t < 64; ++t) {
    std::uint32_t wt = 0;
    if (t < 16) {
      wt = load_be32(block + 4 * t);
    } else {
      // W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16] (§6.2.2 step 1),
      // where W[t-16] is the ring slot W[t] replaces.
      const std::uint32_t w15 = w[(t - 15) & 15];
      const std::uint32_t w2 = w[(t - 2) & 15];
      const std::uint32_t s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3);
      const std::uint32_t s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10);
      wt = w[t & 15] + s0 + w[(t - 7) & 15] + s1;
    }
    w[t & 15] = wt;
    const std::uint32_t big_s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    // Ch(e,f,g) = (e & f) ^ (~e & g): for each bit, f where e is set, else g.
    const std::uint32_t ch = g ^ (e & (f ^ g));
    const std::uint32_t t1 = h + big_s1 + ch + kRoundConstants[t] + wt;
    const std::uint32_t big_s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    // Maj(a,b,c) = (a & b) ^ (a & c) ^ (b & c), the bitwise majority: b,
    // except where a and c both differ from it (and so agree).
    const std::uint32_t a_xor_b = a ^ b;
    const std::uint32_t maj = b ^ (a_xor_b & b_xor_c);
    b_xor_c = a_xor_b;  // next round's b ^ c
    const std::uint32_t t2 = big_s0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

using State = std::array<std::uint32_t, 8>;

// Hashes `size` bytes into `state`, which has already absorbed `prefix_bytes`
// (whole blocks), then pads and returns the digest (FIPS 180-4 §5.1.1).
Digest finish(State state, const unsigned char* data, std::size_t size,
              std::uint64_t prefix_bytes) {
  std::size_t offset = 0;
  for (; offset + kBlockSize <= size; offset += kBlockSize) {
    compress(state.data(), data + offset);
  }

  // Append 0x80, zero-fill to 56 mod 64, then the message length in bits as a
  // 64-bit big-endian integer. One or two blocks remain.
  unsigned char tail[2 * kBlockSize];
  const std::size_t rest = size - offset;
  const std::size_t tail_size = rest < 56 ? kBlockSize : 2 * kBlockSize;
  if (rest > 0) std::memcpy(tail, data + offset, rest);
  tail[rest] = 0x80;
  std::memset(tail + rest + 1, 0, tail_size - 8 - (rest + 1));
  const std::uint64_t bit_length = (prefix_bytes + size) * 8;
  for (std::size_t i = 0; i < 8; ++i) {
    tail[tail_size - 1 - i] = static_cast<unsigned char>(bit_length >> (8 * i));
  }
  compress(state.data(), tail);
  if (tail_size == 2 * kBlockSize) compress(state.data(), tail + kBlockSize);

  Digest digest{};
  for (std::size_t i = 0; i < 8; ++i) {
    digest[4 * i] = static_cast<std::uint8_t>(state[i] >> 24);
    digest[4 * i + 1] = static_cast<std::uint8_t>(state[i] >> 16);
    digest[4 * i + 2] = static_cast<std::uint8_t>(state[i] >> 8);
    digest[4 * i + 3] = static_cast<std::uint8_t>(state[i]);
  }
  return digest;
}

State initial_state() {
  State state;
  std::memcpy(state.data(), kInitialHash, sizeof(kInitialHash));
  return state;
}

// The state after one block of the padded key XOR `pad` (RFC 2104 §2).
State state_after_key_block(const unsigned char (&block_key)[kBlockSize],
                            unsigned char pad) {
  unsigned char block[kBlockSize];
  for (std::size_t i = 0; i < kBlockSize; ++i) {
    block[i] = static_cast<unsigned char>(block_key[i] ^ pad);
  }
  State state = initial_state();
  compress(state.data(), block);
  return state;
}

}  // namespace

Digest sha256(std::string_view message) {
  return finish(initial_state(),
                reinterpret_cast<const unsigned char*>(message.data()),
                message.size(), 0);
}

HmacSha256Key::HmacSha256Key(std::string_view key) {
  // Keys longer than the block are hashed first; shorter ones are zero-padded
  // (an empty key is simply 64 zero bytes, so it cannot crash).
  unsigned char block_key[kBlockSize] = {};
  if (key.size() > kBlockSize) {
    const Digest hashed = sha256(key);
    std::memcpy(block_key, hashed.data(), hashed.size());
  } else if (!key.empty()) {
    std::memcpy(block_key, key.data(), key.size());
  }
  inner_ = state_after_key_block(block_key, 0x36);
  outer_ = state_after_key_block(block_key, 0x5c);
}

// RFC 2104 §2: H((K ^ opad) || H((K ^ ipad) || text)).
Digest HmacSha256Key::sign(std::string_view message) const {
  const Digest inner =
      finish(inner_, reinterpret_cast<const unsigned char*>(message.data()),
             message.size(), kBlockSize);
  return finish(outer_, inner.data(), inner.size(), kBlockSize);
}

Digest hmac_sha256(std::string_view key, std::string_view message) {
  return HmacSha256Key(key).sign(message);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Walk the longer input in full so the loop count depends only on the
  // lengths (public: a MAC is always 32 bytes), never on where bytes differ.
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned diff = a.size() == b.size() ? 0u : 1u;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0u;
    const unsigned y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0u;
    diff |= x ^ y;
  }
  return diff == 0;
}

}  // namespace edge_session
