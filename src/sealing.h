// Sealed cookie values: XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha) under a
// key derived from each secret with HKDF-SHA256 (RFC 5869), the cookie's
// name as associated data. Nobody without a secret can read or change the
// value, nor move it to a cookie of another name.
//
// Value (v1): base64url without padding (RFC 4648 §5) of
//   0x01 (version) || nonce (24 random bytes) || ciphertext || tag (16)
// Key: HKDF-SHA256(IKM = the secret's UTF-8 bytes, salt = kSealSalt,
//   info = kSealInfo, L = 32). Signing keys HMAC with the raw secret (as
//   Remix does), so the same bytes never key both the MAC and the cipher.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edge_session {

inline constexpr std::string_view kSealSalt = "edge-session";
inline constexpr std::string_view kSealInfo = "edge-session v1 cookie seal";
inline constexpr std::uint8_t kSealVersion = 1;
inline constexpr std::size_t kSealNonceSize = 24;

using SealNonce = std::span<const std::uint8_t, kSealNonceSize>;

// What a cookie's value is: signed (Remix's format), sealed, or sealed while
// still reading signed values once, which the next commit re-seals (the
// migration from signed cookies).
enum class CookieSealing { kSigned, kSealed, kSealedReadsSigned };

// One secret's AEAD key, derived once (a cookie keeps one per secret).
class SealingKey {
 public:
  explicit SealingKey(std::string_view secret);
  const std::array<std::uint8_t, 32>& bytes() const { return key_; }

 private:
  std::array<std::uint8_t, 32> key_{};
};

// The length of the sealed text of `size` bytes of plaintext.
std::size_t sealed_size(std::size_t size);

// Appends the sealed text of `plaintext` to `out`. The nonce must be fresh
// random bytes (draft-irtf-cfrg-xchacha §3.1: 192 bits make random nonces
// safe); `plaintext` must not be a view of `out`.
void append_sealed(std::string& out, std::string_view plaintext,
                   std::string_view name, const SealingKey& key,
                   SealNonce nonce);

// Opens `sealed` with each key in turn (rotation: [0] seals, all open),
// writing the plaintext over `plaintext` and the index of the key that
// opened it in `key_index`. false for anything else: not base64url, another
// version, too short, or no key verifies the tag.
bool open_sealed(std::string_view sealed, std::string_view name,
                 const std::vector<SealingKey>& keys, std::string& plaintext,
                 std::size_t& key_index);

}  // namespace edge_session
