#include "json.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace edge_session
