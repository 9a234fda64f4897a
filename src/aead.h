// AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8) and AEAD_XCHACHA20_POLY1305
// (draft-irtf-cfrg-xchacha §2): the cookie sealing's cipher. The 24-byte
// nonce of the X variant is safe to pick at random (draft §3.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "chacha20.h"
#include "poly1305.h"

namespace edge_session {

constexpr std::size_t kAeadKeySize = 32;
constexpr std::size_t kAeadTagSize = kPoly1305TagSize;
constexpr std::size_t kXChaCha20NonceSize = 24;

using AeadKey = std::span<const std::uint8_t, kAeadKeySize>;
using AeadTag = std::span<std::uint8_t, kAeadTagSize>;
using AeadTagIn = std::span<const std::uint8_t, kAeadTagSize>;

// Encrypts `plaintext` into `ciphertext` (same size; may be the same bytes)
// and writes the tag over `ad` and the ciphertext.
void chacha20_poly1305_seal(
    AeadKey key, std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
    std::string_view ad, std::span<const std::uint8_t> plaintext,
    std::uint8_t* ciphertext, AeadTag tag);

// Checks the tag in constant time first; only then decrypts into
// `plaintext` (same size; may be the same bytes). false, with `plaintext`
// untouched, when the tag does not verify.
[[nodiscard]] bool chacha20_poly1305_open(
    AeadKey key, std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
    std::string_view ad, std::span<const std::uint8_t> ciphertext,
    AeadTagIn tag, std::uint8_t* plaintext);

// The same with a 24-byte nonce: HChaCha20 of the key and the nonce's first
// 16 bytes keys ChaCha20-Poly1305 with the nonce 0x00000000 || nonce[16..24]
// (draft-irtf-cfrg-xchacha §2.3).
void xchacha20_poly1305_seal(
    AeadKey key, std::span<const std::uint8_t, kXChaCha20NonceSize> nonce,
    std::string_view ad, std::span<const std::uint8_t> plaintext,
    std::uint8_t* ciphertext, AeadTag tag);

[[nodiscard]] bool xchacha20_poly1305_open(
    AeadKey key, std::span<const std::uint8_t, kXChaCha20NonceSize> nonce,
    std::string_view ad, std::span<const std::uint8_t> ciphertext,
    AeadTagIn tag, std::uint8_t* plaintext);

}  // namespace edge_session
