// The times that let the server end sessions (issue 11): parsed strictly,
// checked against the policy, stamped at commit, carried by both formats.
#include "session_times.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>

#include "codec.h"
#include "session_cookie.h"

namespace edge_session {
namespace {

TEST(ParseSessionTimes, ReadsThreeNonNegativeIntegers) {
  auto times = parse_session_times("[1700000000,1700000100,0]");
  ASSERT_TRUE(times.has_value());
  EXPECT_EQ(times->created, 1700000000);
  EXPECT_EQ(times->touched, 1700000100);
  EXPECT_EQ(times->expires, 0);
}

// Bad, missing, huge and negative timestamps are bad input.
TEST(ParseSessionTimes, RefusesBadMissingHugeAndNegativeTimes) {
  for (const char* text :
       {"", "[]", "[1,2]", "[1,2,3,4,5]", "[1,2,3,0]", "[1,2,3,-4]",
        "[1,2,3,4.5]", "[1,2,3,9007199254740993]", "[1,2,-3]", "[-1,2,3]",
        "[1.5,2,3]", "[1,2,\"3\"]", "[1,2,null]", "{\"c\":1}",
        "[9007199254740993,2,3]", "[1,2,18446744073709551615]", "[1,2,1e300]",
        "[1,2,3"}) {
    EXPECT_FALSE(parse_session_times(text).has_value()) << text;
  }
  EXPECT_TRUE(parse_session_times("[9007199254740992,1,0]").has_value());
}

// The plain form our commits write is read without a tree; any other
// spelling of the same array goes through nlohmann and means the same.
TEST(ParseSessionTimes, PlainAndJsonSpellingsAgree) {
  const auto plain = parse_session_times("[1700000000,1700000100,5]");
  const auto spaced = parse_session_times(" [ 1700000000 , 1700000100 , 5 ] ");
  ASSERT_TRUE(plain && spaced);
  EXPECT_EQ(plain->created, spaced->created);
  EXPECT_EQ(plain->touched, spaced->touched);
  EXPECT_EQ(plain->expires, spaced->expires);
  EXPECT_FALSE(parse_session_times("[01,2,3]"));
  EXPECT_FALSE(parse_session_times("[1,2,3]x"));
  EXPECT_FALSE(parse_session_times("[1,,3]"));
  EXPECT_FALSE(parse_session_times("[12345678901234567,2,3]"));
}

// Issue 14: a fourth element, the sign-in time in milliseconds, written only
// when there is one.
TEST(ParseSessionTimes, ReadsAndWritesTheSignInTime) {
  const auto times =
      parse_session_times("[1700000000,1700000100,0,1700000000123]");
  ASSERT_TRUE(times.has_value());
  EXPECT_EQ(times->signed_in_ms, 1700000000123);
  const auto spaced =
      parse_session_times("[ 1700000000, 1700000100, 0, 1700000000123 ]");
  ASSERT_TRUE(spaced.has_value());
  EXPECT_EQ(spaced->signed_in_ms, 1700000000123);
  std::string out;
  append_session_times(out, *times);
  EXPECT_EQ(out, "[1700000000,1700000100,0,1700000000123]");
  out.clear();
  append_session_times(out, SessionTimes{1, 2, 3});
  EXPECT_EQ(out, "[1,2,3]");
  EXPECT_EQ(stamp_times(*times, 1700000200, 5).signed_in_ms, 1700000000123);
}

TEST(CheckLifetime, ExpiryIdleAndAbsoluteTimeouts) {
  const SessionTimes times{1000, 1500, 2000, 0, true};
  SessionPolicy none;
  EXPECT_EQ(check_lifetime(times, 1999, none), Lifetime::kLive);
  EXPECT_EQ(check_lifetime(times, 2000, none), Lifetime::kExpired);

  SessionPolicy idle{100, 0, 25};
  EXPECT_EQ(check_lifetime(times, 1510, idle), Lifetime::kLive);
  EXPECT_EQ(check_lifetime(times, 1525, idle), Lifetime::kNeedsRenewal);
  EXPECT_EQ(check_lifetime(times, 1599, idle), Lifetime::kNeedsRenewal);
  EXPECT_EQ(check_lifetime(times, 1600, idle), Lifetime::kExpired);

  SessionPolicy absolute{0, 300, 0};
  EXPECT_EQ(check_lifetime(times, 1299, absolute), Lifetime::kLive);
  EXPECT_EQ(check_lifetime(times, 1300, absolute), Lifetime::kExpired);
  // A clock behind the session's own times (skew) does not end it.
  EXPECT_EQ(check_lifetime(times, 900, idle), Lifetime::kLive);
}

// Regression: times were whole seconds rounded down. A limit passed once the
// difference reached it ended a session up to a second early (maxAge: 1
// ended one read 0.2 s later); passed once it exceeded it, up to a second
// late (audit of issue 3: maxAge: 1 served 1.5 s later). Milliseconds: a
// limit ends a session at its millisecond, wherever in a second it began.
TEST(CheckLifetime, EndsAtItsLimitsMillisecond) {
  const std::int64_t limit = 2000;
  for (std::int64_t w = 10'000; w < 11'000; w += 100) {
    for (std::int64_t r = w; r < w + 5'000; r += 50) {
      const SessionTimes times{w, w, w + limit, 0, true};
      const bool expired[] = {
          check_lifetime(times, r, {}) == Lifetime::kExpired,
          check_lifetime(times, r, {limit, 0, 1}) == Lifetime::kExpired,
          check_lifetime(times, r, {0, limit, 0}) == Lifetime::kExpired};
      for (const bool e : expired)
        EXPECT_EQ(e, r - w >= limit) << w << " " << r;
    }
  }
}

TEST(CheckLifetime, SessionsWrittenWithoutTimesStayReadable) {
  // React Router's and Remix v3's cookies, or ours before a policy: live,
  // and due for the write that gives them times when the policy needs them.
  EXPECT_EQ(check_lifetime(SessionTimes{}, 5000, SessionPolicy{}),
            Lifetime::kLive);
  EXPECT_EQ(check_lifetime(SessionTimes{}, 5000, SessionPolicy{60, 0, 15}),
            Lifetime::kNeedsRenewal);
}

// Regression: a clock in the epoch's first second (node:test's mock timers
// start at 0) stamped created = 0, which meant "no times": the session never
// expired. Stamping second 1 instead made every limit a second late there
// (idleTimeout: 1 still served two seconds later). Time 0 is a time.
TEST(StampTimes, AClockAtTheEpochStampsTimeZero) {
  const SessionTimes stamped = stamp_times(SessionTimes{}, 0, 1000);
  EXPECT_TRUE(stamped.known());
  EXPECT_EQ(stamped.created, 0);
  EXPECT_EQ(stamped.touched, 0);
  EXPECT_EQ(check_lifetime(stamped, 999, {}), Lifetime::kLive);
  EXPECT_EQ(check_lifetime(stamped, 1000, {}), Lifetime::kExpired);
  const SessionTimes idle = stamp_times(SessionTimes{}, 0, 0);
  EXPECT_EQ(check_lifetime(idle, 1000, {1000, 0, 0}), Lifetime::kExpired);
  EXPECT_EQ(check_lifetime(idle, 1000, {0, 1000, 0}), Lifetime::kExpired);
  std::string out;
  append_session_times(out, idle);
  EXPECT_EQ(out, "[0,0,0]");
  const std::optional<SessionTimes> read = parse_session_times(out);
  ASSERT_TRUE(read.has_value());
  EXPECT_TRUE(read->known());
  EXPECT_EQ(check_lifetime(*read, 1000, {1000, 0, 0}), Lifetime::kExpired);
}

TEST(StampTimes, KeepsCreatedAndMovesTouched) {
  EXPECT_EQ(stamp_times(SessionTimes{}, 100, 0).created, 100);
  const SessionTimes stamped =
      stamp_times(SessionTimes{50, 60, 70, 0, true}, 100, 200);
  EXPECT_EQ(stamped.created, 50);
  EXPECT_EQ(stamped.touched, 100);
  EXPECT_EQ(stamped.expires, 200);
}

TEST(TimesForCommit, FromMaxAgeOrExpiresOnlyWhenNeeded) {
  Session session;
  CookieAttributes plain;
  EXPECT_FALSE(times_for_commit(session, plain, 100'000, {}).known());
  CookieAttributes max_age;
  max_age.max_age = 60;
  EXPECT_EQ(times_for_commit(session, max_age, 100'250, {}).expires, 160'250);
  CookieAttributes expires;
  expires.expires_ms = 200'500;  // served until that very millisecond
  EXPECT_EQ(times_for_commit(session, expires, 100'000, {}).expires, 200'500);
  // Both (a commit's expires beside the cookie's maxAge): the earlier.
  // Regression (audit): Max-Age alone, later than the stores' end.
  CookieAttributes both = max_age;
  both.expires_ms = 110'000;
  EXPECT_EQ(times_for_commit(session, both, 100'250, {}).expires, 110'000);
  both.expires_ms = 900'000;
  EXPECT_EQ(times_for_commit(session, both, 100'250, {}).expires, 160'250);
  CookieAttributes gone;
  gone.max_age = 0;  // expired at once, as the browser takes it
  EXPECT_EQ(
      check_lifetime(times_for_commit(session, gone, 100'000, {}), 100'000, {}),
      Lifetime::kExpired);
  EXPECT_TRUE(
      times_for_commit(session, plain, 100'000, {60'000, 0, 15'000}).known());
  // A sign-in time keeps the times with no policy: revocation reads it.
  session.set_times(SessionTimes{0, 0, 0, 99'000});
  const SessionTimes signed_in = times_for_commit(session, plain, 100'000, {});
  EXPECT_EQ(signed_in.created, 100'000);
  EXPECT_EQ(signed_in.signed_in_ms, 99'000);
  // Times the session carries are kept with no policy: a storage without
  // timeouts (an older version serving beside one with absoluteTimeout) must
  // not make the session begin anew at the next read under the policy.
  session.set_times(SessionTimes{40'000, 50'000, 0, 0, true});
  const SessionTimes kept = times_for_commit(session, plain, 100'000, {});
  EXPECT_TRUE(kept.known());
  EXPECT_EQ(kept.created, 40'000);
  EXPECT_EQ(kept.touched, 100'000);
}

// An end at or before the epoch is an end: `expires: new Date(0)` (a common
// way to drop a cookie), or Max-Age=0 on a clock at the epoch (node:test's
// mock timers start at 0). An end of 0 would say "no end", so such an end is
// held at 1 ms. Mutation check: without that, a replayed cookie opened the
// session forever, and no test noticed.
TEST(TimesForCommit, AnEndAtOrBeforeTheEpochEndsTheSession) {
  Session session;
  for (const std::int64_t at :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{-62'135'596'800'000}}) {
    CookieAttributes expires;
    expires.expires_ms = at;
    const SessionTimes times = times_for_commit(session, expires, 100'000, {});
    EXPECT_TRUE(times.known()) << at;
    EXPECT_EQ(check_lifetime(times, 100'000, {}), Lifetime::kExpired) << at;
  }
  CookieAttributes gone;
  gone.max_age = 0;
  const SessionTimes at_epoch = times_for_commit(session, gone, 0, {});
  EXPECT_TRUE(at_epoch.known());
  EXPECT_EQ(check_lifetime(at_epoch, 1, {}), Lifetime::kExpired);
}

// A Max-Age or Expires past what a JS number holds exactly ends at 2^53 ms
// (~285,000 years), still a time the payload can carry and be read with.
TEST(TimesForCommit, AFarFutureExpiryIsHeldAtTheLatestTime) {
  Session session;
  for (const std::int64_t max_age :
       {std::int64_t{1} << 40, std::int64_t{9'000'000'000'000'000},
        std::numeric_limits<std::int64_t>::max()}) {
    CookieAttributes attributes;
    attributes.max_age = max_age;
    const SessionTimes times =
        times_for_commit(session, attributes, 1'700'000'000'000, {});
    EXPECT_EQ(times.expires,
              std::min<std::int64_t>(kMaxTimeMs,
                                     max_age < kMaxTimeMs / 1000
                                         ? 1'700'000'000'000 + max_age * 1000
                                         : kMaxTimeMs))
        << max_age;
    std::string out;
    append_session_times(out, times);
    EXPECT_TRUE(parse_session_times(out).has_value()) << out;
  }
}

// Finding 3 of issue 11: a cookie replayed past its expiry opened the
// session. The times travel in the payload of both formats.
TEST(SessionTimesInPayload, AReplayedCookiePastItsExpiryReadsFresh) {
  for (CookieFormat format :
       {CookieFormat::kReactRouter, CookieFormat::kRemixV3}) {
    SessionCookieSettings settings;
    settings.name = "s";
    settings.secrets = {"k"};
    settings.format = format;
    settings.attributes.max_age = 60;
    Result<SessionCookie> cookie = SessionCookie::create(settings);
    ASSERT_TRUE(cookie.ok());
    Session session("id", RawJsonObject(), RawJsonObject());
    ASSERT_TRUE(session.set("user", R"("ada")").ok());
    session.set_times(
        times_for_commit(session, cookie.value.attributes(), 1'000'000, {}));
    std::string payload;
    std::string set_cookie;
    ASSERT_TRUE(cookie.value
                    .commit_session_into(session, cookie.value.attributes(),
                                         payload, set_cookie)
                    .ok());
    EXPECT_NE(payload.find("\"__es__\":[1000000,1000000,1060000]"),
              std::string::npos)
        << payload;
    const std::string header = set_cookie.substr(0, set_cookie.find(';'));
    EXPECT_NE(cookie.value.read_session(header, "fresh", 1'059'999)
                  .session.get("user"),
              nullptr);
    EXPECT_EQ(cookie.value.read_session(header, "fresh", 1'060'000)
                  .session.get("user"),
              nullptr);
    // The member is the session's, never a value.
    auto read = cookie.value.read_session(header, "fresh", 1'000'000);
    EXPECT_EQ(read.session.get("__es__"), nullptr);
    EXPECT_EQ(read.session.times().expires, 1'060'000);
    EXPECT_EQ(session.set("__es__", "[1,2,3]").code, ErrorCode::kInvalidKey);
  }
}

TEST(SessionTimesInPayload, MalformedTimesAreBadInput) {
  for (const char* payload :
       {R"({"a":1,"__es__":[1,2]})", R"({"a":1,"__es__":"soon"})",
        R"({"a":1,"__es__":[-5,1,1]})"}) {
    EXPECT_FALSE(decode_session_payload(payload, CookieFormat::kReactRouter, "")
                     .has_value())
        << payload;
  }
  EXPECT_FALSE(decode_session_payload(R"({"i":"x","d":[{"__es__":[1]},{}]})",
                                      CookieFormat::kRemixV3, "")
                   .has_value());
}

// Nineteen digits: past int64, an accumulation without the 16-digit bound
// wraps to a negative time that nothing after it refuses. Mutation pass
// (s52): the plain reader taking 19 digits went unnoticed (the tests held
// 17 and 20).
TEST(ParseSessionTimes, RefusesNineteenDigitTimesPastInt64) {
  for (const char* text :
       {"[9999999999999999999,1,2]", "[1,9300000000000000000,2]",
        "[1,2,3,9999999999999999999]"}) {
    EXPECT_FALSE(parse_session_times(text).has_value()) << text;
  }
}

// Three or four times, never two: "[10,20]" is long enough for the plain
// reader, which must refuse it as the full parse does. Mutation pass (s52):
// the plain reader taking two times (no expiry) went unnoticed ("[1,2]" was
// refused by its length alone).
TEST(ParseSessionTimes, RefusesTwoTimesOfAnyLength) {
  for (const char* text : {"[10,20]", "[1700000000000,1700000000000]"}) {
    EXPECT_FALSE(parse_session_times(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace edge_session
