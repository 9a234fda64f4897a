#include "sealing.h"

#include <optional>

#include "aead.h"
#include "base64url.h"
#include "hkdf_sha256.h"

namespace edge_session {
namespace {

constexpr std::size_t kHeaderSize = 1 + kSealNonceSize;

const std::uint8_t* bytes_of(std::string_view text) {
  return reinterpret_cast<const std::uint8_t*>(text.data());
}

}  // namespace

SealingKey::SealingKey(std::string_view secret) {
  // 32 bytes never exceed HKDF's 255 * 32, so expand always succeeds.
  const std::optional<std::string> okm =
      hkdf_sha256(secret, kSealSalt, kSealInfo, key_.size());
  if (okm) {
    for (std::size_t i = 0; i < key_.size(); ++i) {
      key_[i] = static_cast<std::uint8_t>((*okm)[i]);
    }
  }
}

std::size_t sealed_size(std::size_t size) {
  return base64url_encoded_size(kHeaderSize + size + kAeadTagSize);
}

void append_sealed(std::string& out, std::string_view plaintext,
                   std::string_view name, const SealingKey& key,
                   SealNonce nonce) {
  // The binary form in a buffer reused per thread, then encoded onto `out`.
  thread_local std::string binary;
  binary.resize(kHeaderSize + plaintext.size() + kAeadTagSize);
  auto* data = reinterpret_cast<std::uint8_t*>(binary.data());
  data[0] = kSealVersion;
  for (std::size_t i = 0; i < kSealNonceSize; ++i) data[1 + i] = nonce[i];
  xchacha20_poly1305_seal(
      key.bytes(), nonce, name, {bytes_of(plaintext), plaintext.size()},
      data + kHeaderSize,
      AeadTag(data + kHeaderSize + plaintext.size(), kAeadTagSize));
  append_base64url(out, {data, binary.size()});
}

bool open_sealed(std::string_view sealed, std::string_view name,
                 const std::vector<SealingKey>& keys, std::string& plaintext,
                 std::size_t& key_index) {
  thread_local std::string binary;
  binary.clear();
  if (!append_base64url_decoded(binary, sealed)) return false;
  if (binary.size() < kHeaderSize + kAeadTagSize) return false;
  const auto* data = reinterpret_cast<const std::uint8_t*>(binary.data());
  // The version and the nonce are not secret: checking them first is safe.
  if (data[0] != kSealVersion) return false;
  const SealNonce nonce(data + 1, kSealNonceSize);
  const std::size_t size = binary.size() - kHeaderSize - kAeadTagSize;
  const std::span<const std::uint8_t> ciphertext(data + kHeaderSize, size);
  const AeadTagIn tag(data + kHeaderSize + size, kAeadTagSize);
  plaintext.resize(size);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (xchacha20_poly1305_open(
            keys[i].bytes(), nonce, name, ciphertext, tag,
            reinterpret_cast<std::uint8_t*>(plaintext.data()))) {
      key_index = i;
      return true;
    }
  }
  plaintext.clear();
  return false;
}

}  // namespace edge_session
