// RawJsonObject (members kept as raw JSON text, in JS property order) and
// append_json_string, which must escape byte for byte as JSON.stringify.
#include "raw_json_object.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edge_session {
namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::string Quote(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

std::vector<RawJsonObject::Member> Members(const RawJsonObject& object) {
  std::vector<RawJsonObject::Member> members;
  object.for_each([&](const std::string& key, const std::string& value) {
    members.emplace_back(key, value);
  });
  return members;
}

// --- set / find / erase ----------------------------------------------------

TEST(RawJsonObject, StartsEmpty) {
  RawJsonObject object;
  EXPECT_TRUE(object.empty());
  EXPECT_EQ(object.size(), 0u);
  EXPECT_EQ(object.find("a"), nullptr);
  EXPECT_EQ(object.to_json_text(), "{}");
}

TEST(RawJsonObject, SetThenFindGivesTheValueText) {
  RawJsonObject object;
  object.set("a", "1");
  object.set("b", R"({"c":[true,null]})");
  EXPECT_FALSE(object.empty());
  EXPECT_EQ(object.size(), 2u);
  ASSERT_NE(object.find("a"), nullptr);
  EXPECT_EQ(*object.find("a"), "1");
  ASSERT_NE(object.find("b"), nullptr);
  EXPECT_EQ(*object.find("b"), R"({"c":[true,null]})");
  EXPECT_EQ(object.find("c"), nullptr);
  EXPECT_EQ(object.find(""), nullptr);
}

TEST(RawJsonObject, KeepsInsertionOrderLikeJsObjects) {
  RawJsonObject object;
  object.set("zeta", "1");
  object.set("alpha", "2");
  object.set("mid", "3");
  EXPECT_EQ(object.to_json_text(), R"({"zeta":1,"alpha":2,"mid":3})");
  const std::vector<RawJsonObject::Member> expected = {
      {"zeta", "1"}, {"alpha", "2"}, {"mid", "3"}};
  EXPECT_EQ(Members(object), expected);
}

TEST(RawJsonObject, SetOfAnExistingKeyReplacesInPlace) {
  RawJsonObject object;
  object.set("a", "1");
  object.set("b", "2");
  object.set("c", "3");
  object.set("b", R"("two")");
  EXPECT_EQ(object.size(), 3u);
  EXPECT_EQ(*object.find("b"), R"("two")");
  EXPECT_EQ(object.to_json_text(), R"({"a":1,"b":"two","c":3})");
}

TEST(RawJsonObject, EraseRemovesOnlyThatKeyAndKeepsTheOrder) {
  RawJsonObject object;
  object.set("a", "1");
  object.set("b", "2");
  object.set("c", "3");
  object.erase("b");
  EXPECT_EQ(object.size(), 2u);
  EXPECT_EQ(object.find("b"), nullptr);
  EXPECT_EQ(object.to_json_text(), R"({"a":1,"c":3})");
  object.erase("missing");
  EXPECT_EQ(object.to_json_text(), R"({"a":1,"c":3})");
  // Set again after an erase: goes to the end, as in JS.
  object.set("b", "4");
  EXPECT_EQ(object.to_json_text(), R"({"a":1,"c":3,"b":4})");
  object.erase("a");
  object.erase("c");
  object.erase("b");
  EXPECT_TRUE(object.empty());
  EXPECT_EQ(object.to_json_text(), "{}");
}

// Past a few members, lookups go through an index (issue 10.3: reading
// every key of a wide session was quadratic). Checked against a plain list
// through a mix of sets, replacements, erases and appends that crosses the
// index's threshold both ways.
TEST(RawJsonObject, AWideObjectBehavesAsAListThroughSetsAndErases) {
  RawJsonObject object;
  std::vector<RawJsonObject::Member> expected;
  const auto expect_find = [&](const std::string& key) {
    const auto it = std::find_if(expected.begin(), expected.end(),
                                 [&](const auto& m) { return m.first == key; });
    const std::string* found = object.find(key);
    if (it == expected.end()) {
      EXPECT_EQ(found, nullptr) << key;
    } else {
      ASSERT_NE(found, nullptr) << key;
      EXPECT_EQ(*found, it->second) << key;
    }
  };
  unsigned state = 12345;
  const auto next = [&] { return state = state * 1103515245u + 12345u; };
  for (int step = 0; step < 20000; ++step) {
    const std::string key = "k" + std::to_string((next() >> 8) % 64);
    const std::string value = std::to_string(step);
    const auto it = std::find_if(expected.begin(), expected.end(),
                                 [&](const auto& m) { return m.first == key; });
    switch ((next() >> 8) % 4) {
      case 0:
      case 1:
        object.set(key, value);
        if (it == expected.end()) {
          expected.emplace_back(key, value);
        } else {
          it->second = value;
        }
        break;
      case 2:
        object.erase(key);
        if (it != expected.end()) expected.erase(it);
        break;
      default:
        if (it == expected.end()) {
          object.set(key, value);  // a key that is not there: goes last
          expected.emplace_back(key, value);
        }
    }
    expect_find(key);
    expect_find("k" + std::to_string((next() >> 8) % 64));
    // Kept as members change, not summed: still the text's size.
    ASSERT_EQ(object.json_text_size(), object.to_json_text().size()) << step;
  }
  EXPECT_EQ(Members(object), expected);
}

// Regression (issue 10 grader pass, "wide unset quadratic"): each erase
// shifted the members and dropped the index, which the next lookup rehashed,
// so unsetting the keys of a wide session one by one was quadratic (16,000
// keys: ~200 us per unset). The budget is some 50x the linear figure even
// under ASan; the quadratic one took minutes.
TEST(RawJsonObject, UnsettingEveryKeyOfAWideObjectIsLinear) {
  constexpr int kKeys = 40000;
  RawJsonObject object;
  for (int i = 0; i < kKeys; ++i) {
    object.set("k" + std::to_string(i), std::to_string(i));
  }
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kKeys; ++i) {
    const std::string key = "k" + std::to_string(i);
    ASSERT_NE(object.find(key), nullptr) << key;
    object.erase(key);
    ASSERT_EQ(object.find(key), nullptr) << key;
    ASSERT_EQ(object.size(), static_cast<std::size_t>(kKeys - i - 1));
    if (i % 3 == 0) object.set(key, "0");  // set again: goes last
    if (i % 3 == 0) object.erase(key);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(object.empty());
  EXPECT_EQ(object.to_json_text(), "{}");
}

// Erased members leave gaps in a wide object: order, size and the JSON text
// are those of the members left, and a key set again goes last.
TEST(RawJsonObject, AWideObjectWithErasedMembersWritesOnlyTheLiveOnes) {
  RawJsonObject object;
  std::string expected = "{";
  for (int i = 0; i < 40; ++i)
    object.set("k" + std::to_string(i), std::to_string(i));
  for (int i = 0; i < 40; i += 4) object.erase("k" + std::to_string(i));
  object.set("k4", "\"again\"");
  for (int i = 1; i < 40; ++i) {
    if (i % 4 == 0) continue;
    expected += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  }
  expected += "\"k4\":\"again\"}";
  EXPECT_EQ(object.size(), 31u);
  EXPECT_EQ(object.to_json_text(), expected);
  EXPECT_EQ(object.json_text_size(), expected.size());
  EXPECT_EQ(Members(object).size(), 31u);
  EXPECT_EQ(Members(object).back().first, "k4");
}

TEST(RawJsonObject, KeysAreEscapedValuesAreNot) {
  RawJsonObject object;
  object.set("q\"b\\n\nc\x01 h\xc3\xa9", R"("v\n")");
  EXPECT_EQ(object.to_json_text(),
            "{\"q\\\"b\\\\n\\nc\\u0001 h\xc3\xa9\":\"v\\n\"}");
  const Json parsed = parse_json(object.to_json_text());
  ASSERT_TRUE(parsed.is_object());
  EXPECT_EQ(parsed, (Json{{"q\"b\\n\nc\x01 h\xc3\xa9", "v\n"}}));
}

TEST(RawJsonObject, AppendToAppendsWithoutClearing) {
  RawJsonObject object;
  object.set("a", "1");
  std::string out = "[";
  object.append_to(out);
  out += ',';
  RawJsonObject().append_to(out);
  out += ']';
  EXPECT_EQ(out, R"([{"a":1},{}])");
}

// --- from_json / to_json_text ----------------------------------------------

TEST(RawJsonObject, FromJsonDumpsEachMemberInOrder) {
  const Json json = parse_json(
      R"({"s":"h\u00e9llo","n":-1.5,"a":[1,{"b":null}],"t":true,"o":{}})");
  ASSERT_TRUE(json.is_object());
  RawJsonObject object = RawJsonObject::from_json(json);
  const std::vector<RawJsonObject::Member> expected = {
      {"s", "\"h\xc3\xa9llo\""},
      {"n", "-1.5"},
      {"a", R"([1,{"b":null}])"},
      {"t", "true"},
      {"o", "{}"}};
  EXPECT_EQ(Members(object), expected);
}

TEST(RawJsonObject, FromJsonOfANonObjectIsEmpty) {
  for (const char* text : {"[1,2]", "[]", "\"str\"", "42", "true", "null"}) {
    const Json json = parse_json(text);
    ASSERT_FALSE(json.is_discarded()) << text;
    EXPECT_TRUE(RawJsonObject::from_json(json).empty()) << text;
  }
  EXPECT_TRUE(RawJsonObject::from_json(parse_json("{")).empty());
  EXPECT_TRUE(RawJsonObject::from_json(Json::object()).empty());
}

TEST(RawJsonObject, ToJsonTextRoundTripsThroughParseJson) {
  for (const char* text :
       {R"({})", R"({"a":1})",
        R"({"userId":"mj","nested":{"x":[1,2.5,"s",null,false]},"e":""})",
        R"({"esc":"\"\\\/\b\f\n\r\t\u0001\u001f\u007f","\n":"k"})",
        R"({"u":"h\u00e9llo \u2713 \ud83d\ude00","\u00fc":"\u2028"})",
        R"({"big":9007199254740993,"neg":-0.0,"exp":1e300})"}) {
    const Json json = parse_json(text);
    ASSERT_TRUE(json.is_object()) << text;
    const std::string round_tripped =
        RawJsonObject::from_json(json).to_json_text();
    EXPECT_EQ(parse_json(round_tripped), json) << text;
    // And byte for byte what nlohmann's dump of the whole object gives.
    EXPECT_EQ(round_tripped, dump_json(json)) << text;
  }
}

