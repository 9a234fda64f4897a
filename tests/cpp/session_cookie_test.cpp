// SessionCookie end to end: a Cookie header in, a session out, a Set-Cookie
// back. Expected bytes are real React Router and Remix v3 output, secret
// "s3cr3t" (reference/remix-sessions.md §2.2, §3.3).
#include "session_cookie.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base64.h"
#include "signing.h"

namespace edge_session {
namespace {

constexpr const char* kUuid = "00000000-0000-4000-8000-000000000000";

// React Router, set('userId','mj'); flash('message','ok') (§3.3).
constexpr const char* kReactRouterSetCookie =
    "__session=eyJ1c2VySWQiOiJtaiIsIl9fZmxhc2hfbWVzc2FnZV9fIjoib2sifQ%3D%3D."
    "Xsdv%2FCFpOcGi1w0FnuP%2FcpIIBlJY9yEMPjD%2Bn%2Bed4Zk; Path=/; HttpOnly; "
    "SameSite=Lax";
// The same value percent-decoded, as Remix v3 would send it.
constexpr const char* kReactRouterRawValue =
    "eyJ1c2VySWQiOiJtaiIsIl9fZmxhc2hfbWVzc2FnZV9fIjoib2sifQ==."
    "Xsdv/CFpOcGi1w0FnuP/cpIIBlJY9yEMPjD+n+ed4Zk";
// Remix v3 cookie storage, {"i":kUuid,"d":[{"userId":"mj"},{"message":"ok"}]}.
constexpr const char* kRemixV3Value =
    "eyJpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAwIiwiZCI6W3sidXNl"
    "cklkIjoibWoifSx7Im1lc3NhZ2UiOiJvayJ9XX0=."
    "O+HAgF9G9Iwgg4ITqratAPByKjUZzxtRxqdeMbNr8Tw";

SessionCookie MakeCookie(std::vector<std::string> secrets = {"s3cr3t"},
                         CookieFormat format = CookieFormat::kReactRouter,
                         std::string name = "__session",
                         bool http_only = true) {
  SessionCookieSettings settings;
  settings.name = std::move(name);
  settings.secrets = std::move(secrets);
  settings.attributes.http_only = http_only;
  settings.format = format;
  Result<SessionCookie> result = SessionCookie::create(std::move(settings));
  EXPECT_TRUE(result.ok()) << result.status.message;
  return result.value;
}

Status CreateStatus(SessionCookieSettings settings) {
  return SessionCookie::create(std::move(settings)).status;
}

// "name=value" of a Set-Cookie: what the browser sends back.
std::string CookieHeader(const std::string& set_cookie) {
  return set_cookie.substr(0, set_cookie.find(';'));
}

// A commit as es_commit makes it: into fresh buffers.
Result<std::string> CommitWith(const SessionCookie& cookie,
                               const Session& session,
                               const CookieAttributes& attributes) {
  std::string payload;
  Result<std::string> result;
  result.status =
      cookie.commit_session_into(session, attributes, payload, result.value);
  return result;
}

std::string Commit(const SessionCookie& cookie, const Session& session) {
  Result<std::string> result = CommitWith(cookie, session, cookie.attributes());
  EXPECT_TRUE(result.ok()) << result.status.message;
  return result.value;
}

// A value's Set-Cookie, as createCookie().serialize makes it.
std::string Write(const SessionCookie& cookie, std::string_view payload) {
  std::string out;
  EXPECT_TRUE(cookie.write_into(payload, cookie.attributes(), out).ok());
  return out;
}

Session UserWithFlash(std::string id = "") {
  Session session(std::move(id), RawJsonObject(), RawJsonObject());
  EXPECT_TRUE(session.set("userId", R"("mj")").ok());
  EXPECT_TRUE(session.flash("message", R"("ok")").ok());
  return session;
}

void ExpectUserWithIncomingFlash(const Session& session) {
  EXPECT_EQ(parse_json(session.values().to_json_text()),
            parse_json(R"({"userId":"mj"})"));
  EXPECT_EQ(parse_json(session.incoming_flash().to_json_text()),
            parse_json(R"({"message":"ok"})"));
  ASSERT_NE(session.get("message"), nullptr);
  EXPECT_EQ(*session.get("message"), R"("ok")");
  EXPECT_TRUE(session.dirty());
}

// Untrusted input is never an error: it reads as a new, clean session.
void ExpectFresh(const SessionCookie& cookie, const std::string& header) {
  SessionCookie::ReadSession read = cookie.read_session(header, "fresh-id");
  EXPECT_EQ(read.session.id(), "fresh-id") << header;
  EXPECT_EQ(read.session.size(), 0u) << header;
  EXPECT_EQ(read.session.values().to_json_text(), "{}") << header;
  EXPECT_EQ(read.session.incoming_flash().to_json_text(), "{}") << header;
  EXPECT_FALSE(read.session.dirty()) << header;
  EXPECT_FALSE(read.session.destroyed()) << header;
  EXPECT_FALSE(read.signed_with_old_secret) << header;
}

// A cookie signed with "s3cr3t" around an arbitrary payload.
std::string SignedHeader(std::string_view payload) {
  return "__session=" + sign(base64_encode(payload), "s3cr3t");
}

// --- exact bytes -----------------------------------------------------------

TEST(SessionCookie, ReactRouterCommitMatchesReferenceBytes) {
  EXPECT_EQ(Commit(MakeCookie(), UserWithFlash()), kReactRouterSetCookie);
}

TEST(SessionCookie, ReadsReactRouterCookieBack) {
  SessionCookie::ReadSession read = MakeCookie().read_session(
      "theme=dark; " + CookieHeader(kReactRouterSetCookie) + "; other=1",
      "fresh-id");
  EXPECT_EQ(read.session.id(), "fresh-id");
  EXPECT_FALSE(read.signed_with_old_secret);
  ExpectUserWithIncomingFlash(read.session);
}

TEST(SessionCookie, ReadsTheUnencodedDialectToo) {
  SessionCookie::ReadSession read = MakeCookie().read_session(
      std::string("__session=") + kReactRouterRawValue, "fresh-id");
  ExpectUserWithIncomingFlash(read.session);
}

TEST(SessionCookie, RemixV3CommitMatchesReferenceBytes) {
  // Remix v3 emits HttpOnly before Path; we keep React Router's attribute
  // order for both formats (browsers do not care), the value is identical.
  EXPECT_EQ(Commit(MakeCookie({"s3cr3t"}, CookieFormat::kRemixV3),
                   UserWithFlash(kUuid)),
            std::string("__session=") + kRemixV3Value +
                "; Path=/; HttpOnly; SameSite=Lax");
}

TEST(SessionCookie, ReadsRemixV3CookieBack) {
  SessionCookie::ReadSession read =
      MakeCookie({"s3cr3t"}, CookieFormat::kRemixV3)
          .read_session(std::string("__session=") + kRemixV3Value, "fresh-id");
  EXPECT_EQ(read.session.id(), kUuid);
  ExpectUserWithIncomingFlash(read.session);
}

// Issue 10.1: a cookie is read in its storage's format only. A React Router
// cookie is no Remix v3 payload; a Remix v3 cookie read by a React Router
// storage is what react-router itself reads: flat data with keys "i" and "d",
// never a session whose keys came out of "d".
TEST(SessionCookie, FormatConfusionEachFormatReadsOnlyItself) {
  ExpectFresh(MakeCookie({"s3cr3t"}, CookieFormat::kRemixV3),
              CookieHeader(kReactRouterSetCookie));
  SessionCookie::ReadSession read = MakeCookie().read_session(
      std::string("__session=") + kRemixV3Value, "fresh-id");
  EXPECT_EQ(read.session.id(), "fresh-id");
  EXPECT_EQ(read.session.get("userId"), nullptr);
  EXPECT_NE(read.session.get("i"), nullptr);
  EXPECT_EQ(read.session.incoming_flash().size(), 0u);
}

TEST(SessionCookie, WriteMatchesRemixCookieBytes) {
  const SessionCookie cookie = MakeCookie({"s3cr3t"}, CookieFormat::kRemixV3,
                                          "session", /*http_only=*/false);
  EXPECT_EQ(Write(cookie, "hello"),
            "session=aGVsbG8=.3UDRBr/J1N00KqKEbbW+O95uJz+Nq2kWC9XanqhM2M4; "
            "Path=/; SameSite=Lax");
  EXPECT_EQ(Write(cookie, "h\xc3\xa9llo \xe2\x9c\x93"),
            "session=aMOpbGxvIOKckw==.bVz4UWnGx8MlVyssrxXVDxn/ZKeSW0BO97/"
            "X8x6ImBA; Path=/; SameSite=Lax");
  const SessionCookie unsigned_cookie =
      MakeCookie({}, CookieFormat::kRemixV3, "u", /*http_only=*/false);
  EXPECT_EQ(Write(unsigned_cookie, "hello"),
            "u=aGVsbG8=; Path=/; SameSite=Lax");
}

TEST(SessionCookie, ReadsRemixAndReactRouterIdCookies) {
  // Id-based storages: the v3 value is the bare id, React Router's the JSON
  // string of the id (§2.2, §3.4).
  std::optional<SessionCookie::Value> v3 = MakeCookie().read(
      "__session=MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAw."
      "3ncaR2z73dT+BpEyZfsjicdtkXjADwfzLU583K1ytNU");
  ASSERT_TRUE(v3.has_value());
  EXPECT_EQ(v3->payload, kUuid);
  std::optional<SessionCookie::Value> rr = MakeCookie().read(
      "__session=IjAxMjM0NTY3ODlhYmNkZWYi."
      "PCyAmkvqqQJNQ7UMzWFVYtGWrV2Ri%2Bt8aeKpCdQUKdU");
  ASSERT_TRUE(rr.has_value());
  EXPECT_EQ(rr->payload, "\"0123456789abcdef\"");
}

// --- create() --------------------------------------------------------------

TEST(SessionCookieCreate, RejectsInvalidNames) {
  for (const char* name : {"", "a b", "a;b", "a=b", "a,b", "sess\xff", "(x)"}) {
    SessionCookieSettings settings;
    settings.name = name;
    EXPECT_EQ(CreateStatus(settings).code, ErrorCode::kInvalidCookieName)
        << name;
  }
}

TEST(SessionCookieCreate, RejectsAnEmptySecret) {
  SessionCookieSettings settings;
  settings.name = "__session";
  settings.secrets = {"new", ""};
  const Status status = CreateStatus(settings);
  EXPECT_EQ(status.code, ErrorCode::kInvalidSecret);
  EXPECT_NE(status.message.find("__session"), std::string::npos);
}

TEST(SessionCookieCreate, RejectsBadAttributes) {
  SessionCookieSettings domain;
  domain.name = "s";
  domain.attributes.domain = "bad domain";
  EXPECT_EQ(CreateStatus(domain).code, ErrorCode::kInvalidDomain);

  SessionCookieSettings path;
  path.name = "s";
  path.attributes.path = "/a;b";
  EXPECT_EQ(CreateStatus(path).code, ErrorCode::kInvalidPath);

  SessionCookieSettings expires;
  expires.name = "s";
  expires.attributes.expires_ms = 253402300800000;  // year 10000
  EXPECT_EQ(CreateStatus(expires).code, ErrorCode::kInvalidExpires);
}

TEST(SessionCookieCreate, ReportsSignedness) {
  EXPECT_TRUE(MakeCookie().is_signed());
  EXPECT_FALSE(MakeCookie({}).is_signed());
  EXPECT_EQ(MakeCookie().name(), "__session");
}

// --- untrusted input gives a fresh session ---------------------------------

TEST(SessionCookieRead, MissingHeaderIsFresh) { ExpectFresh(MakeCookie(), ""); }

TEST(SessionCookieRead, HeaderWithoutOurCookieIsFresh) {
  ExpectFresh(MakeCookie(), "theme=dark; session=x; __session_x=y; flag");
}

TEST(SessionCookieRead, TamperedPayloadIsFresh) {
  std::string value = kReactRouterRawValue;
  value[10] = value[10] == 'A' ? 'B' : 'A';
  ExpectFresh(MakeCookie(), "__session=" + value);
}

TEST(SessionCookieRead, TamperedSignatureIsFresh) {
  std::string value = kReactRouterRawValue;
  const std::size_t dot = value.rfind('.');
  value[dot + 1] = value[dot + 1] == 'A' ? 'B' : 'A';
  ExpectFresh(MakeCookie(), "__session=" + value);
}

TEST(SessionCookieRead, ForeignSecretIsFresh) {
  const std::string foreign =
      Commit(MakeCookie({"someone-else"}), UserWithFlash());
  ExpectFresh(MakeCookie(), CookieHeader(foreign));
}

TEST(SessionCookieRead, TruncatedCookieIsFresh) {
  const std::string value = kReactRouterRawValue;
  ExpectFresh(MakeCookie(), "__session=" + value.substr(0, value.size() - 5));
  ExpectFresh(MakeCookie(), "__session=" + value.substr(0, value.rfind('.')));
  ExpectFresh(MakeCookie(), "__session=" + value.substr(0, 20));
}

TEST(SessionCookieRead, NonBase64PayloadIsFresh) {
  ExpectFresh(MakeCookie(), "__session=" + sign("@@@@", "s3cr3t"));
}

TEST(SessionCookieRead, InvalidUtf8PayloadIsFresh) {
  ExpectFresh(MakeCookie(), SignedHeader("{\"userId\":\"\xff\"}"));
  ExpectFresh(MakeCookie(), SignedHeader("\xff\xfe"));
}

TEST(SessionCookieRead, InvalidJsonIsFresh) {
  ExpectFresh(MakeCookie(), SignedHeader("{\"userId\":"));
}

TEST(SessionCookieRead, JsonFollowedByANulIsFresh) {
  ExpectFresh(MakeCookie(),
              SignedHeader(std::string_view("{\"userId\":\"mj\"}\0x", 17)));
}

TEST(SessionCookieRead, NonObjectJsonIsFresh) {
  for (const char* payload : {"[\"mj\"]", "\"str\"", "42", "null"}) {
    ExpectFresh(MakeCookie(), SignedHeader(payload));
  }
}

TEST(SessionCookieRead, OversizedValueIsFreshEvenWhenSigned) {
  const std::string small = "{\"k\":\"" + std::string(2000, 'x') + "\"}";
  EXPECT_EQ(MakeCookie().read_session(SignedHeader(small), "").session.size(),
            1u);
  const std::string big = "{\"k\":\"" + std::string(3100, 'x') + "\"}";
  ASSERT_GT(SignedHeader(big).size() - 10, kMaxSetCookieBytes);
  ExpectFresh(MakeCookie(), SignedHeader(big));
}

// The 4096-byte limit applies to the value as decoded, as it did when the
// whole value was decoded first: an over-escaped value that decodes to fewer
// bytes is still read.
TEST(SessionCookieRead, SizeLimitAppliesToThePercentDecodedValue) {
  const std::string small = "{\"k\":\"" + std::string(1400, 'x') + "\"}";
  const std::string value = SignedHeader(small).substr(10);  // "__session="
  std::string escaped;
  for (const char c : value) {
    escaped += '%';
    escaped += "0123456789ABCDEF"[static_cast<unsigned char>(c) >> 4];
    escaped += "0123456789ABCDEF"[static_cast<unsigned char>(c) & 0x0F];
  }
  ASSERT_GT(escaped.size(), kMaxSetCookieBytes);
  EXPECT_EQ(
      MakeCookie().read_session("__session=" + escaped, "").session.size(), 1u);
}

TEST(SessionCookieRead, EmptyValueIsFresh) {
  ExpectFresh(MakeCookie(), "__session=");
  ExpectFresh(MakeCookie(), "__session=\"\"");
}

// Regression (review C): a correctly signed value whose payload is empty read
// as the empty value, and createCookie's parse resolved to "" for it. No JSON
// text is empty: it is not ours, signed or not; the empty value still reads.
TEST(SessionCookieRead, EmptyPayloadOfANonEmptyValueIsNotOurs) {
  EXPECT_FALSE(MakeCookie().read(SignedHeader("")).has_value());
  EXPECT_FALSE(MakeCookie({}).read("__session=%20").has_value());  // atob(" ")
  ExpectFresh(MakeCookie(), SignedHeader(""));
  for (const char* empty : {"__session=", "__session=\"\""}) {
    std::optional<SessionCookie::Value> value = MakeCookie().read(empty);
    ASSERT_TRUE(value.has_value()) << empty;
    EXPECT_EQ(value->payload, "") << empty;
  }
}

TEST(SessionCookieRead, UnsignedCookieIsFreshWhenSecretsAreConfigured) {
  ExpectFresh(MakeCookie(), "__session=" + base64_encode(R"({"userId":"mj"})"));
}

TEST(SessionCookieRead, FirstOfDuplicateCookiesWins) {
  ExpectFresh(MakeCookie(),
              "__session=garbage; " + CookieHeader(kReactRouterSetCookie));
}

TEST(SessionCookieRead, QuotedValueIsRead) {
  ExpectUserWithIncomingFlash(
      MakeCookie()
          .read_session(
              std::string("__session=\"") + kReactRouterRawValue + "\"", "")
          .session);
}

// --- rotation --------------------------------------------------------------

TEST(SessionCookieRotation, ReadsOldSecretAndReSignsWithNew) {
  const std::string old_cookie =
      CookieHeader(Commit(MakeCookie({"old"}), UserWithFlash()));
  const SessionCookie rotated = MakeCookie({"new", "old"});
  SessionCookie::ReadSession read = rotated.read_session(old_cookie, "");
  EXPECT_TRUE(read.signed_with_old_secret);
  ExpectUserWithIncomingFlash(read.session);

  const std::string renewed = CookieHeader(Commit(rotated, read.session));
  SessionCookie::ReadSession by_new =
      MakeCookie({"new"}).read_session(renewed, "");
  EXPECT_FALSE(by_new.signed_with_old_secret);
  EXPECT_EQ(parse_json(by_new.session.values().to_json_text()),
            parse_json(R"({"userId":"mj"})"));
  ExpectFresh(MakeCookie({"old"}), renewed);
  EXPECT_FALSE(rotated.read_session(renewed, "").signed_with_old_secret);
}

TEST(SessionCookieRotation, SignsWithTheFirstSecretLikeRemix) {
  // §2.2: secrets ['new','s3cr3t'] serialize('hello').
  const SessionCookie react_router = MakeCookie(
      {"new", "s3cr3t"}, CookieFormat::kReactRouter, "session", false);
  EXPECT_EQ(Write(react_router, "hello"),
            "session=aGVsbG8%3D.Kq9FCzw0TU4bD4y8%2BgYF2VhQLBNsflJQ8E0PXOPkXR4; "
            "Path=/; SameSite=Lax");
  const SessionCookie v3 =
      MakeCookie({"new", "s3cr3t"}, CookieFormat::kRemixV3, "session", false);
  EXPECT_EQ(Write(v3, "hello"),
            "session=aGVsbG8=.Kq9FCzw0TU4bD4y8+gYF2VhQLBNsflJQ8E0PXOPkXR4; "
            "Path=/; SameSite=Lax");
}

// --- size limit ------------------------------------------------------------

TEST(SessionCookieSize, FailsOverTheLimitAndPassesExactlyAtIt) {
  const SessionCookie cookie = MakeCookie();
  Session session;
  ASSERT_TRUE(session.set("k", dump_json(Json(std::string(2800, 'x')))).ok());
  const std::size_t base_size = Commit(cookie, session).size();
  ASSERT_LT(base_size, kMaxSetCookieBytes);

  // Path grows the Set-Cookie one byte at a time.
  CookieAttributes at_limit = cookie.attributes();
  at_limit.path = "/" + std::string(kMaxSetCookieBytes - base_size, 'p');
  Result<std::string> fits = CommitWith(cookie, session, at_limit);
  ASSERT_TRUE(fits.ok()) << fits.status.message;
  EXPECT_EQ(fits.value.size(), kMaxSetCookieBytes);

  CookieAttributes over = at_limit;
  over.path += 'p';
  Result<std::string> too_large = CommitWith(cookie, session, over);
  EXPECT_EQ(too_large.status.code, ErrorCode::kCookieTooLarge);
  EXPECT_NE(too_large.status.message.find("4097"), std::string::npos)
      << too_large.status.message;
  EXPECT_NE(too_large.status.message.find("4096"), std::string::npos);
  EXPECT_EQ(too_large.value, "");
}

TEST(SessionCookieSize, CountsThePercentEncodedBytes) {
  // Sizes React Router measured (§3.3): a 3000-char value commits at 4094
  // bytes, 3020 chars would be 4124. The key used there is not recorded;
  // "x" reproduces both.
  const SessionCookie cookie =
      MakeCookie({"s3cr3t"}, CookieFormat::kReactRouter, "__session", false);
  Session fits;
  ASSERT_TRUE(fits.set("x", dump_json(Json(std::string(3000, 'a')))).ok());
  EXPECT_EQ(Commit(cookie, fits).size(), 4094u);
  Session over;
  ASSERT_TRUE(over.set("x", dump_json(Json(std::string(3020, 'a')))).ok());
  Result<std::string> result = CommitWith(cookie, over, cookie.attributes());
  EXPECT_EQ(result.status.code, ErrorCode::kCookieTooLarge);
  EXPECT_NE(result.status.message.find("4124"), std::string::npos);
}

// --- expiry, destroy, unsigned ---------------------------------------------

TEST(SessionCookie, WriteExpiredClearsTheCookieAtOnce) {
  const SessionCookie cookie = MakeCookie();
  const std::string expired = cookie.write_expired(cookie.attributes());
  EXPECT_EQ(expired,
            "__session=; Max-Age=0; Path=/; "
            "Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
  ExpectFresh(cookie, CookieHeader(expired));
}

TEST(SessionCookie, WriteExpiredOverridesAConfiguredLifetime) {
  CookieAttributes attributes;
  attributes.max_age = 3600;
  attributes.expires_ms = 1893456000000;
  attributes.domain = "example.com";
  EXPECT_EQ(MakeCookie().write_expired(attributes),
            "__session=; Max-Age=0; Domain=example.com; Path=/; "
            "Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax");
}

TEST(SessionCookie, DestroyedSessionCommitsAsEmpty) {
  Session session = UserWithFlash("id");
  session.destroy();
  const SessionCookie cookie = MakeCookie();
  SessionCookie::ReadSession read =
      cookie.read_session(CookieHeader(Commit(cookie, session)), "fresh-id");
  EXPECT_EQ(read.session.size(), 0u);
  EXPECT_FALSE(read.session.dirty());
}

TEST(SessionCookie, UnsignedCookiesRoundTripInBothFormats) {
  for (CookieFormat format :
       {CookieFormat::kReactRouter, CookieFormat::kRemixV3}) {
    const SessionCookie cookie = MakeCookie({}, format);
    const std::string header =
        CookieHeader(Commit(cookie, UserWithFlash("id")));
    EXPECT_EQ(header.find('.'), std::string::npos) << header;
    SessionCookie::ReadSession read = cookie.read_session(header, "id");
    EXPECT_EQ(read.session.id(), "id");
    ExpectUserWithIncomingFlash(read.session);
  }
}

TEST(SessionCookie, FlashLivesExactlyOneRequest) {
  const SessionCookie cookie = MakeCookie();
  const std::string first = CookieHeader(Commit(cookie, UserWithFlash()));
  SessionCookie::ReadSession second = cookie.read_session(first, "");
  ASSERT_NE(second.session.get("message"), nullptr);
  const std::string third_header = CookieHeader(Commit(cookie, second.session));
  SessionCookie::ReadSession third = cookie.read_session(third_header, "");
  EXPECT_EQ(third.session.get("message"), nullptr);
  ASSERT_NE(third.session.get("userId"), nullptr);
  EXPECT_EQ(*third.session.get("userId"), R"("mj")");
  EXPECT_FALSE(third.session.dirty());
}

// --- commit into reused buffers, and the restore of a committed session ---

RawJsonObject R(const char* text) {
  return RawJsonObject::from_json(parse_json(text));
}

// What es_commit hands JS: the Set-Cookie, then the session's state.
std::optional<Session> RestoreCommitted(const SessionCookie& cookie,
                                        const Session& session) {
  std::string state;
  session.append_state(state);
  return restore_committed_session(Commit(cookie, session), cookie.format(),
                                   state);
}

void ExpectSameSession(const Session& restored, const Session& session) {
  EXPECT_EQ(restored.snapshot(), session.snapshot());
  EXPECT_EQ(restored.id(), session.id());
  EXPECT_EQ(restored.values().to_json_text(), session.values().to_json_text());
  EXPECT_EQ(restored.pending_flash().to_json_text(),
            session.pending_flash().to_json_text());
  EXPECT_EQ(restored.incoming_flash().to_json_text(),
            session.incoming_flash().to_json_text());
  EXPECT_EQ(restored.dirty(), session.dirty());
  EXPECT_EQ(restored.destroyed(), session.destroyed());
  EXPECT_EQ(restored.delete_id(), session.delete_id());
}

TEST(SessionCookieCommitInto, WritesTheSameBytesIntoReusedBuffers) {
  const SessionCookie cookie = MakeCookie();
  std::string payload = "stale payload";
  std::string out = "stale cookie";
  const Session big = UserWithFlash();
  Session small{std::string(), RawJsonObject(), RawJsonObject()};
  ASSERT_TRUE(small.set("a", "1").ok());
  // Larger then smaller: a buffer that keeps its capacity must still hold
  // exactly the new text.
  for (const Session* session :
       {&big, static_cast<const Session*>(&small), &big}) {
    ASSERT_TRUE(
        cookie.commit_session_into(*session, cookie.attributes(), payload, out)
            .ok());
    EXPECT_EQ(out, Commit(cookie, *session));
  }
  EXPECT_EQ(out, kReactRouterSetCookie);
}

TEST(SessionCookieCommitInto, LeavesNoCookieBehindWhenTooLarge) {
  const SessionCookie cookie = MakeCookie();
  Session session{std::string(), RawJsonObject(), RawJsonObject()};
  ASSERT_TRUE(session.set("big", '"' + std::string(4000, 'x') + '"').ok());
  std::string payload;
  std::string out = "stale cookie";
  const Status status =
      cookie.commit_session_into(session, cookie.attributes(), payload, out);
  EXPECT_EQ(status.code, ErrorCode::kCookieTooLarge);
  EXPECT_EQ(out, "");  // never a half-written Set-Cookie
}

TEST(RestoreCommittedSession, GivesBackTheSessionAsItWasAtCommit) {
  for (CookieFormat format :
       {CookieFormat::kReactRouter, CookieFormat::kRemixV3}) {
    for (const std::vector<std::string>& secrets :
         {std::vector<std::string>{"s3cr3t"}, std::vector<std::string>{}}) {
      const SessionCookie cookie = MakeCookie(secrets, format);
      // Values, flash read in this request and flash set in it, a
      // regenerated ID with the original to delete.
      Session session("original", R(R"({"a":1,"b":{"c":[true]}})"),
                      R(R"({"m":"in"})"));
      ASSERT_TRUE(session.flash("n", R"("out")").ok());
      ASSERT_TRUE(session.regenerate_id("new", true).ok());
      std::optional<Session> restored = RestoreCommitted(cookie, session);
      ASSERT_TRUE(restored.has_value());
      ExpectSameSession(*restored, session);
    }
  }
}

TEST(RestoreCommittedSession, KeepsACleanAndADestroyedSession) {
  const SessionCookie cookie = MakeCookie();
  Session clean(std::string(), R(R"({"a":"é \"q\""})"), RawJsonObject());
  std::optional<Session> restored = RestoreCommitted(cookie, clean);
  ASSERT_TRUE(restored.has_value());
  ExpectSameSession(*restored, clean);
  EXPECT_FALSE(restored->dirty());

  Session destroyed = UserWithFlash();
  destroyed.destroy();
  restored = RestoreCommitted(cookie, destroyed);
  ASSERT_TRUE(restored.has_value());
  EXPECT_TRUE(restored->destroyed());
  EXPECT_EQ(restored->get("userId"), nullptr);
  EXPECT_EQ(restored->flat_data_text(), "{}");
}

TEST(RestoreCommittedSession, RejectsWhatNoCommitWrote) {
  std::string state;
  UserWithFlash().append_state(state);
  for (const char* set_cookie :
       {"", "no equals sign", "__session=!!!; Path=/", "__session=W10"}) {
    EXPECT_FALSE(restore_committed_session(set_cookie,
                                           CookieFormat::kReactRouter, state))
        << set_cookie;
  }
  EXPECT_FALSE(restore_committed_session(kReactRouterSetCookie,
                                         CookieFormat::kReactRouter, "{}"));
  EXPECT_TRUE(restore_committed_session(kReactRouterSetCookie,
                                        CookieFormat::kReactRouter, state));
}

// The value a browser may hold is 4096 bytes as decoded: one of exactly 4096
// reads, one byte more is fresh however well signed (here, the signature
// padded as atob reads it). Mutation pass (s52): the bound one byte looser
// went unnoticed (the existing test is 1,000 bytes past it).
TEST(SessionCookieRead, AValueOfExactly4096BytesReadsAndOneMoreIsFresh) {
  // {"k":"x..."}: 3039 bytes, 4052 of base64, '.' and 43 of signature.
  const std::string payload = "{\"k\":\"" + std::string(3031, 'x') + "\"}";
  const std::string header = SignedHeader(payload);
  ASSERT_EQ(header.size() - 10, kMaxSetCookieBytes);
  EXPECT_EQ(MakeCookie().read_session(header, "").session.size(), 1u);
  const std::string padded = SignedHeader("{\"k\":\"x\"}") + "=";
  EXPECT_EQ(MakeCookie().read_session(padded, "").session.size(), 1u);
  ExpectFresh(MakeCookie(), header + "=");
}

}  // namespace
}  // namespace edge_session
