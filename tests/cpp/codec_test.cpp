// Session <-> payload JSON in both wire formats. The expected payloads are
// the decoded bytes of real React Router and Remix v3 cookies
// (reference/remix-sessions.md §2.2, §3.3).
#include "codec.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace edge_session {
namespace {

constexpr const char* kUuid = "00000000-0000-4000-8000-000000000000";

Json J(const char* text) { return parse_json(text); }

// An object's members as raw JSON text, as a cookie or a storage gives them.
RawJsonObject R(const char* text) {
  return RawJsonObject::from_json(parse_json(text));
}

std::string Encode(const Session& session, CookieFormat format) {
  std::string payload;
  append_session_payload(payload, session, format);
  return payload;
}

std::optional<Session> ReadReactRouter(std::string_view payload,
                                       std::string fresh_id) {
  return decode_session_payload(payload, CookieFormat::kReactRouter,
                                std::move(fresh_id));
}

std::optional<Session> ReadRemixV3(std::string_view payload,
                                   std::string fresh_id) {
  return decode_session_payload(payload, CookieFormat::kRemixV3,
                                std::move(fresh_id));
}

// The object parsed back, to compare structures.
Json AsJson(const RawJsonObject& object) {
  return parse_json(object.to_json_text());
}

TEST(EncodeSessionPayload, ReactRouterIsTheFlatObjectByteForByte) {
  Session session;
  ASSERT_TRUE(session.set("userId", R"("mj")").ok());
  ASSERT_TRUE(session.flash("message", R"("ok")").ok());
  EXPECT_EQ(Encode(session, CookieFormat::kReactRouter),
            R"({"userId":"mj","__flash_message__":"ok"})");
}

TEST(EncodeSessionPayload, RemixV3IsIdAndDataPairByteForByte) {
  Session session(kUuid, R(R"({"userId":"mj"})"), RawJsonObject());
  ASSERT_TRUE(session.flash("message", R"("ok")").ok());
  EXPECT_EQ(Encode(session, CookieFormat::kRemixV3),
            R"({"i":"00000000-0000-4000-8000-000000000000",)"
            R"("d":[{"userId":"mj"},{"message":"ok"}]})");
}

TEST(EncodeSessionPayload, DropsIncomingFlashInBothFormats) {
  Session session("id", R(R"({"a":1})"), R(R"({"old":"x"})"));
  EXPECT_EQ(Encode(session, CookieFormat::kReactRouter), R"({"a":1})");
  EXPECT_EQ(Encode(session, CookieFormat::kRemixV3),
            R"({"i":"id","d":[{"a":1},{}]})");
}

TEST(EncodeSessionPayload, DestroyedSessionIsEmptyInBothFormats) {
  Session session("id", R(R"({"a":1})"), RawJsonObject());
  ASSERT_TRUE(session.flash("m", R"("x")").ok());
  session.destroy();
  EXPECT_EQ(Encode(session, CookieFormat::kReactRouter), "{}");
  EXPECT_EQ(Encode(session, CookieFormat::kRemixV3),
            R"({"i":"id","d":[{},{}]})");
}

TEST(DecodeSessionPayload, ReadsReactRouterFlatLayout) {
  std::optional<Session> session =
      ReadReactRouter(R"({"userId":"mj","__flash_message__":"ok"})", "fresh");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->id(), "fresh");
  EXPECT_EQ(AsJson(session->values()), J(R"({"userId":"mj"})"));
  EXPECT_EQ(AsJson(session->incoming_flash()), J(R"({"message":"ok"})"));
  EXPECT_TRUE(session->dirty());
}

TEST(DecodeSessionPayload, ReadsRemixV3WithIncomingFlashFromSecondElement) {
  std::optional<Session> session =
      ReadRemixV3(R"({"i":"00000000-0000-4000-8000-000000000000",)"
                  R"("d":[{"userId":"mj"},{"message":"ok"}]})",
                  "fresh");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->id(), kUuid);
  EXPECT_EQ(AsJson(session->values()), J(R"({"userId":"mj"})"));
  EXPECT_EQ(AsJson(session->incoming_flash()), J(R"({"message":"ok"})"));
  EXPECT_EQ(AsJson(session->pending_flash()), Json::object());
  EXPECT_TRUE(session->dirty());
}

TEST(DecodeSessionPayload, RemixV3KeyOrderDoesNotMatter) {
  std::optional<Session> session =
      ReadRemixV3(R"({"d":[{"a":1}],"i":"x"})", "fresh");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->id(), "x");
  EXPECT_EQ(AsJson(session->values()), J(R"({"a":1})"));
  EXPECT_FALSE(session->dirty());
}

