#include "json.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edge_session {
namespace {

TEST(ParseJson, ParsesValidText) {
  EXPECT_EQ(parse_json(R"({"a":[1,"x"]})"), Json::parse(R"({"a":[1,"x"]})"));
}

TEST(ParseJson, RejectsInvalidTextWithoutThrowing) {
  EXPECT_TRUE(parse_json("{").is_discarded());
  EXPECT_TRUE(parse_json("").is_discarded());
}

TEST(ParseJson, RejectsAnEmbeddedNul) {
  EXPECT_TRUE(parse_json(std::string_view("{}\0x", 4)).is_discarded());
}

// JSON.parse refuses a leading byte order mark; nlohmann skipped it, and JS
// then threw on the text the core had passed as valid.
TEST(ParseJson, RejectsALeadingByteOrderMarkAsJsonParseDoes) {
  EXPECT_TRUE(parse_json("\xEF\xBB\xBF{\"a\":1}").is_discarded());
  EXPECT_TRUE(parse_json("\xEF\xBB\xBF\"x\"").is_discarded());
  EXPECT_EQ(parse_json("\"\xEF\xBB\xBF\""),
            Json("\xEF\xBB\xBF"));  // inside a string: text
}

// Regression: JSON.stringify('a\ud800b') is "a\ud800b" (escaped); nlohmann
// rejected it, so a React Router cookie holding half an emoji read as empty.
TEST(ParseJson, TurnsALoneHighSurrogateIntoReplacementCharacter) {
  EXPECT_EQ(parse_json(R"("a\ud800b")"), Json("a\xEF\xBF\xBD"
                                              "b"));
}

TEST(ParseJson, TurnsALoneLowSurrogateIntoReplacementCharacter) {
  EXPECT_EQ(parse_json(R"(["\uDC00"])"), Json::array({"\xEF\xBF\xBD"}));
}

TEST(ParseJson, TurnsAHighSurrogateFollowedByANonSurrogateIntoReplacement) {
  EXPECT_EQ(parse_json(R"("\ud83d\u0041")"), Json("\xEF\xBF\xBD"
                                                  "A"));
}

TEST(ParseJson, KeepsAValidSurrogatePair) {
  EXPECT_EQ(parse_json(R"("\ud83d\ude00")"), Json("\xF0\x9F\x98\x80"));
}

TEST(ParseJson, LeavesAnEscapedBackslashBeforeUAlone) {
  EXPECT_EQ(parse_json(R"("\\ud800")"), Json("\\ud800"));
}

TEST(ParseJson, RepairsSurrogatesInKeys) {
  Json parsed = parse_json(R"({"\udfff":1})");
  ASSERT_TRUE(parsed.is_object());
  EXPECT_TRUE(parsed.contains("\xEF\xBF\xBD"));
}

// --- parse_json_object_members: the SAX reader of a flat object -------------

std::string TypeName(Json::value_t type) {
  switch (type) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
      return "integer";
    case Json::value_t::number_unsigned:
      return "unsigned";
    case Json::value_t::number_float:
      return "float";
    case Json::value_t::string:
      return "string";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    default:
      return "other";
  }
}

// "key type value" per member, to compare a whole result at once.
std::vector<std::string> Members(std::string_view text) {
  std::optional<std::vector<OwnedJsonMember>> members =
      parse_json_object_members(text);
  if (!members) return {"nullopt"};
  std::vector<std::string> out;
  for (const OwnedJsonMember& member : *members) {
    out.push_back(member.key + " " + TypeName(member.type) + " " +
                  std::string(member.value));
  }
  return out;
}

using Lines = std::vector<std::string>;

TEST(ParseJsonObjectMembers, ReadsKeysKindsAndVerbatimValueText) {
  EXPECT_EQ(Members(R"( { "user" : {"id":42, "roles":["a"]}, "n":-1.5e3,)"
                    R"("u":7,"i":-7,"s":"x\n","t":true,"z":null,"a":[1, 2]} )"),
            (Lines{R"(user object {"id":42, "roles":["a"]})", "n float -1.5e3",
                   "u unsigned 7", "i integer -7", R"(s string "x\n")",
                   "t boolean true", "z null null", "a array [1, 2]"}));
}

