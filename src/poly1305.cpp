#include "poly1305.h"

#include "little_endian.h"

namespace edge_session {
namespace {

constexpr std::uint32_t kMask26 = 0x3ffffff;

std::uint32_t low32(std::uint64_t v) { return static_cast<std::uint32_t>(v); }

}  // namespace

Poly1305::Poly1305(std::span<const std::uint8_t, kPoly1305KeySize> key) {
  const std::uint8_t* k = key.data();
  // §2.5: r &= 0x0ffffffc0ffffffc0ffffffc0fffffff, split into 26-bit limbs.
  r_[0] = load32_le(k + 0) & 0x3ffffff;
  r_[1] = (load32_le(k + 3) >> 2) & 0x3ffff03;
  r_[2] = (load32_le(k + 6) >> 4) & 0x3ffc0ff;
  r_[3] = (load32_le(k + 9) >> 6) & 0x3f03fff;
  r_[4] = (load32_le(k + 12) >> 8) & 0x00fffff;
  for (std::size_t i = 0; i < 4; ++i) pad_[i] = load32_le(k + 16 + 4 * i);
}

void Poly1305::blocks(const std::uint8_t* m, std::size_t size,
                      std::uint32_t hibit) {
  const std::uint64_t r0 = r_[0], r1 = r_[1], r2 = r_[2], r3 = r_[3],
                      r4 = r_[4];
  // 2^130 = 5 mod p: the limbs that overflow 130 bits wrap times 5.
  const std::uint64_t s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;
  std::uint32_t h0 = h_[0], h1 = h_[1], h2 = h_[2], h3 = h_[3], h4 = h_[4];
  for (; size >= 16; m += 16, size -= 16) {
    // Acc += block, with the 2^128 bit (§2.5) given by `hibit`.
    h0 += load32_le(m + 0) & kMask26;
    h1 += (load32_le(m + 3) >> 2) & kMask26;
    h2 += (load32_le(m + 6) >> 4) & kMask26;
    h3 += (load32_le(m + 9) >> 6) & kMask26;
    h4 += (load32_le(m + 12) >> 8) | hibit;
    // Acc *= r, partially reduced mod 2^130 - 5.
    const std::uint64_t d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
    std::uint64_t d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
    std::uint64_t d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
    std::uint64_t d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
    std::uint64_t d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;
    std::uint32_t c = low32(d0 >> 26);
    h0 = low32(d0) & kMask26;
    d1 += c;
    c = low32(d1 >> 26);
    h1 = low32(d1) & kMask26;
    d2 += c;
    c = low32(d2 >> 26);
    h2 = low32(d2) & kMask26;
    d3 += c;
    c = low32(d3 >> 26);
    h3 = low32(d3) & kMask26;
    d4 += c;
    c = low32(d4 >> 26);
    h4 = low32(d4) & kMask26;
    h0 += c * 5;
    c = h0 >> 26;
    h0 &= kMask26;
    h1 += c;
  }
  h_ = {h0, h1, h2, h3, h4};
}

void Poly1305::update(std::span<const std::uint8_t> data) {
  const std::uint8_t* m = data.data();
  std::size_t size = data.size();
  if (buffered_ > 0) {
    while (size > 0 && buffered_ < 16) {
      buffer_[buffered_++] = *m++;
      --size;
    }
    if (buffered_ < 16) return;
    blocks(buffer_.data(), 16, 1u << 24);
    buffered_ = 0;
  }
  const std::size_t whole = size & ~static_cast<std::size_t>(15);
  blocks(m, whole, 1u << 24);
  for (std::size_t i = whole; i < size; ++i) buffer_[buffered_++] = m[i];
}

std::array<std::uint8_t, kPoly1305TagSize> Poly1305::finish() {
  if (buffered_ > 0) {
    // §2.5: a short last block gets its 0x01 byte after the data, then
    // zeros, and no 2^128 bit.
    buffer_[buffered_] = 1;
    for (std::size_t i = buffered_ + 1; i < 16; ++i) buffer_[i] = 0;
    blocks(buffer_.data(), 16, 0);
    buffered_ = 0;
  }
  std::uint32_t h0 = h_[0], h1 = h_[1], h2 = h_[2], h3 = h_[3], h4 = h_[4];
  // Full carry.
  std::uint32_t c = h1 >> 26;
  h1 &= kMask26;
  h2 += c;
  c = h2 >> 26;
  h2 &= kMask26;
  h3 += c;
  c = h3 >> 26;
  h3 &= kMask26;
  h4 += c;
  c = h4 >> 26;
  h4 &= kMask26;
  h0 += c * 5;
  c = h0 >> 26;
  h0 &= kMask26;
  h1 += c;
  // g = h + 5 - 2^130: when it does not borrow, h >= p and g is h mod p.
  std::uint32_t g0 = h0 + 5;
  c = g0 >> 26;
  g0 &= kMask26;
  std::uint32_t g1 = h1 + c;
  c = g1 >> 26;
  g1 &= kMask26;
  std::uint32_t g2 = h2 + c;
  c = g2 >> 26;
  g2 &= kMask26;
  std::uint32_t g3 = h3 + c;
  c = g3 >> 26;
  g3 &= kMask26;
  const std::uint32_t g4 = h4 + c - (1u << 26);
  // Select g or h by a mask from g4's sign bit, not by a branch.
  const std::uint32_t use_g = (g4 >> 31) - 1;  // all ones when no borrow
  const std::uint32_t use_h = ~use_g;
  h0 = (h0 & use_h) | (g0 & use_g);
  h1 = (h1 & use_h) | (g1 & use_g);
  h2 = (h2 & use_h) | (g2 & use_g);
  h3 = (h3 & use_h) | (g3 & use_g);
  h4 = (h4 & use_h) | (g4 & use_g);
  // To 128 bits, then + s mod 2^128 (§2.5).
  const std::uint32_t w0 = h0 | (h1 << 26);
  const std::uint32_t w1 = (h1 >> 6) | (h2 << 20);
  const std::uint32_t w2 = (h2 >> 12) | (h3 << 14);
  const std::uint32_t w3 = (h3 >> 18) | (h4 << 8);
  std::array<std::uint8_t, kPoly1305TagSize> tag{};
  std::uint64_t f = static_cast<std::uint64_t>(w0) + pad_[0];
  store32_le(tag.data(), low32(f));
  f = static_cast<std::uint64_t>(w1) + pad_[1] + (f >> 32);
  store32_le(tag.data() + 4, low32(f));
  f = static_cast<std::uint64_t>(w2) + pad_[2] + (f >> 32);
  store32_le(tag.data() + 8, low32(f));
  f = static_cast<std::uint64_t>(w3) + pad_[3] + (f >> 32);
  store32_le(tag.data() + 12, low32(f));
  h_ = {};
  return tag;
}

std::array<std::uint8_t, kPoly1305TagSize> poly1305(
    std::span<const std::uint8_t, kPoly1305KeySize> key,
    std::span<const std::uint8_t> message) {
  Poly1305 mac(key);
  mac.update(message);
  return mac.finish();
}

}  // namespace edge_session
