#include "aead.h"

#include <array>

#include "hmac_sha256.h"

namespace edge_session {
namespace {

std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// §2.8: Poly1305 keyed by block 0 over
// ad || pad16 || ciphertext || pad16 || le64(|ad|) || le64(|ciphertext|).
std::array<std::uint8_t, kAeadTagSize> compute_tag(
    AeadKey key, std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
    std::string_view ad, std::span<const std::uint8_t> ciphertext) {
  // §2.6: the one-time key is the first 32 bytes of block 0.
  std::array<std::uint8_t, kChaCha20BlockSize> block{};
  chacha20_block(key, 0, nonce, block);
  Poly1305 mac(
      std::span<const std::uint8_t, kPoly1305KeySize>(block.data(), 32));
  static constexpr std::array<std::uint8_t, 16> kZeros{};
  mac.update(bytes_of(ad));
  mac.update(std::span(kZeros).first((16 - ad.size() % 16) % 16));
  mac.update(ciphertext);
  mac.update(std::span(kZeros).first((16 - ciphertext.size() % 16) % 16));
  std::array<std::uint8_t, 16> lengths{};
  for (std::size_t i = 0; i < 8; ++i) {
    lengths[i] = static_cast<std::uint8_t>(
        static_cast<std::uint64_t>(ad.size()) >> (8 * i));
    lengths[8 + i] = static_cast<std::uint8_t>(
        static_cast<std::uint64_t>(ciphertext.size()) >> (8 * i));
  }
  mac.update(lengths);
  return mac.finish();
}

struct XSetup {
  std::array<std::uint8_t, kAeadKeySize> subkey{};
  std::array<std::uint8_t, kChaCha20NonceSize> nonce{};
};

// draft-irtf-cfrg-xchacha §2.3.
XSetup xsetup(AeadKey key,
              std::span<const std::uint8_t, kXChaCha20NonceSize> nonce) {
  XSetup setup;
  hchacha20(key, nonce.first<kHChaCha20NonceSize>(), setup.subkey);
  for (std::size_t i = 0; i < 8; ++i) setup.nonce[4 + i] = nonce[16 + i];
  return setup;
}

}  // namespace

void chacha20_poly1305_seal(
    AeadKey key, std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
    std::string_view ad, std::span<const std::uint8_t> plaintext,
    std::uint8_t* ciphertext, AeadTag tag) {
  // §2.8: the message is encrypted from block 1 on.
  chacha20_xor(key, 1, nonce, plaintext, ciphertext);
  const auto computed =
      compute_tag(key, nonce, ad, {ciphertext, plaintext.size()});
  for (std::size_t i = 0; i < kAeadTagSize; ++i) tag[i] = computed[i];
}

bool chacha20_poly1305_open(
    AeadKey key, std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
    std::string_view ad, std::span<const std::uint8_t> ciphertext,
    AeadTagIn tag, std::uint8_t* plaintext) {
  const auto expected = compute_tag(key, nonce, ad, ciphertext);
  // §4: a constant-time comparison, so timing tells nothing of the tag.
  if (!constant_time_equal(
          {reinterpret_cast<const char*>(expected.data()), expected.size()},
          {reinterpret_cast<const char*>(tag.data()), tag.size()})) {
    return false;
  }
  chacha20_xor(key, 1, nonce, ciphertext, plaintext);
  return true;
}

void xchacha20_poly1305_seal(
    AeadKey key, std::span<const std::uint8_t, kXChaCha20NonceSize> nonce,
    std::string_view ad, std::span<const std::uint8_t> plaintext,
    std::uint8_t* ciphertext, AeadTag tag) {
  const XSetup setup = xsetup(key, nonce);
  chacha20_poly1305_seal(setup.subkey, setup.nonce, ad, plaintext, ciphertext,
                         tag);
}

bool xchacha20_poly1305_open(
    AeadKey key, std::span<const std::uint8_t, kXChaCha20NonceSize> nonce,
    std::string_view ad, std::span<const std::uint8_t> ciphertext,
    AeadTagIn tag, std::uint8_t* plaintext) {
  const XSetup setup = xsetup(key, nonce);
  return chacha20_poly1305_open(setup.subkey, setup.nonce, ad, ciphertext, tag,
                                plaintext);
}

}  // namespace edge_session
