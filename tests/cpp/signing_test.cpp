#include "signing.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base64.h"
#include "hmac_sha256.h"

namespace edge_session {
namespace {

// Real bytes from @remix-run/cookie (reference/remix-sessions.md §2.2).
constexpr const char* kHelloSigned =
    "aGVsbG8=.3UDRBr/J1N00KqKEbbW+O95uJz+Nq2kWC9XanqhM2M4";

TEST(Sign, MatchesRemixBytesForHello) {
  EXPECT_EQ(sign("aGVsbG8=", "s3cr3t"), kHelloSigned);
}

TEST(Sign, MatchesRemixBytesWithRotatedSecret) {
  EXPECT_EQ(sign("aGVsbG8=", "new"),
            "aGVsbG8=.Kq9FCzw0TU4bD4y8+gYF2VhQLBNsflJQ8E0PXOPkXR4");
}

TEST(Sign, MatchesReactRouterFlashExample) {
  const std::string value =
      "eyJ1c2VySWQiOiJtaiIsIl9fZmxhc2hfbWVzc2FnZV9fIjoib2sifQ==";
  EXPECT_EQ(sign(value, "s3cr3t"),
            value + ".Xsdv/CFpOcGi1w0FnuP/cpIIBlJY9yEMPjD+n+ed4Zk");
}

TEST(Sign, SignatureIsAlways43UnpaddedCharacters) {
  for (const char* value : {"", "a", "aGVsbG8=", "x.y"}) {
    const std::string signed_value = sign(value, "s3cr3t");
    const std::string signature =
        signed_value.substr(signed_value.rfind('.') + 1);
    EXPECT_EQ(signature.size(), 43u) << value;
    EXPECT_EQ(signature.find('='), std::string::npos) << value;
  }
}

TEST(Unsign, VerifiesRemixSignedValue) {
  const auto result = unsign(kHelloSigned, {"s3cr3t"});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->value, "aGVsbG8=");
  EXPECT_EQ(result->secret_index, 0u);
}

TEST(Unsign, RoundTripsSign) {
  const auto result = unsign(sign("eyJhIjoxfQ==", "k"), {"k"});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->value, "eyJhIjoxfQ==");
}

TEST(Unsign, ReportsIndexOfRetiredSecretThatVerified) {
  const auto result = unsign(kHelloSigned, {"new", "s3cr3t"});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->value, "aGVsbG8=");
  EXPECT_EQ(result->secret_index, 1u);
}

TEST(Unsign, FirstMatchingSecretWins) {
  const auto result = unsign(kHelloSigned, {"s3cr3t", "s3cr3t"});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->secret_index, 0u);
}

TEST(Unsign, RejectsTamperedValue) {
  EXPECT_EQ(unsign("aGVsbG9=.3UDRBr/J1N00KqKEbbW+O95uJz+Nq2kWC9XanqhM2M4",
                   {"s3cr3t"}),
            std::nullopt);
  EXPECT_EQ(
      unsign("aGVsbG8.3UDRBr/J1N00KqKEbbW+O95uJz+Nq2kWC9XanqhM2M4", {"s3cr3t"}),
      std::nullopt);
}

TEST(Unsign, RejectsTamperedSignature) {
  EXPECT_EQ(unsign("aGVsbG8=.3UDRBr/J1N00KqKEbbW+O95uJz+Nq2kWC9XanqhM2M5A",
                   {"s3cr3t"}),
            std::nullopt);
  EXPECT_EQ(unsign("aGVsbG8=.4UDRBr/J1N00KqKEbbW+O95uJz+Nq2kWC9XanqhM2M4",
                   {"s3cr3t"}),
            std::nullopt);
  EXPECT_EQ(unsign("aGVsbG8=.AAAA", {"s3cr3t"}), std::nullopt);
}

TEST(Unsign, RejectsWrongSecret) {
  EXPECT_EQ(unsign(kHelloSigned, {"other"}), std::nullopt);
}

TEST(Unsign, RejectsValueWithoutDot) {
  EXPECT_EQ(unsign("aGVsbG8=", {"s3cr3t"}), std::nullopt);
  EXPECT_EQ(unsign("", {"s3cr3t"}), std::nullopt);
}

TEST(Unsign, RejectsNonBase64Signature) {
  EXPECT_EQ(unsign("aGVsbG8=.%^&", {"s3cr3t"}), std::nullopt);
  EXPECT_EQ(unsign("aGVsbG8=.3UDRBr-J1N00KqKEbbW-O95uJz-Nq2kWC9XanqhM2M4",
                   {"s3cr3t"}),
            std::nullopt);
}

