// ChaCha20 (RFC 8439 §2.3, §2.4) and HChaCha20 (draft-irtf-cfrg-xchacha
// §2.2): additions, XORs and fixed rotations only, so the time taken never
// depends on the key or the data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace edge_session {

constexpr std::size_t kChaCha20KeySize = 32;
constexpr std::size_t kChaCha20NonceSize = 12;
constexpr std::size_t kChaCha20BlockSize = 64;
constexpr std::size_t kHChaCha20NonceSize = 16;

using ChaCha20Key = std::span<const std::uint8_t, kChaCha20KeySize>;

// §2.3: the 64-byte serialized block for `counter`.
void chacha20_block(ChaCha20Key key, std::uint32_t counter,
                    std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
                    std::span<std::uint8_t, kChaCha20BlockSize> out);

// §2.4: `out` = `in` XOR the keystream from block `counter` on. `in` and
// `out` have the same size and may be the same bytes.
void chacha20_xor(ChaCha20Key key, std::uint32_t counter,
                  std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
                  std::span<const std::uint8_t> in, std::uint8_t* out);

// draft-irtf-cfrg-xchacha §2.2: the 32-byte subkey for the first 16 bytes of
// an XChaCha20 nonce (the rounds without the final addition, words 0-3 and
// 12-15).
void hchacha20(ChaCha20Key key,
               std::span<const std::uint8_t, kHChaCha20NonceSize> nonce,
               std::span<std::uint8_t, kChaCha20KeySize> out);

}  // namespace edge_session
