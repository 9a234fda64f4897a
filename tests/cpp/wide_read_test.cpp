// Regression (issue 10.3, "a record of 16,000 keys about what a record of the
// same size with one key costs"): a wide record read ~7-12x slower than one
// long value of its size, most of it work done twice per key. The reader
// indexed every key to merge repeats, rehashing them as its table doubled;
// the session then built its own index over the same keys at its first
// lookup; and each key was copied into the reader before its copy into the
// session. Now the session's index merges repeats as it is built, once, and
// the reader's keys view the text. The tests count hashes, never time.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "codec.h"
#include "json.h"
#include "session.h"

namespace edge_session {
namespace {

constexpr int kKeys = 16000;

// A record as a store holds one: kKeys keys, the session's times last.
std::string WideRecord() {
  std::string text = "{";
  for (int i = 0; i < kKeys; ++i) {
    text += "\"k" + std::to_string(i) + "\":" + std::to_string(i % 10) + ",";
  }
  text += R"("__es__":[1000,1000,0]})";
  return text;
}

std::optional<Session> Read(std::string_view record) {
  return decode_session_payload(record, CookieFormat::kReactRouter, "");
}

TEST(WideRead, HashesEachKeyOnceAndItsFirstLookupNoneAgain) {
  const std::string record = WideRecord();
  const std::uint64_t before = keys_hashed_on_this_thread();
  std::optional<Session> session = Read(record);
  ASSERT_TRUE(session.has_value());
  // Each key once into the session's index, and the few a small object
  // scans before it has one once more when it gets it (RawJsonObject's
  // kIndexedFrom). It was ~4 per key: ~64,000 more.
  EXPECT_LE(keys_hashed_on_this_thread() - before, kKeys + 16u);
  const std::uint64_t read = keys_hashed_on_this_thread();
  ASSERT_NE(session->get("k12345"), nullptr);
  EXPECT_EQ(*session->get("k12345"), "5");
  EXPECT_EQ(keys_hashed_on_this_thread() - read, 2u);  // the two gets alone
  EXPECT_EQ(session->size(), static_cast<std::size_t>(kKeys));
  EXPECT_EQ(session->times().created, 1000);
}

TEST(WideRead, ReadKeysViewTheTextInsteadOfCopies) {
  const std::string text = R"({"alpha":1,"beta":2})";
  JsonObjectReader reader;
  const std::optional<std::span<const JsonMember>> members = reader.read(text);
  ASSERT_TRUE(members.has_value());
  ASSERT_EQ(members->size(), 2u);
  EXPECT_EQ((*members)[0].key.data(), text.data() + 2);
  EXPECT_EQ((*members)[1].key.data(), text.data() + 12);
}

// The merge moved from the reader to the session's index: JSON.parse's rule
// (a repeated key keeps its last value at its first place) must hold there
// for values, flash and times, past the size from which the object indexes.
TEST(WideRead, RepeatedKeysOfAWideRecordKeepTheirLastValueAtTheirFirstPlace) {
  std::string text = R"({"__es__":"not times","first":0,)";
  for (int i = 0; i < 100; ++i) text += "\"k" + std::to_string(i) + "\":1,";
  text += R"("__flash_m__":1,"k5":"again","first":"last","__flash_m__":"ok",)"
          R"("__es__":[1000,1000,0]})";
  std::optional<Session> session = Read(text);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->size(), 102u);  // first, k0..k99, and the flash m
  EXPECT_EQ(session->values().to_json_text().substr(0, 32),
            R"({"first":"last","k0":1,"k1":1,"k)");
  EXPECT_EQ(*session->get("k5"), R"("again")");
  EXPECT_EQ(*session->get_flash("m"), R"("ok")");
  EXPECT_EQ(session->times().created, 1000);
  // The last "__es__" decides: malformed last, the record is bad input.
  text.replace(text.rfind("[1000,1000,0]"), 13, R"("soon")");
  text.replace(text.find(R"("not times")"), 11, "[1000,1000,0]");
  EXPECT_FALSE(Read(text).has_value());
}

}  // namespace
}  // namespace edge_session