TEST(DecodeSessionPayload, RemixV3WithMissingOrNonObjectElementsIsEmpty) {
  for (const char* payload : {R"({"i":"x","d":[]})", R"({"i":"x","d":[1,"s"]})",
                              R"({"i":"x","d":[null,[1]]})"}) {
    std::optional<Session> session = ReadRemixV3(payload, "fresh");
    ASSERT_TRUE(session.has_value()) << payload;
    EXPECT_EQ(session->id(), "x");
    EXPECT_EQ(session->size(), 0u) << payload;
    EXPECT_FALSE(session->dirty()) << payload;
  }
}

TEST(DecodeSessionPayload, ObjectsThatAreNotExactlyIAndDAreReactRouter) {
  for (const char* payload :
       {R"({"i":"x"})", R"({"d":[{},{}]})", R"({"i":1,"d":[{},{}]})",
        R"({"i":"x","d":{}})", R"({"i":"x","d":[{},{}],"extra":1})"}) {
    std::optional<Session> session = ReadReactRouter(payload, "fresh");
    ASSERT_TRUE(session.has_value()) << payload;
    EXPECT_EQ(session->id(), "fresh") << payload;
    EXPECT_EQ(AsJson(session->values()), J(payload)) << payload;
    EXPECT_FALSE(ReadRemixV3(payload, "fresh").has_value()) << payload;
  }
}

// Issue 10.1: React Router data that happens to be {i: string, d: array} (a
// form with fields "i" and "d") was read as Remix v3, so d[0] chose the next
// request's keys. A cookie is read in its own format only.
TEST(DecodeSessionPayload, FormatConfusionReactRouterDataShapedLikeRemixV3) {
  const char* payload = R"({"i":"42","d":[{"role":"admin"},{"m":1}]})";
  std::optional<Session> session = ReadReactRouter(payload, "fresh");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->id(), "fresh");
  EXPECT_EQ(session->get("role"), nullptr);
  ASSERT_NE(session->get("i"), nullptr);
  EXPECT_EQ(*session->get("i"), R"("42")");
  EXPECT_EQ(*session->get("d"), R"([{"role":"admin"},{"m":1}])");
  EXPECT_EQ(session->incoming_flash().size(), 0u);
  // And a Remix v3 cookie is never read as flat data.
  std::optional<Session> v3 = ReadRemixV3(payload, "fresh");
  ASSERT_TRUE(v3.has_value());
  EXPECT_EQ(v3->id(), "42");
  EXPECT_EQ(*v3->get("role"), R"("admin")");
  EXPECT_FALSE(ReadRemixV3(R"({"role":"admin"})", "fresh").has_value());
}

// As JSON.parse: a repeated key keeps its last value at its first place. The
// flat layout is read without a tree (parse_json_object_members), so values
// stay as written even then.
TEST(DecodeSessionPayload, ReactRouterRepeatedKeyKeepsLastValueInFirstPlace) {
  std::optional<Session> session = ReadReactRouter(
      R"({"a":1,"b":"x","a":{"n": 2},"__flash_m__":1,"__flash_m__":"ok"})",
      "fresh");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->values().to_json_text(), R"({"a":{"n": 2},"b":"x"})");
  EXPECT_EQ(session->incoming_flash().to_json_text(), R"({"m":"ok"})");
}

// The last "d" decides whether a payload is Remix v3, as in the tree.
TEST(DecodeSessionPayload, RepeatedRemixV3KeysAreJudgedByTheirLastValue) {
  std::optional<Session> flat =
      ReadReactRouter(R"({"i":"x","d":[{"a":1}],"d":1})", "fresh");
  EXPECT_FALSE(ReadRemixV3(R"({"i":"x","d":[{"a":1}],"d":1})", "fresh"));
  ASSERT_TRUE(flat.has_value());
  EXPECT_EQ(flat->id(), "fresh");
  EXPECT_EQ(flat->values().to_json_text(), R"({"i":"x","d":1})");
  std::optional<Session> v3 =
      ReadRemixV3(R"({"i":"x","d":1,"d":[{"a":1}]})", "fresh");
  ASSERT_TRUE(v3.has_value());
  EXPECT_EQ(v3->id(), "x");
  EXPECT_EQ(v3->values().to_json_text(), R"({"a":1})");
}