// After a read wider than it keeps, a reader frees its storage (the widest
// record's held ~2.3 MB for the isolate's life); it reads on exactly, through
// the scanner and through nlohmann (an escaped key), repeated keys included.
TEST(JsonObjectReader, ReadsExactlyAfterReleasingAWideReadsStorage) {
  JsonObjectReader reader;
  const auto wide = [](std::string_view first) {
    std::string text = "{" + std::string(first);
    for (std::size_t i = 0; i <= JsonObjectReader::kKeptMembers; ++i) {
      text += ",\"k" + std::to_string(i) + "\":" + std::to_string(i);
    }
    return text + ",\"k0\":\"last\"}";
  };
  for (const std::string_view first : {R"("a":1)", R"("\u0061":1)"}) {
    const std::string text = wide(first);
    std::optional<std::span<const JsonMember>> members = reader.read(text);
    ASSERT_TRUE(members);
    ASSERT_EQ(members->size(), JsonObjectReader::kKeptMembers + 2);
    EXPECT_EQ((*members)[0].key, "a");
    EXPECT_EQ((*members)[1].value, R"("last")");
    EXPECT_EQ(members->back().key,
              "k" + std::to_string(JsonObjectReader::kKeptMembers));
    reader.release_if_wide();
    members = reader.read(R"({"b":2,"\u0063":[3],"b":4})");
    ASSERT_TRUE(members);
    ASSERT_EQ(members->size(), 2u);
    EXPECT_EQ(std::string((*members)[0].key) + std::string((*members)[1].key),
              "bc");
    EXPECT_EQ((*members)[0].value, "4");
    reader.release_if_wide();  // a narrow read's storage is kept: no change
    members = reader.read(R"({"d":5})");
    ASSERT_TRUE(members);
    EXPECT_EQ(members->size(), 1u);
  }
}

// A reader reuses its members: what an earlier read left must never show.
TEST(JsonObjectReader, ReusedReadsGiveExactlyEachObjectsMembers) {
  JsonObjectReader reader;
  const auto lines = [&reader](std::string_view text) {
    const std::optional<std::span<const JsonMember>> members =
        reader.read(text);
    if (!members) return Lines{"nullopt"};
    Lines out;
    for (const JsonMember& member : *members) {
      out.push_back(std::string(member.key) + " " + TypeName(member.type) +
                    " " + std::string(member.value));
    }
    return out;
  };
  EXPECT_EQ(lines(R"({"a_long_key_that_allocates":[1],"b":"x","c":null})"),
            (Lines{"a_long_key_that_allocates array [1]", R"(b string "x")",
                   "c null null"}));
  EXPECT_EQ(lines(R"({"c":true})"), (Lines{"c boolean true"}));
  EXPECT_EQ(lines("[1]"), (Lines{"nullopt"}));
  EXPECT_EQ(lines(R"({"b":1,"b":{}})"), (Lines{"b object {}"}));
  EXPECT_EQ(lines("{}"), Lines{});
  EXPECT_EQ(lines(R"({"x\ud800":"\udfff","y":2})"),
            (Lines{"x\xEF\xBF\xBD string \"\\udfff\"", "y unsigned 2"}));
  EXPECT_EQ(lines(R"({"a_long_key_that_allocates":0})"),
            (Lines{"a_long_key_that_allocates unsigned 0"}));
}

TEST(ParseJsonObjectMembers, EmptyObjectHasNoMembers) {
  std::optional<std::vector<OwnedJsonMember>> members =
      parse_json_object_members(" {} ");
  ASSERT_TRUE(members.has_value());
  EXPECT_TRUE(members->empty());
}

// JSON.parse('{"a":1,"b":2,"a":{"x":3}}') is {a:{x:3},b:2}: the last value,
// at the place of the first key. nlohmann's tree does the same.
TEST(ParseJsonObjectMembers, RepeatedKeyKeepsLastValueAtFirstPosition) {
  const char* text = R"({"a":1,"b":2,"a":{"x":3}})";
  EXPECT_EQ(Members(text), (Lines{R"(a object {"x":3})", "b unsigned 2"}));
  const Json tree = parse_json(text);
  ASSERT_EQ(tree.size(), 2u);
  EXPECT_EQ(tree.begin().key(), "a");
  EXPECT_EQ(tree["a"], parse_json(R"({"x":3})"));
}