// --- append_json_string: as JSON.stringify ---------------------------------

TEST(AppendJsonString, PlainTextIsQuoted) {
  EXPECT_EQ(Quote(""), R"("")");
  EXPECT_EQ(Quote("hello world"), R"("hello world")");
  EXPECT_EQ(Quote("/ ' < > &"), R"("/ ' < > &")");  // no escape for '/'
}

TEST(AppendJsonString, AppendsToWhatIsThere) {
  std::string out = "x:";
  append_json_string(out, "y");
  EXPECT_EQ(out, R"(x:"y")");
}

TEST(AppendJsonString, EscapesQuoteAndBackslash) {
  EXPECT_EQ(Quote("a\"b"), R"("a\"b")");
  EXPECT_EQ(Quote("a\\b"), R"("a\\b")");
  EXPECT_EQ(Quote("\\u0041"), R"("\\u0041")");
}

TEST(AppendJsonString, UsesTheShortFormsForBFNRT) {
  EXPECT_EQ(Quote("\b\f\n\r\t"), R"("\b\f\n\r\t")");
}

TEST(AppendJsonString, OtherControlCharactersAsLowercaseUnicodeEscapes) {
  EXPECT_EQ(Quote(std::string_view("\0", 1)), R"("\u0000")");
  EXPECT_EQ(Quote("\x01"), R"("\u0001")");
  EXPECT_EQ(Quote("\x0b"), R"("\u000b")");  // \v has no short form in JSON
  EXPECT_EQ(Quote("\x0e"), R"("\u000e")");
  EXPECT_EQ(Quote("\x1b"), R"("\u001b")");
  EXPECT_EQ(Quote("\x1f"), R"("\u001f")");
  EXPECT_EQ(Quote(" "), R"(" ")");  // 0x20 is printable
}

TEST(AppendJsonString, DelIsRaw) { EXPECT_EQ(Quote("\x7f"), "\"\x7f\""); }

TEST(AppendJsonString, NonAsciiUtf8IsRaw) {
  const char* text = "h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80";
  EXPECT_EQ(Quote(text), std::string("\"") + text + "\"");
  // The extremes of each sequence length, and U+2028/U+2029 (raw in
  // JSON.stringify since ES2019).
  for (const char* valid :
       {"\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80",
        "\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\xe2\x80\xa8",
        "\xe2\x80\xa9"}) {
    EXPECT_EQ(Quote(valid), std::string("\"") + valid + "\"") << valid;
  }
}

// Every ASCII byte alone: the same bytes nlohmann writes (whose escaping of
// ASCII equals JSON.stringify's), and parsed back to itself.
TEST(AppendJsonString, EveryAsciiByteMatchesNlohmannAndRoundTrips) {
  for (int c = 0; c < 0x80; ++c) {
    const std::string text(1, static_cast<char>(c));
    const std::string quoted = Quote(text);
    EXPECT_EQ(quoted, dump_json(Json(text))) << c;
    const Json parsed = parse_json(quoted);
    ASSERT_TRUE(parsed.is_string()) << c;
    EXPECT_EQ(parsed.get<std::string>(), text) << c;
  }
}

// Invalid UTF-8 becomes U+FFFD: the output is always valid JSON text.
void ExpectValidJsonString(const std::string& quoted) {
  const Json parsed = parse_json(quoted);
  ASSERT_TRUE(parsed.is_string()) << quoted;
  EXPECT_NE(parsed.get<std::string>().find(kReplacement), std::string::npos)
      << quoted;
}

TEST(AppendJsonString, LoneInvalidByteBecomesReplacementCharacter) {
  EXPECT_EQ(Quote("\xff"), std::string("\"") + kReplacement + "\"");
  EXPECT_EQ(Quote("a\xff"
                  "b"),
            std::string("\"a") + kReplacement + "b\"");
  EXPECT_EQ(Quote("\x80"), std::string("\"") + kReplacement + "\"");
  ExpectValidJsonString(Quote("\xff"));
}

TEST(AppendJsonString, TruncatedSequenceBecomesReplacementCharacter) {
  // The first two bytes of U+2713 and three of U+1F600, then ASCII.
  for (const char* text : {"a\xe2\x9c"
                           "b",
                           "a\xf0\x9f\x98"
                           "b",
                           "a\xe2\x9c", "a\xc3"}) {
    const std::string quoted = Quote(text);
    ExpectValidJsonString(quoted);
    EXPECT_EQ(quoted.rfind(std::string("\"a") + kReplacement, 0), 0u) << quoted;
    const Json parsed = parse_json(quoted);
    ASSERT_TRUE(parsed.is_string()) << quoted;
    const std::string value = parsed.get<std::string>();
    // Nothing but U+FFFD between the ASCII around the broken sequence.
    const bool ends_in_b = std::string_view(text).back() == 'b';
    const std::string middle =
        value.substr(1, value.size() - 1 - (ends_in_b ? 1 : 0));
    ASSERT_FALSE(middle.empty()) << quoted;
    ASSERT_EQ(middle.size() % 3, 0u) << quoted;
    for (std::size_t i = 0; i < middle.size(); i += 3) {
      EXPECT_EQ(middle.substr(i, 3), kReplacement) << quoted;
    }
    if (ends_in_b) {
      EXPECT_EQ(value.back(), 'b') << quoted;
    }
  }
}

TEST(AppendJsonString, EncodedSurrogateBecomesReplacementCharacters) {
  // ED A0 80 would be U+D800: not valid UTF-8 (RFC 3629 §3). Each byte is a
  // maximal invalid subpart, as TextDecoder sees it.
  const std::string quoted = Quote("x\xed\xa0\x80y");
  EXPECT_EQ(quoted, std::string("\"x") + kReplacement + kReplacement +
                        kReplacement + "y\"");
  ExpectValidJsonString(quoted);
  // The last valid three-byte sequence before the surrogates stays.
  EXPECT_EQ(Quote("\xed\x9f\xbf"), "\"\xed\x9f\xbf\"");
}

TEST(AppendJsonString, OverlongEncodingBecomesReplacementCharacters) {
  // C0 80: an overlong NUL (modified UTF-8); E0 80 AF and F0 80 80 AF are
  // overlong '/'.
  EXPECT_EQ(Quote("\xc0\x80"),
            std::string("\"") + kReplacement + kReplacement + "\"");
  ExpectValidJsonString(Quote("\xc0\x80"));
  ExpectValidJsonString(Quote("\xe0\x80\xaf"));
  ExpectValidJsonString(Quote("\xf0\x80\x80\xaf"));
  // Above U+10FFFF.
  ExpectValidJsonString(Quote("\xf4\x90\x80\x80"));
  ExpectValidJsonString(Quote("\xf5\x80\x80\x80"));
}

TEST(AppendJsonString, InvalidBytesDoNotSwallowEscapesThatFollow) {
  const std::string quoted = Quote("\xe2\"\n\xf0\\");
  EXPECT_EQ(quoted, std::string("\"") + kReplacement + "\\\"\\n" +
                        kReplacement + "\\\\\"");
  const Json parsed = parse_json(quoted);
  ASSERT_TRUE(parsed.is_string());
  EXPECT_EQ(parsed.get<std::string>(),
            std::string(kReplacement) + "\"\n" + kReplacement + "\\");
}

}  // namespace
}  // namespace edge_session