// Payloads that open like Remix v3 are read from the tree, the others without
// one; either way each format is recognised and read the same.
TEST(DecodeSessionPayload, RemixV3ThatOpensUnusuallyIsStillRemixV3) {
  for (const char* payload :
       {R"({"\u0069":"x","d":[{"a":1},{"m":2}]})",
        R"( {  "d" : [ {"a":1}, {"m":2} ] , "i" : "x" } )",
        "{\n\"i\":\"x\",\"d\":[{\"a\":1},{\"m\":2}]}"}) {
    std::optional<Session> session = ReadRemixV3(payload, "fresh");
    ASSERT_TRUE(session.has_value()) << payload;
    EXPECT_EQ(session->id(), "x") << payload;
    EXPECT_EQ(session->values().to_json_text(), R"({"a":1})") << payload;
    EXPECT_EQ(session->incoming_flash().to_json_text(), R"({"m":2})")
        << payload;
  }
}

TEST(DecodeSessionPayload, FlatObjectOpeningWithIOrDReadsLikeAnyFlatOne) {
  for (const char* first : {"i", "d", "x"}) {
    const std::string payload =
        std::string(R"({")") + first + R"(":1,"a":2,"a":{"n": 3}})";
    std::optional<Session> session = ReadReactRouter(payload, "fresh");
    ASSERT_TRUE(session.has_value()) << payload;
    EXPECT_EQ(session->id(), "fresh");
    EXPECT_EQ(session->values().to_json_text(),
              std::string(R"({")") + first + R"(":1,"a":{"n": 3}})");
  }
  EXPECT_FALSE(ReadRemixV3(R"({"i":"x","d":[}})", "").has_value());
}

TEST(DecodeSessionPayload, EmptyObjectIsACleanEmptySession) {
  std::optional<Session> session = ReadReactRouter("{}", "fresh");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->size(), 0u);
  EXPECT_FALSE(session->dirty());
}

TEST(DecodeSessionPayload, RejectsNonObjectJson) {
  for (const char* payload :
       {"[]", "[{\"a\":1}]", "\"str\"", "42", "null", "true"}) {
    EXPECT_FALSE(ReadReactRouter(payload, "fresh").has_value()) << payload;
  }
}

// No session holds more than kMaxSessionBytes: a larger record (another
// program's) is bad input, not a session whose first set would fail.
TEST(DecodeSessionPayload, RejectsAPayloadOverTheSessionLimit) {
  const std::string over =
      R"({"a":")" + std::string(kMaxSessionBytes, 'x') + R"("})";
  EXPECT_FALSE(
      decode_session_payload(over, CookieFormat::kReactRouter, "").has_value());
  EXPECT_FALSE(
      decode_session_payload(over, CookieFormat::kRemixV3, "").has_value());
  const std::string under =
      R"({"a":")" + std::string(kMaxSessionBytes - 10, 'x') + R"("})";
  EXPECT_TRUE(decode_session_payload(under, CookieFormat::kReactRouter, "")
                  .has_value());
}

// Regression (audit of issue 10.4): set() counts keys as they are, and
// keys JSON escapes ("\u0001" for one byte) take up to six times that in
// the record: 520 such keys were taken, committed as 3 MB, read back as a
// fresh session. The commit refuses a record the read would, writing none.
TEST(AppendSessionRecord, RefusesARecordTheReadWouldRefuse) {
  Session session;
  const std::string key(1000, '\x01');
  int keys = 0;
  while (session.set(key + std::to_string(keys), "1").ok()) ++keys;
  std::string record = "kept";
  const Status status = append_session_record(record, session);
  EXPECT_EQ(status.code, ErrorCode::kValueTooLarge) << keys << " keys";
  EXPECT_NE(status.message.find(std::to_string(kMaxSessionBytes)),
            std::string::npos)
      << status.message;
  EXPECT_EQ(record, "kept");
  // Fewer keys fit, and read back.
  Session fewer;
  for (int i = 0; i < 80; ++i) {
    ASSERT_TRUE(fewer.set(key + std::to_string(i), "1").ok());
  }
  record.clear();
  ASSERT_TRUE(append_session_record(record, fewer).ok());
  const std::optional<Session> read = ReadReactRouter(record, "id");
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->size(), 80U);
}

