#include "base64.h"

#include <gtest/gtest.h>

#include <string>

namespace edge_session {
namespace {

TEST(Base64, EncodesRfc4648Section10Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, DecodesRfc4648Section10Vectors) {
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode("Zm9v"), "foo");
  EXPECT_EQ(base64_decode("Zm9vYg=="), "foob");
  EXPECT_EQ(base64_decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
}

TEST(Base64, EncodeWithoutPadDropsTrailingEquals) {
  EXPECT_EQ(base64_encode("f", false), "Zg");
  EXPECT_EQ(base64_encode("fo", false), "Zm8");
  EXPECT_EQ(base64_encode("foo", false), "Zm9v");
  EXPECT_EQ(base64_encode("hello", false), "aGVsbG8");
}

TEST(Base64, EncodeUsesStandardAlphabetPlusAndSlash) {
  EXPECT_EQ(base64_encode(std::string("\xfb\xff\xbf", 3)), "+/+/");
}

TEST(Base64, DecodeStripsAsciiWhitespace) {
  EXPECT_EQ(base64_decode(" Zm9v\tYm\nFy\r\f"), "foobar");
  EXPECT_EQ(base64_decode("Zm8 ="), "fo");
  EXPECT_EQ(base64_decode(" \t\n"), "");
}

TEST(Base64, DecodeRejectsVerticalTabWhichIsNotAsciiWhitespace) {
  EXPECT_EQ(base64_decode("Zm9v\v"), std::nullopt);
}

TEST(Base64, DecodeAcceptsMissingPadding) {
  EXPECT_EQ(base64_decode("Zg"), "f");
  EXPECT_EQ(base64_decode("Zm8"), "fo");
  EXPECT_EQ(base64_decode("Zm9vYg"), "foob");
}

TEST(Base64, DecodeRejectsIncorrectPadding) {
  EXPECT_EQ(base64_decode("ab="), std::nullopt);
  EXPECT_EQ(base64_decode("Zg="), std::nullopt);
  EXPECT_EQ(base64_decode("Zm8=="), std::nullopt);
  EXPECT_EQ(base64_decode("Zg==="), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9v===="), std::nullopt);
  EXPECT_EQ(base64_decode("Zg==Zg=="), std::nullopt);
  EXPECT_EQ(base64_decode("="), std::nullopt);
  EXPECT_EQ(base64_decode("=="), std::nullopt);
}

TEST(Base64, DecodeRejectsLengthOneModFour) {
  EXPECT_EQ(base64_decode("a"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9vY"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9vY==="), std::nullopt);
}

TEST(Base64, DecodeRejectsCharactersOutsideAlphabet) {
  EXPECT_EQ(base64_decode("%^&*"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9-"), std::nullopt);  // base64url is not atob's
  EXPECT_EQ(base64_decode("Zm9_"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9."), std::nullopt);
  EXPECT_EQ(base64_decode(std::string("Zm\0v", 4)), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9\xc3\xa9"), std::nullopt);
}

TEST(Base64, DecodeIgnoresUnusedLowBitsOfLastCharacter) {
  EXPECT_EQ(base64_decode("YR=="), base64_decode("YQ=="));
  EXPECT_EQ(base64_decode("YR=="), "a");
  EXPECT_EQ(base64_decode("YWJ="), "ab");
  EXPECT_EQ(base64_decode("YWL"), "ab");
}

TEST(Base64, RoundTripsAllByteValues) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t len = 0; len <= bytes.size(); ++len) {
    const std::string input = bytes.substr(0, len);
    EXPECT_EQ(base64_decode(base64_encode(input)), input) << len;
    EXPECT_EQ(base64_decode(base64_encode(input, false)), input) << len;
  }
}

}  // namespace
}  // namespace edge_session