namespace edge_session {
namespace {

TEST(JsonMemberValues, CutsTheValuesOfAnObjectVerbatim) {
  const std::string text =
      R"( { "a" : 1 , "b":"x,\"}]" ,"c":{"d":[1,{"e":"]"}]},"f":[ ],"g":true,"h":-1.5e3,"i":null } )";
  std::vector<std::string_view> values = json_member_values(text);
  ASSERT_EQ(values.size(), 7u);
  EXPECT_EQ(values[0], "1");
  EXPECT_EQ(values[1], R"("x,\"}]")");
  EXPECT_EQ(values[2], R"({"d":[1,{"e":"]"}]})");
  EXPECT_EQ(values[3], "[ ]");
  EXPECT_EQ(values[4], "true");
  EXPECT_EQ(values[5], "-1.5e3");
  EXPECT_EQ(values[6], "null");
}

TEST(JsonMemberValues, CutsTheElementsOfAnArray) {
  std::vector<std::string_view> values =
      json_member_values(R"([{"a":1},{},"s\\"])");
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[0], R"({"a":1})");
  EXPECT_EQ(values[1], "{}");
  EXPECT_EQ(values[2], R"("s\\")");
}

TEST(JsonMemberValues, FindsNothingInAnEmptyObjectOrAScalar) {
  EXPECT_TRUE(json_member_values("{}").empty());
  EXPECT_TRUE(json_member_values(" { } ").empty());
  EXPECT_TRUE(json_member_values("42").empty());
}