TEST(ParseJsonObjectMembers, RepeatedKeysInNestedValuesAreNotMembers) {
  EXPECT_EQ(Members(R"({"o":{"a":1,"a":2},"l":[{"a":0}],"a":3})"),
            (Lines{R"(o object {"a":1,"a":2})", R"(l array [{"a":0}])",
                   "a unsigned 3"}));
}

TEST(ParseJsonObjectMembers, DecodesEscapedKeys) {
  EXPECT_EQ(Members(R"({"a\"b":1,"caf\u00e9":2,"\ud83d\ude00":3,"\/":4})"),
            (Lines{"a\"b unsigned 1", "caf\xC3\xA9 unsigned 2",
                   "\xF0\x9F\x98\x80 unsigned 3", "/ unsigned 4"}));
}

// An escaped key and its raw spelling are one key, as in JSON.parse.
TEST(ParseJsonObjectMembers, EscapedAndRawSpellingsOfAKeyAreOneKey) {
  EXPECT_EQ(Members(R"({"\u0061":1,"a":"2"})"), (Lines{R"(a string "2")"}));
}

// Lone surrogates become U+FFFD in keys, as parse_json makes them; a value's
// text is kept as written.
TEST(ParseJsonObjectMembers, RepairsLoneSurrogatesInKeysKeepsValueText) {
  EXPECT_EQ(Members(R"({"\udfff":"x\ud800y","b\ud83d":[ "\udc00" ]})"),
            (Lines{"\xEF\xBF\xBD string \"x\\ud800y\"",
                   "b\xEF\xBF\xBD array [ \"\\udc00\" ]"}));
}

TEST(ParseJsonObjectMembers, RejectsNonObjectRoots) {
  for (const char* text : {"[]", R"([{"a":1}])", R"("{}")", "42", "-1", "1.5",
                           "null", "true", "false"}) {
    EXPECT_FALSE(parse_json_object_members(text).has_value()) << text;
  }
}

TEST(ParseJsonObjectMembers, RejectsInvalidJsonAsParseJsonDoes) {
  for (const char* text : {"",
                           " ",
                           "{",
                           "}",
                           R"({"a":})",
                           R"({"a":1,})",
                           "{'a':1}",
                           "{a:1}",
                           R"({"a":1} x)",
                           R"({"a":1}{})",
                           R"({"a":"unterminated})",
                           R"({"a":[1,]})",
                           R"({"a":{"b":}})",
                           R"({"a":01})",
                           R"({"a":1e400})",
                           R"({"a":"\x"})",
                           "{\"a\":\"\t\"}",
                           "{\"a\":\"\xff\"}",
                           "{\"\xc3\":1}",
                           "{\"a\":\"\xed\xa0\x80\"}",
                           "{\"a\":\"\xc0\xaf\"}"}) {
    EXPECT_FALSE(parse_json_object_members(text).has_value()) << text;
    EXPECT_TRUE(parse_json(text).is_discarded()) << text;
  }
}

TEST(ParseJsonObjectMembers, RejectsALeadingByteOrderMark) {
  EXPECT_FALSE(parse_json_object_members("\xEF\xBB\xBF{\"a\":1}").has_value());
}

TEST(ParseJsonObjectMembers, RejectsAnEmbeddedNul) {
  EXPECT_FALSE(
      parse_json_object_members(std::string_view("{}\0", 3)).has_value());
  EXPECT_FALSE(
      parse_json_object_members(std::string_view("{\"a\":1}\0junk", 12))
          .has_value());
  EXPECT_FALSE(parse_json_object_members(std::string_view("{\"a\0\":1}", 8))
                   .has_value());
}

