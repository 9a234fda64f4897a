#include "hkdf_sha256.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "test_bytes.h"

namespace edge_session {
namespace {

using test::hex;
using test::unhex;

std::string text_of(const std::vector<std::uint8_t>& bytes) {
  return {bytes.begin(), bytes.end()};
}

std::string range(int first, int last) {
  std::string out;
  for (int c = first; c <= last; ++c) out.push_back(static_cast<char>(c));
  return out;
}

std::string okm_hex(const std::optional<std::string>& okm) {
  if (!okm) return "nullopt";
  return hex({reinterpret_cast<const std::uint8_t*>(okm->data()), okm->size()});
}

TEST(HkdfSha256, MatchesRfc5869A1) {
  const std::string ikm(22, '\x0b');
  const std::string salt = text_of(unhex("000102030405060708090a0b0c"));
  const std::string info = text_of(unhex("f0f1f2f3f4f5f6f7f8f9"));
  EXPECT_EQ(hex(hkdf_sha256_extract(salt, ikm)),
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
  EXPECT_EQ(okm_hex(hkdf_sha256(ikm, salt, info, 42)),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
            "34007208d5b887185865");
}

TEST(HkdfSha256, MatchesRfc5869A2LongInputs) {
  const std::string ikm = range(0x00, 0x4f);
  const std::string salt = range(0x60, 0xaf);
  const std::string info = range(0xb0, 0xff);
  EXPECT_EQ(hex(hkdf_sha256_extract(salt, ikm)),
            "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244");
  EXPECT_EQ(okm_hex(hkdf_sha256(ikm, salt, info, 82)),
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
            "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
            "cc30c58179ec3e87c14c01d5c1f3434f1d87");
}

TEST(HkdfSha256, MatchesRfc5869A3EmptySaltAndInfo) {
  const std::string ikm(22, '\x0b');
  EXPECT_EQ(hex(hkdf_sha256_extract("", ikm)),
            "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
  EXPECT_EQ(okm_hex(hkdf_sha256(ikm, "", "", 42)),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
            "9d201395faa4b61a96c8");
}

TEST(HkdfSha256, RefusesMoreThan255Blocks) {
  EXPECT_TRUE(hkdf_sha256("k", "", "", 255 * 32).has_value());
  EXPECT_FALSE(hkdf_sha256("k", "", "", 255 * 32 + 1).has_value());
}

TEST(HkdfSha256, DifferentInfoGivesUnrelatedKeys) {
  EXPECT_NE(hkdf_sha256("secret", "", "a", 32),
            hkdf_sha256("secret", "", "b", 32));
}

}  // namespace
}  // namespace edge_session