TEST(RawJsonObjectFromMembers, KeepsEachValueExactlyAsWritten) {
  const std::string text =
      R"({"user":{"id":1, "name":"Ada"},"n":2,"s":"x\ud800y","caf\u00e9":1})";
  JsonObjectReader reader;
  auto members = reader.read(text);
  ASSERT_TRUE(members.has_value());
  RawJsonObject raw = RawJsonObject::from_members(*members);
  ASSERT_EQ(raw.size(), 4u);
  EXPECT_EQ(*raw.find("user"), R"({"id":1, "name":"Ada"})");
  EXPECT_EQ(*raw.find("n"), "2");
  // A lone surrogate escape stays an escape, as JSON.parse would read it.
  EXPECT_EQ(*raw.find("s"), R"("x\ud800y")");
  // Keys come decoded.
  ASSERT_NE(raw.find("caf\xC3\xA9"), nullptr);
}

TEST(AppendJsonStringContent, IsTheStringWithoutItsQuotes) {
  for (const char* text : {"", "plain", "a\"b\\c", "\n\x01\x7f", "caf\xC3\xA9",
                           "bad\xff", "\xed\xa0\x80x"}) {
    std::string quoted;
    append_json_string(quoted, text);
    std::string content = "<";
    append_json_string_content(content, text);
    EXPECT_EQ(content, "<" + quoted.substr(1, quoted.size() - 2)) << text;
  }
}

