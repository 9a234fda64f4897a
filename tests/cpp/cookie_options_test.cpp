// Cookie options as a JS caller passes them (React Router's option names,
// reference/remix-sessions.md §3.1), applied over a cookie's attributes.
#include "cookie_options.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "cookie.h"

namespace edge_session {
namespace {

// The Set-Cookie a set of attributes produces: compares every field at once.
std::string Render(const CookieAttributes& attributes) {
  return serialize_set_cookie("n", "v", attributes);
}

CookieAttributes Apply(const std::string& options,
                       const CookieAttributes& base = {}) {
  Result<CookieAttributes> result = apply_cookie_options(base, options);
  EXPECT_TRUE(result.ok()) << options << ": " << result.status.message;
  return result.value;
}

void ExpectFailure(const std::string& options, ErrorCode code,
                   const std::string& option_name) {
  Result<CookieAttributes> result = apply_cookie_options({}, options);
  EXPECT_EQ(result.status.code, code) << options;
  EXPECT_NE(result.status.message.find(option_name), std::string::npos)
      << options << ": " << result.status.message;
}

CookieAttributes Everything() {
  CookieAttributes a;
  a.domain = "example.com";
  a.path = "/app";
  a.expires_ms = 0;
  a.max_age = 60;
  a.http_only = true;
  a.secure = true;
  a.same_site = SameSite::kStrict;
  a.partitioned = true;
  a.priority = Priority::kHigh;
  return a;
}

TEST(ApplyCookieOptions, EmptyObjectKeepsTheBase) {
  EXPECT_EQ(Render(Apply("{}", Everything())), Render(Everything()));
  EXPECT_EQ(Render(Apply("{}")), "n=v; Path=/; SameSite=Lax");
}

TEST(ApplyCookieOptions, AppliesEveryOption) {
  EXPECT_EQ(Render(Apply(R"({"domain":"example.com","path":"/app",)"
                         R"("expires":1893456000000,"maxAge":3600,)"
                         R"("httpOnly":true,"secure":true,"sameSite":"strict",)"
                         R"("partitioned":true,"priority":"high"})")),
            "n=v; Max-Age=3600; Domain=example.com; Path=/app; "
            "Expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; Secure; "
            "Partitioned; Priority=High; SameSite=Strict");
}

TEST(ApplyCookieOptions, EachOptionSetsItsAttribute) {
  EXPECT_EQ(Apply(R"({"domain":".example.com"})").domain, ".example.com");
  EXPECT_EQ(Apply(R"({"path":"/a b"})").path, "/a b");
  EXPECT_EQ(Apply(R"({"expires":-1})").expires_ms, -1);
  EXPECT_EQ(Apply(R"({"maxAge":0})").max_age, 0);
  EXPECT_EQ(Apply(R"({"maxAge":-5})").max_age, -5);
  EXPECT_TRUE(Apply(R"({"httpOnly":true})").http_only);
  EXPECT_TRUE(Apply(R"({"secure":true})").secure);
  EXPECT_TRUE(Apply(R"({"partitioned":true})").partitioned);
  EXPECT_FALSE(Apply(R"({"httpOnly":false})", Everything()).http_only);
  EXPECT_FALSE(Apply(R"({"secure":false})", Everything()).secure);
  EXPECT_FALSE(Apply(R"({"partitioned":false})", Everything()).partitioned);
}

TEST(ApplyCookieOptions, AcceptsIntegralFloats) {
  // JS numbers arrive as 3600 or 3600.0 depending on how they were computed.
  EXPECT_EQ(Apply(R"({"maxAge":3600.0})").max_age, 3600);
  EXPECT_EQ(Apply(R"({"expires":1.5e12})").expires_ms, 1500000000000);
}

TEST(ApplyCookieOptions, NullClearsEachAttribute) {
  const CookieAttributes cleared =
      Apply(R"({"domain":null,"path":null,"expires":null,"maxAge":null,)"
            R"("httpOnly":null,"secure":null,"sameSite":null,)"
            R"("partitioned":null,"priority":null})",
            Everything());
  EXPECT_EQ(Render(cleared), "n=v; Path=/; SameSite=Lax");
}

TEST(ApplyCookieOptions, LaterOptionsOverrideTheBaseOnly) {
  const CookieAttributes a = Apply(R"({"maxAge":5})", Everything());
  EXPECT_EQ(a.max_age, 5);
  EXPECT_EQ(a.domain, "example.com");
  EXPECT_EQ(a.priority, Priority::kHigh);
}

TEST(ApplyCookieOptions, SameSiteVariants) {
  EXPECT_EQ(Apply(R"({"sameSite":"Lax"})").same_site, SameSite::kLax);
  EXPECT_EQ(Apply(R"({"sameSite":"lax"})", Everything()).same_site,
            SameSite::kLax);
  EXPECT_EQ(Apply(R"({"sameSite":"Strict"})").same_site, SameSite::kStrict);
  EXPECT_EQ(Apply(R"({"sameSite":"NONE"})").same_site, SameSite::kNone);
  EXPECT_EQ(Apply(R"({"sameSite":"none"})").same_site, SameSite::kNone);
  // The npm cookie package: true is Strict; false falls back to Lax here.
  EXPECT_EQ(Apply(R"({"sameSite":true})").same_site, SameSite::kStrict);
  EXPECT_EQ(Apply(R"({"sameSite":false})", Everything()).same_site,
            SameSite::kLax);
}

TEST(ApplyCookieOptions, SameSiteNoneForcesSecure) {
  EXPECT_EQ(Render(Apply(R"({"sameSite":"None"})")),
            "n=v; Path=/; Secure; SameSite=None");
}

TEST(ApplyCookieOptions, PriorityVariants) {
  EXPECT_EQ(Apply(R"({"priority":"Low"})").priority, Priority::kLow);
  EXPECT_EQ(Apply(R"({"priority":"MEDIUM"})").priority, Priority::kMedium);
  EXPECT_EQ(Apply(R"({"priority":"high"})").priority, Priority::kHigh);
}

TEST(ApplyCookieOptions, RejectsInvalidSameSite) {
  ExpectFailure(R"({"sameSite":"lux"})", ErrorCode::kInvalidSameSite,
                "sameSite");
  ExpectFailure(R"({"sameSite":""})", ErrorCode::kInvalidSameSite, "sameSite");
  ExpectFailure(R"({"sameSite":1})", ErrorCode::kInvalidSameSite, "sameSite");
  ExpectFailure(R"({"sameSite":["lax"]})", ErrorCode::kInvalidSameSite,
                "sameSite");
}

TEST(ApplyCookieOptions, RejectsInvalidPriority) {
  ExpectFailure(R"({"priority":"urgent"})", ErrorCode::kInvalidPriority,
                "priority");
  ExpectFailure(R"({"priority":true})", ErrorCode::kInvalidPriority,
                "priority");
}

TEST(ApplyCookieOptions, RejectsNonIntegerMaxAge) {
  for (const char* options :
       {R"({"maxAge":3.5})", R"({"maxAge":"x"})", R"({"maxAge":"60"})",
        R"({"maxAge":1e300})", R"({"maxAge":-1e300})",
        R"({"maxAge":9223372036854775808})",
        R"({"maxAge":18446744073709551615})", R"({"maxAge":true})",
        R"({"maxAge":{}})"}) {
    ExpectFailure(options, ErrorCode::kInvalidMaxAge, "maxAge");
  }
}

TEST(ApplyCookieOptions, MaxAgeMessageShowsTheValue) {
  Result<CookieAttributes> result =
      apply_cookie_options({}, R"({"maxAge":3.5})");
  EXPECT_NE(result.status.message.find("3.5"), std::string::npos)
      << result.status.message;
}

TEST(ApplyCookieOptions, AcceptsTheInt64Extremes) {
  EXPECT_EQ(Apply(R"({"maxAge":9223372036854775807})").max_age,
            9223372036854775807);
  EXPECT_EQ(Apply(R"({"maxAge":-9223372036854775808})").max_age,
            std::numeric_limits<std::int64_t>::min());
}

TEST(ApplyCookieOptions, RejectsInvalidExpires) {
  for (const char* options :
       {R"({"expires":"2030-01-01"})", R"({"expires":1.5})",
        R"({"expires":1e300})", R"({"expires":true})",
        // Past year 9999 (validated with the other attributes).
        R"({"expires":253402300800000})", R"({"expires":-62135596800001})"}) {
    ExpectFailure(options, ErrorCode::kInvalidExpires, "expires");
  }
}

TEST(ApplyCookieOptions, RejectsInvalidDomain) {
  ExpectFailure(R"({"domain":5})", ErrorCode::kInvalidDomain, "domain");
  ExpectFailure(R"({"domain":"bad domain"})", ErrorCode::kInvalidDomain,
                "domain");
  ExpectFailure(R"({"domain":"a;b"})", ErrorCode::kInvalidDomain, "domain");
}

TEST(ApplyCookieOptions, RejectsInvalidPath) {
  ExpectFailure(R"({"path":5})", ErrorCode::kInvalidPath, "path");
  ExpectFailure(R"({"path":"/a;b"})", ErrorCode::kInvalidPath, "path");
  ExpectFailure(R"({"path":"/a\nb"})", ErrorCode::kInvalidPath, "path");
}

TEST(ApplyCookieOptions, RejectsNonBooleanFlags) {
  ExpectFailure(R"({"httpOnly":1})", ErrorCode::kInvalidOptions, "httpOnly");
  ExpectFailure(R"({"secure":"true"})", ErrorCode::kInvalidOptions, "secure");
  ExpectFailure(R"({"partitioned":[]})", ErrorCode::kInvalidOptions,
                "partitioned");
}

TEST(ApplyCookieOptions, RejectsNonObjects) {
  for (const char* options : {"", "null", "[]", "[{}]", "\"{}\"", "42", "true",
                              "{", "not json", "{\"a\":\"\xff\"}"}) {
    Result<CookieAttributes> result = apply_cookie_options({}, options);
    EXPECT_EQ(result.status.code, ErrorCode::kInvalidOptions) << options;
    EXPECT_FALSE(result.status.message.empty());
  }
}

// Issue 11: a typo (httponly) was dropped silently, leaving the cookie
// without the attribute the app asked for.
TEST(ApplyCookieOptions, TypoedOptionNameWasDroppedSilently) {
  for (const char* options : {R"({"httponly":true})", R"({"MaxAge":60})",
                              R"({"encode":null})", R"({"secrets":["x"]})"}) {
    Result<CookieAttributes> result =
        apply_cookie_options(Everything(), options);
    EXPECT_EQ(result.status.code, ErrorCode::kInvalidOptions) << options;
  }
  Result<CookieAttributes> typo =
      apply_cookie_options(CookieAttributes{}, R"({"httponly":true})");
  EXPECT_NE(typo.status.message.find("\"httponly\""), std::string::npos)
      << typo.status.message;
}

// RFC 6265bis 4.1.3: browsers drop these cookies silently.
TEST(ValidatePrefixRules, HostAndSecurePrefixesNeedTheirAttributes) {
  CookieAttributes secure;
  secure.secure = true;
  EXPECT_TRUE(validate_prefix_rules("__Host-s", secure).ok());
  EXPECT_TRUE(validate_prefix_rules("__Secure-s", secure).ok());
  EXPECT_TRUE(validate_prefix_rules("plain", CookieAttributes{}).ok());
  EXPECT_EQ(validate_prefix_rules("__Secure-s", CookieAttributes{}).code,
            ErrorCode::kInvalidPrefix);
  EXPECT_EQ(validate_prefix_rules("__Host-s", CookieAttributes{}).code,
            ErrorCode::kInvalidPrefix);
  CookieAttributes with_domain = secure;
  with_domain.domain = "example.com";
  Status domain = validate_prefix_rules("__Host-s", with_domain);
  EXPECT_EQ(domain.code, ErrorCode::kInvalidPrefix);
  EXPECT_NE(domain.message.find("domain"), std::string::npos);
  CookieAttributes with_path = secure;
  with_path.path = "/app";
  Status path = validate_prefix_rules("__Host-s", with_path);
  EXPECT_EQ(path.code, ErrorCode::kInvalidPrefix);
  EXPECT_NE(path.message.find("path"), std::string::npos);
}

// RFC 6265bis matches the prefixes in any case, as browsers now do: a
// "__host-" cookie without Secure was accepted here and dropped there.
TEST(ValidatePrefixRules, PrefixesMatchInAnyCase) {
  for (const char* name :
       {"__host-s", "__HOST-s", "__secure-s", "__SeCuRe-s"}) {
    EXPECT_EQ(validate_prefix_rules(name, CookieAttributes{}).code,
              ErrorCode::kInvalidPrefix)
        << name;
  }
  CookieAttributes secure;
  secure.secure = true;
  EXPECT_TRUE(validate_prefix_rules("__host-s", secure).ok());
  EXPECT_TRUE(validate_prefix_rules("__Hos", CookieAttributes{}).ok());
}

TEST(ApplyCookieOptions, FailureLeavesNoPartialResult) {
  Result<CookieAttributes> result =
      apply_cookie_options(Everything(), R"({"maxAge":7,"sameSite":"bad"})");
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(Render(result.value), "n=v; Path=/; SameSite=Lax");
}

// RFC 6265bis 4.1.3: the prefixes are "__Secure-" and "__Host-", dash
// included; a name that only starts like one has no rules. Mutation pass
// (s52): "__Secure" without the dash refused "__SecureToken" unless secure.
TEST(ValidatePrefixRules, NamesWithoutThePrefixDashAreNotPrefixed) {
  for (const char* name : {"__Secure", "__SecureToken", "__Host", "__HostX",
                           "__Secure_s", "__Host_s"}) {
    EXPECT_TRUE(validate_prefix_rules(name, CookieAttributes{}).ok()) << name;
  }
}

// 2^63 written as a float is past int64 as its integer spelling is (-2^63
// is INT64_MIN, taken).
// Mutation pass (s52): the float bound made inclusive went unnoticed (only
// 9223372036854775808, an unsigned integer, was tried).
TEST(ApplyCookieOptions, RejectsTwoToTheSixtyThreeAsAFloat) {
  ExpectFailure(R"({"maxAge":9.223372036854775808e18})",
                ErrorCode::kInvalidMaxAge, "maxAge");
  ExpectFailure(R"({"expires":9.223372036854775808e18})",
                ErrorCode::kInvalidExpires, "expires");
}

}  // namespace
}  // namespace edge_session