// The same verdict and the same members as the tree parse_json builds.
TEST(ParseJsonObjectMembers, AgreesWithTheTreeOfParseJson) {
  for (const char* text :
       {R"({"user":{"id":42,"name":"Ada Lovelace","roles":["admin","editor"]},)"
        R"("count":7,"__flash_message__":"Saved!"})",
        R"({"a":"}","b":"\"{","c":[{"d":"]"}],"e":"\\"})",
        R"({"x":1,"y":[],"x":"two","z":{},"y":false})",
        "\t{\n\"k\" :\r[ 1 , {\"q\":null} ] ,\"m\":-0.5E-3}\n"}) {
    const Json tree = parse_json(text);
    ASSERT_TRUE(tree.is_object()) << text;
    std::optional<std::vector<OwnedJsonMember>> members =
        parse_json_object_members(text);
    ASSERT_TRUE(members.has_value()) << text;
    ASSERT_EQ(members->size(), tree.size()) << text;
    std::size_t i = 0;
    for (auto it = tree.begin(); it != tree.end(); ++it, ++i) {
      EXPECT_EQ((*members)[i].key, it.key()) << text;
      EXPECT_EQ((*members)[i].type, it->type()) << text;
      EXPECT_EQ(parse_json((*members)[i].value), *it) << text;
    }
  }
}

}  // namespace
}  // namespace edge_session

namespace edge_session {
namespace {

std::string Nested(int depth, const std::string& inner = "1") {
  return std::string(static_cast<std::size_t>(depth), '[') + inner +
         std::string(static_cast<std::size_t>(depth), ']');
}

// Issue 10.2: a stored record nested ~5,000 levels made the JSON writer
// recurse past the WASM stack. Nesting is bounded where JSON is read.
TEST(JsonNesting, DeepRecordOverflowedTheStackIsRefusedOnEveryPath) {
  const std::string deep = "{\"a\":" + Nested(5000) + "}";
  EXPECT_TRUE(parse_json(deep).is_discarded());
  EXPECT_FALSE(parse_json_object_members(deep).has_value());
  // Exactly at the bound: read by the scanner (plain keys) and by nlohmann's
  // SAX path (an escaped key sends the text there); one more is refused.
  for (const char* key : {"a", "\\u0061"}) {
    const std::string at_limit =
        std::string("{\"") + key + "\":" + Nested(kMaxJsonDepth - 1) + "}";
    const std::string past_limit =
        std::string("{\"") + key + "\":" + Nested(kMaxJsonDepth) + "}";
    EXPECT_TRUE(parse_json_object_members(at_limit).has_value()) << key;
    EXPECT_FALSE(parse_json_object_members(past_limit).has_value()) << key;
    EXPECT_TRUE(parse_json(at_limit).is_object()) << key;
    EXPECT_TRUE(parse_json(past_limit).is_discarded()) << key;
  }
}

TEST(JsonNesting, CountsContainersOutsideStringsOnly) {
  EXPECT_FALSE(json_nests_deeper_than(R"({"a":"[[[[[[[[[[{{{{{{"})", 2));
  EXPECT_FALSE(json_nests_deeper_than(R"({"a":"\"[[[[["})", 1));
  EXPECT_TRUE(json_nests_deeper_than(R"({"a":[[1]]})", 2));
  EXPECT_FALSE(json_nests_deeper_than(R"({"a":[[1]]})", 3));
  EXPECT_FALSE(json_nests_deeper_than("[][][][]", 1));
}

// Issue 10.3: reading was quadratic in the number of keys. The index must
// find every repeated key however many there are (the linearity itself is
// shown by `npm run bench`'s wide-session cases).
TEST(MemberIndex, TenThousandKeysWithRepeatsKeepFirstPlaceAndLastValue) {
  std::string text = "{";
  for (int i = 0; i < 10000; ++i) {
    text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  }
  for (int i = 0; i < 10000; i += 7) {
    text += "\"k" + std::to_string(i) + "\":\"again\",";
  }
  text += "\"last\":0}";
  JsonObjectReader reader;
  for (int round = 0; round < 2; ++round) {  // a reused reader, too
    auto members = reader.read(text);
    ASSERT_TRUE(members.has_value());
    ASSERT_EQ(members->size(), 10001u);
    EXPECT_EQ((*members)[7].key, "k7");
    EXPECT_EQ((*members)[7].value, "\"again\"");
    EXPECT_EQ((*members)[8].value, "8");
    EXPECT_EQ((*members)[10000].key, "last");
  }
  // A small object after a large one: nothing of the large one shows.
  auto small = reader.read(R"({"k7":1,"k7":2})");
  ASSERT_TRUE(small.has_value());
  ASSERT_EQ(small->size(), 1u);
  EXPECT_EQ((*small)[0].value, "2");
}

}  // namespace
}  // namespace edge_session
