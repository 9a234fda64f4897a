// Regression (issue 10.3, "Reads must be linear in size whatever the shape",
// audit): KeyTable hashed keys with unseeded FNV-1a, so anyone choosing a
// session's keys (apps store form fields as top-level keys) could make them
// all share the low bits that pick a slot: every lookup then probed past all
// the keys before it, and a record of 16,000 such keys read in 550-910 ms
// instead of 2.5-5.7. Keys are now hashed with SipHash-1-3 under a secret
// seed. The tests count probes, never time.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "json.h"
#include "raw_json_object.h"

namespace edge_session {
namespace {

// The unseeded hash KeyTable used before.
std::uint32_t fnv1a(std::string_view key) {
  std::uint32_t hash = 2166136261u;
  for (const char c : key) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  }
  return hash;
}

// `count` keys whose FNV-1a hashes share their low `bits` bits, made as the
// audit made them (tests/audit/fnv.mjs): "k" and a base-36 counter, kept
// when its low bits match the first key's. The counter's digits are stepped
// in place: millions of candidates, no string made for each.
std::vector<std::string> fnv_colliding_keys(std::size_t count, int bits) {
  constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";
  const std::uint32_t mask = (std::uint32_t{1} << bits) - 1;
  const std::uint32_t target = fnv1a("k0") & mask;
  std::vector<std::string> keys;
  std::string key = "k0";
  while (keys.size() < count) {
    if ((fnv1a(key) & mask) == target) keys.push_back(key);
    std::size_t at = key.size() - 1;  // the next counter value
    while (at > 0 && key[at] == 'z') key[at--] = '0';
    if (at == 0) {
      key.insert(1, "1");
    } else {
      key[at] = kDigits[kDigits.find(key[at]) + 1];
    }
  }
  return keys;
}

// 2,000 keys fill a table of 4,096 slots (KeyTable keeps it at most half
// full), whose slot is a hash's low 12 bits: the audit's shape (16,000 keys
// sharing 15 bits) at a size a test makes quickly.
constexpr std::size_t kKeys = 2000;
constexpr int kSlotBits = 12;

// Made once for all the tests: ~8 million candidates.
const std::vector<std::string>& colliding_keys() {
  static const std::vector<std::string> keys =
      fnv_colliding_keys(kKeys, kSlotBits);
  return keys;
}

// A table of `keys`, filled one lookup at a time as JsonObjectReader and
// RawJsonObject::set fill theirs.
KeyTable table_of(const std::vector<std::string>& keys) {
  KeyTable table;
  const auto key_at = [&keys](std::size_t i) -> std::string_view {
    return keys[i];
  };
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(table.find(keys[i], i, key_at, /*add=*/true), KeyTable::kAbsent);
  }
  return table;
}

// Sets the process's key hash seed for one test, then puts back the one
// before.
class SeededKeyHash {
 public:
  SeededKeyHash(std::uint64_t k0, std::uint64_t k1) : before_(key_hash_seed()) {
    seed_key_hash(k0, k1);
  }
  ~SeededKeyHash() { seed_key_hash(before_.k0, before_.k1); }
  SeededKeyHash(const SeededKeyHash&) = delete;
  SeededKeyHash& operator=(const SeededKeyHash&) = delete;

 private:
  SipHashKey before_;
};

TEST(CollidingKeys, KeysSharingTheirFnvSlotSpreadOverTheSeededTable) {
  const std::vector<std::string>& keys = colliding_keys();
  constexpr std::uint32_t kMask = (1u << kSlotBits) - 1;
  for (const std::string& key : keys) {  // what made them hostile
    ASSERT_EQ(fnv1a(key) & kMask, fnv1a(keys[0]) & kMask) << key;
  }

  // Under FNV-1a they all sat in one run of 2,000 slots; seeded, a run at
  // half load is a few dozen slots at most (16-25 under these seeds).
  for (const std::uint64_t k1 : {0x0f0e0d0c0b0a0908ull, 0x5eedull, 0ull}) {
    const SeededKeyHash seeded(0x9e3779b97f4a7c15ull ^ k1, k1);
    const KeyTable table = table_of(keys);
    EXPECT_LT(table.longest_run(), 100u);

    std::set<std::uint64_t> slots;
    for (const std::string& key : keys) {
      slots.insert(hash_key(key_hash_seed(), key) & kMask);
    }
    // ~1,580 of 4,096 slots for 2,000 random ones.
    EXPECT_GT(slots.size(), 1400u);
  }
}

TEST(CollidingKeys, AnObjectOfCollidingKeysReadsAndLooksUpEveryKey) {
  const std::vector<std::string>& keys = colliding_keys();
  std::string text = "{";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    text += (i == 0 ? "\"" : ",\"") + keys[i] + "\":" + std::to_string(i);
  }
  text += "}";
  const auto members = parse_json_object_members(text);
  ASSERT_TRUE(members.has_value());
  ASSERT_EQ(members->size(), keys.size());
  const RawJsonObject object = RawJsonObject::read_or_empty(text);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ((*members)[i].key, keys[i]);
    const std::string* value = object.find(keys[i]);
    ASSERT_NE(value, nullptr) << keys[i];
    EXPECT_EQ(*value, std::to_string(i));
  }
}

TEST(CollidingKeys, EachSeedHashesAKeyDifferently) {
  SipHashKey first;
  SipHashKey second;
  {
    const SeededKeyHash seeded(1, 2);
    first = key_hash_seed();
  }
  {
    const SeededKeyHash seeded(3, 4);
    second = key_hash_seed();
  }
  EXPECT_NE(hash_key(first, "k0"), hash_key(second, "k0"));
  EXPECT_EQ(hash_key(first, "k0"), hash_key(first, "k0"));
}

// A table keeps the seed it was built with: a seed set later (a test's, or
// an instance's first) would otherwise look its keys up in other slots.
TEST(CollidingKeys, ATableFindsItsKeysAfterTheSeedChanges) {
  const std::vector<std::string> keys(colliding_keys().begin(),
                                      colliding_keys().begin() + 100);
  const auto key_at = [&keys](std::size_t i) -> std::string_view {
    return keys[i];
  };
  KeyTable table = table_of({keys.begin(), keys.begin() + 50});
  const SeededKeyHash seeded(7, 8);
  for (std::size_t i = 0; i < 50; ++i) {
    EXPECT_EQ(table.find(keys[i], 50, key_at, /*add=*/false), i);
  }
  // Growing rehashes every key under the new seed.
  for (std::size_t i = 50; i < keys.size(); ++i) {
    EXPECT_EQ(table.find(keys[i], i, key_at, /*add=*/true), KeyTable::kAbsent);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(table.find(keys[i], keys.size(), key_at, /*add=*/false), i);
  }
}

}  // namespace
}  // namespace edge_session
