// Poly1305 (RFC 8439 §2.5), in constant time: five 26-bit limbs whose
// products fit 64 bits (poly1305-donna's layout, RFC 8439 §3), carries
// propagated unconditionally, the final reduction chosen by a mask.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace edge_session {

constexpr std::size_t kPoly1305KeySize = 32;
constexpr std::size_t kPoly1305TagSize = 16;

class Poly1305 {
 public:
  // The one-time key: r (clamped here, §2.5) then s.
  explicit Poly1305(std::span<const std::uint8_t, kPoly1305KeySize> key);
  // Messages may arrive in pieces of any size; only whole 16-byte blocks
  // are absorbed before finish().
  void update(std::span<const std::uint8_t> data);
  std::array<std::uint8_t, kPoly1305TagSize> finish();

 private:
  void blocks(const std::uint8_t* data, std::size_t size, std::uint32_t hibit);

  std::array<std::uint32_t, 5> r_{};
  std::array<std::uint32_t, 5> h_{};
  std::array<std::uint32_t, 4> pad_{};
  std::array<std::uint8_t, 16> buffer_{};
  std::size_t buffered_ = 0;
};

std::array<std::uint8_t, kPoly1305TagSize> poly1305(
    std::span<const std::uint8_t, kPoly1305KeySize> key,
    std::span<const std::uint8_t> message);

}  // namespace edge_session