// codec.h: the read takes a record of up to kMaxSessionBytes, and a commit
// refuses one only past that, so a record of exactly that size (another
// program's, or one written before set() kept room for the times) reads and
// is written back as it was; one byte more is refused. Mutation pass (s47):
// either bound made exclusive went unnoticed (such a session read fresh, or
// its commit refused though the read takes it).
TEST(AppendSessionRecord, ARecordOfExactlyTheLimitReadsAndIsWrittenBack) {
  const std::size_t wrapping = std::string(R"({"a":""})").size();
  const std::string record =
      R"({"a":")" + std::string(kMaxSessionBytes - wrapping, 'x') + R"("})";
  ASSERT_EQ(record.size(), kMaxSessionBytes);
  const std::optional<Session> read = ReadReactRouter(record, "id");
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->size(), 1u);
  std::string written;
  ASSERT_TRUE(append_session_record(written, *read).ok());
  EXPECT_EQ(written, record);
  std::string over = record;
  over.insert(over.size() - 2, "x");
  EXPECT_FALSE(ReadReactRouter(over, "id").has_value());
}

// codec.h: nesting past kMaxJsonDepth (the root object counted) is refused,
// as a value set is (bindings.cpp); at the bound it is read. Mutation pass
// (s47): the cookie payload read one level deeper than a session may hold
// went unnoticed (only the reader's own tests held the bound).
TEST(DecodeSessionPayload, ReadsNestingToTheLimitAndRefusesOneLevelMore) {
  const auto nested = [](int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') + "1" +
           std::string(static_cast<std::size_t>(depth), ']');
  };
  EXPECT_TRUE(ReadReactRouter("{\"a\":" + nested(kMaxJsonDepth - 1) + "}", "id")
                  .has_value());
  EXPECT_FALSE(ReadReactRouter("{\"a\":" + nested(kMaxJsonDepth) + "}", "id")
                   .has_value());
}

// The same bound for Remix v3, whose values sit two levels down (the root
// and "d"): a payload nested past kMaxJsonDepth in all is refused, not read
// with its values judged on their own. Mutation pass (s47): the payload's own
// depth bound raised by those two levels went unnoticed (a value the
// React Router format refuses was read).
TEST(DecodeSessionPayload, RemixV3CountsNestingFromThePayloadsRoot) {
  const auto payload = [](int depth) {
    return R"({"i":"x","d":[{"a":)" +
           std::string(static_cast<std::size_t>(depth), '[') + "1" +
           std::string(static_cast<std::size_t>(depth), ']') + "}]}";
  };
  const std::optional<Session> at_limit =
      ReadRemixV3(payload(kMaxJsonDepth - 3), "fresh");
  ASSERT_TRUE(at_limit.has_value());
  EXPECT_EQ(at_limit->size(), 1u);
  EXPECT_FALSE(ReadRemixV3(payload(kMaxJsonDepth - 2), "fresh").has_value());
}

TEST(DecodeSessionPayload, RejectsInvalidJson) {
  for (const char* payload : {"", " ", "{", "{\"a\":}", "{\"a\":1,}", "{'a':1}",
                              "{\"a\":1} x", "{\"a\":\"unterminated}"}) {
    EXPECT_FALSE(ReadReactRouter(payload, "fresh").has_value()) << payload;
  }
}

TEST(DecodeSessionPayload, RejectsInvalidUtf8InsideAString) {
  EXPECT_FALSE(ReadReactRouter("{\"a\":\"\xff\"}", "").has_value());
  EXPECT_FALSE(ReadReactRouter("{\"\xc3\":1}", "").has_value());
  // An overlong encoding of '/' and a lone UTF-16 surrogate as raw bytes.
  EXPECT_FALSE(ReadReactRouter("{\"a\":\"\xc0\xaf\"}", "").has_value());
  EXPECT_FALSE(ReadReactRouter("{\"a\":\"\xed\xa0\x80\"}", "").has_value());
}

// Regression: nlohmann's lexer reads a NUL byte as the end of input, so a
// payload with anything after a NUL parsed, where JSON.parse rejects it.
TEST(DecodeSessionPayload, RejectsTextAfterAnEmbeddedNul) {
  const std::string trailing_nul("{\"a\":1}\0", 8);
  const std::string trailing_junk("{\"a\":1}\0junk", 12);
  EXPECT_FALSE(ReadReactRouter(trailing_nul, "").has_value());
  EXPECT_FALSE(ReadReactRouter(trailing_junk, "").has_value());
  EXPECT_FALSE(parse_json(trailing_junk).is_object());
}