TEST(Unsign, RejectsTruncatedSignature) {
  EXPECT_EQ(
      unsign("aGVsbG8=.3UDRBr/J1N00KqKEbbW+O95uJz+Nq2kWC9XanqhM2M", {"s3cr3t"}),
      std::nullopt);
  EXPECT_EQ(
      unsign("aGVsbG8=.3UDRBr/J1N00KqKEbbW+O95uJz+Nq2kWC9XanqhM2", {"s3cr3t"}),
      std::nullopt);
  EXPECT_EQ(unsign("aGVsbG8=.", {"s3cr3t"}), std::nullopt);
}

// README (signed cookie format): verification compares the whole HMAC in
// constant time. Each of the signature's 32 bytes counts: one bit changed in
// any of them, the signature re-encoded as Remix writes it, is refused.
// Mutation pass (s47): the comparison skipping byte 20, or bytes 8 to 30, of
// the MAC went unnoticed (the tampered signatures tried changed its first
// character, its last one, or its length).
TEST(Unsign, RefusesASignatureWithAnyOneOfItsBytesChanged) {
  const std::string signed_value = kHelloSigned;
  const std::string value = signed_value.substr(0, signed_value.rfind('.'));
  const Digest mac = hmac_sha256("s3cr3t", value);
  ASSERT_TRUE(unsign(signed_value, {"s3cr3t"}).has_value());
  for (std::size_t bit = 0; bit < 8 * mac.size(); ++bit) {
    Digest changed = mac;
    changed[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    const std::string forged =
        value + "." +
        base64_encode(
            {reinterpret_cast<const char*>(changed.data()), changed.size()},
            /*pad=*/false);
    EXPECT_EQ(unsign(forged, {"s3cr3t"}), std::nullopt) << "bit " << bit;
    EXPECT_EQ(unsign(forged, {"new", "s3cr3t"}), std::nullopt) << "bit " << bit;
  }
}

TEST(Unsign, AcceptsPaddedSignatureLikeAtob) {
  const auto result = unsign(
      "aGVsbG8=.3UDRBr/J1N00KqKEbbW+O95uJz+Nq2kWC9XanqhM2M4=", {"s3cr3t"});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->value, "aGVsbG8=");
}

TEST(Unsign, AcceptsUnusedLowBitsInLastCharacterLikeAtob) {
  // Reference §2.5: M2M4..M2M7 all verify in Remix.
  for (const char last : {'4', '5', '6', '7'}) {
    std::string signed_value = kHelloSigned;
    signed_value.back() = last;
    EXPECT_TRUE(unsign(signed_value, {"s3cr3t"}).has_value()) << last;
  }
  std::string signed_value = kHelloSigned;
  signed_value.back() = '8';
  EXPECT_EQ(unsign(signed_value, {"s3cr3t"}), std::nullopt);
}

TEST(Unsign, EmptySecretListVerifiesNothing) {
  EXPECT_EQ(unsign(kHelloSigned, {}), std::nullopt);
}

TEST(Unsign, EmptySecretDoesNotCrash) {
  EXPECT_EQ(unsign(kHelloSigned, {""}), std::nullopt);
  const auto result = unsign(sign("aGVsbG8=", ""), {""});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->value, "aGVsbG8=");
}

TEST(Unsign, SplitsAtLastDotSoValuesMayContainDots) {
  const std::string signed_value = sign("a.b.c", "s3cr3t");
  EXPECT_EQ(signed_value, "a.b.c.baEeT61peFSYWSpap0uKzrFHPPSPEbh/k5ymAUuVnGA");
  const auto result = unsign(signed_value, {"s3cr3t"});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->value, "a.b.c");
}

TEST(AppendSignature, SignsAViewOfTheStringItAppendsTo) {
  std::string out = "name=aGVsbG8=";
  append_signature(out, std::string_view(out).substr(5),
                   HmacSha256Key("s3cr3t"));
  EXPECT_EQ(out, std::string("name=") + kHelloSigned);
}

TEST(UnsignView, GivesAViewOfTheValueAndTheSecretIndex) {
  const std::string signed_value = kHelloSigned;
  const std::vector<HmacSha256Key> keys = {HmacSha256Key("new"),
                                           HmacSha256Key("s3cr3t")};
  const std::optional<UnsignedView> verified = unsign_view(signed_value, keys);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(verified->value, "aGVsbG8=");
  EXPECT_EQ(verified->value.data(), signed_value.data());
  EXPECT_EQ(verified->secret_index, 1u);
  EXPECT_FALSE(unsign_view(signed_value, {HmacSha256Key("x")}).has_value());
}

}  // namespace
}  // namespace edge_session