TEST(RawJsonObject, JsonTextSizeIsTheSizeWithoutEscapes) {
  RawJsonObject raw;
  EXPECT_EQ(raw.json_text_size(), raw.to_json_text().size());
  raw.set("user", R"({"id":1})");
  raw.set("n", "2");
  EXPECT_EQ(raw.json_text_size(), raw.to_json_text().size());
}

TEST(JsonMemberValues, AppendsToTheGivenVector) {
  std::vector<std::string_view> values = {"kept"};
  json_member_values(R"({"a":1,"b":[2]})", values);
  EXPECT_EQ(values, (std::vector<std::string_view>{"kept", "1", "[2]"}));
}

// utf8_sequence_length looks only within the text it is given: a lead byte
// at the end of a view is invalid there, whatever follows it in memory.
// Mutation pass (s52): the bound check dropped went unnoticed; the sequence
// was completed from the byte past the view and copied whole.
TEST(AppendJsonString, ASequenceCutByTheEndOfTheTextIsInvalid) {
  const std::string_view text("a\xC3\xA9", 3);
  std::string out;
  append_json_string_content(out, text.substr(0, 2));
  EXPECT_EQ(out, "a\xEF\xBF\xBD");
  out.clear();
  append_json_string_content(out, text);
  EXPECT_EQ(out, "a\xC3\xA9");
}

}  // namespace
}  // namespace edge_session