TEST(SessionPayload, NonAsciiValuesRoundTripInBothFormats) {
  const Json value = J(R"("h\u00e9llo \u2713 \ud83d\ude00")");
  // JSON.stringify's output: raw UTF-8.
  const std::string value_json = dump_json(value);
  ASSERT_EQ(value_json, "\"h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80\"");
  for (CookieFormat format :
       {CookieFormat::kReactRouter, CookieFormat::kRemixV3}) {
    Session session("id", RawJsonObject(), RawJsonObject());
    ASSERT_TRUE(session.set("gr\xc3\xbc\xc3\x9f", value_json).ok());
    ASSERT_TRUE(session.flash("note", value_json).ok());
    const std::string payload = Encode(session, format);
    // Written as raw UTF-8, as JSON.stringify does.
    EXPECT_NE(payload.find("h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80"),
              std::string::npos);
    std::optional<Session> decoded =
        decode_session_payload(payload, format, "id");
    ASSERT_TRUE(decoded.has_value());
    ASSERT_NE(decoded->get("gr\xc3\xbc\xc3\x9f"), nullptr);
    ASSERT_NE(decoded->get("note"), nullptr);
    EXPECT_EQ(*decoded->get("gr\xc3\xbc\xc3\x9f"), value_json);
    EXPECT_EQ(*decoded->get("note"), value_json);
    EXPECT_EQ(parse_json(*decoded->get("gr\xc3\xbc\xc3\x9f")), value);
    EXPECT_EQ(parse_json(*decoded->get("note")), value);
  }
}

TEST(SessionPayload, ComplexValuesRoundTrip) {
  const Json value = J(R"({"n":-1.5e-7,"big":9007199254740993,"a":[null,{}]})");
  Session session;
  ASSERT_TRUE(session.set("k", dump_json(value)).ok());
  std::optional<Session> decoded =
      ReadReactRouter(Encode(session, CookieFormat::kReactRouter), "");
  ASSERT_TRUE(decoded.has_value());
  ASSERT_NE(decoded->get("k"), nullptr);
  EXPECT_EQ(parse_json(*decoded->get("k")), value);
}

}  // namespace
}  // namespace edge_session

namespace edge_session {
namespace {

// The v3 values are cut verbatim from the payload, and a payload whose text
// and parsed tree do not line up (a repeated key) still decodes correctly.
TEST(DecodeSessionPayloadRemixV3, KeepsValueTextVerbatim) {
  auto session = ReadRemixV3(
      R"({"i":"id-1","d":[{"user":{"id":1, "n":"x\ud800"}},{"m":"ok"}]})", "");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->id(), "id-1");
  ASSERT_NE(session->get("user"), nullptr);
  EXPECT_EQ(*session->get("user"), R"({"id":1, "n":"x\ud800"})");
  ASSERT_NE(session->get("m"), nullptr);
  EXPECT_EQ(*session->get("m"), R"("ok")");
}

TEST(DecodeSessionPayloadRemixV3, DecodesAPayloadWithARepeatedKey) {
  // nlohmann keeps the last "d" (as JSON.parse does) at the first one's
  // place: the tree has 2 members, the text 3, so spans are not used and the
  // values come from the tree, never from a misaligned span.
  auto session =
      ReadRemixV3(R"({"i":"id-2","d":[{"a":1},{}],"d":[{"b":2},{"f":3}]})", "");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->id(), "id-2");
  EXPECT_EQ(session->get("a"), nullptr);
  ASSERT_NE(session->get("b"), nullptr);
  EXPECT_EQ(*session->get("b"), "2");
  ASSERT_NE(session->get("f"), nullptr);
  EXPECT_EQ(*session->get("f"), "3");
}

// The bound holds for what a commit writes, times included: a session read
// within it whose times carry it one byte past is refused, nothing written;
// one byte less is written whole. Mutation pass (s52): the write's bound one
// byte looser went unnoticed (only the read's was held at its edge).
TEST(AppendSessionRecord, ARecordOneBytePastTheLimitWithItsTimesIsRefused) {
  const SessionTimes times{1700000000000, 1700000000000, 1800000000000, 0,
                           true};
  const auto record_of = [&](std::size_t filler) {
    std::optional<Session> session =
        ReadReactRouter(R"({"a":")" + std::string(filler, 'x') + R"("})", "id");
    session->set_times(times);
    return *session;
  };
  std::string probe;
  ASSERT_TRUE(append_session_record(probe, record_of(0)).ok());
  const std::size_t filler = kMaxSessionBytes - probe.size();
  std::string written = "kept";
  ASSERT_TRUE(append_session_record(written, record_of(filler)).ok());
  EXPECT_EQ(written.size(), 4 + kMaxSessionBytes);
  written = "kept";
  const Status over = append_session_record(written, record_of(filler + 1));
  EXPECT_EQ(over.code, ErrorCode::kValueTooLarge);
  EXPECT_EQ(written, "kept");
}

}  // namespace
}  // namespace edge_session
