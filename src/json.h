// The JSON type of the core. ordered_json keeps insertion order as JavaScript
// objects do, so the same operations give the same bytes as React Router.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "siphash.h"

namespace edge_session {

using Json = nlohmann::ordered_json;

// How deep any JSON the core reads may nest, root included. nlohmann's
// dump recurses once per level, and the WASM's stack is 128 KB: unbounded
// nesting in a stored record once overflowed it (issue 10.2). Far beyond any
// session's data; what enters deeper is bad input.
constexpr int kMaxJsonDepth = 64;
// How deep a value a session is given may nest: room for the layers a
// payload wraps values in (Remix v3's {"d":[{...}]}, a snapshot's
// {"values":{...}}), so a value set is always read back.
constexpr int kMaxValueDepth = kMaxJsonDepth - 4;

// Whether `text` (any bytes) nests containers deeper than `max_depth`
// outside string literals: one pass, no parse.
bool json_nests_deeper_than(std::string_view text, int max_depth);

// Parses without throwing (the WASM has exceptions off): a discarded value
// on failure, which callers test with is_discarded(). As JSON.parse does, it
// accepts lone UTF-16 surrogate escapes ("\ud800", which JSON.stringify writes
// for half an emoji); they become U+FFFD, since UTF-8 cannot hold them.
// Text nested deeper than kMaxJsonDepth is discarded.
Json parse_json(std::string_view text);

// One member of a JSON object, read without building the tree.
struct JsonMember {
  // Decoded, as parse_json decodes it: a view into the input when no escape
  // needed decoding (no copy), else into the reader's storage.
  std::string_view key;
  Json::value_t type;      // the value's kind
  std::string_view value;  // the value's JSON text, verbatim from the input
};

// JSON's insignificant whitespace (RFC 8259 §2).
inline bool is_json_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The first index from `i` on that is not JSON whitespace (or the size).
inline std::size_t skip_json_whitespace(std::string_view text, std::size_t i) {
  while (i < text.size() && is_json_whitespace(text[i])) ++i;
  return i;
}

// The secret key of hash_key from now on. Unseeded (FNV-1a), the hash let
// anyone who chooses a session's keys (form fields stored as top-level keys)
// make them all share their low bits, one bucket of KeyTable: reading a
// record of 16,000 such keys took 550-910 ms instead of 2.5-5.7 (issue 10.3,
// audit). The WASM's JS seeds it once per instance with 128 bits from the
// platform's CSPRNG, before any key is hashed (js/core-calls.js createCore);
// natively it is a fixed key until a test seeds it.
void seed_key_hash(std::uint64_t k0, std::uint64_t k1);
// What seed_key_hash last set.
SipHashKey key_hash_seed();

namespace key_hash_detail {
inline thread_local std::uint64_t keys_hashed = 0;
}  // namespace key_hash_detail

// A key's hash for KeyTable: SipHash-1-3 (Rust's HashMap and CPython's str
// hash use it against hash flooding), fast for the few bytes keys are.
inline std::uint64_t hash_key(const SipHashKey& seed, std::string_view key) {
  ++key_hash_detail::keys_hashed;
  return siphash13(seed, key);
}

// How many keys this thread has hashed (hash_key): what the tests count. A
// wide read must hash each key once; it hashed each about four times (the
// reader's index, rehashed as it doubled, then the session's own, built by
// its first lookup), most of a 16,000-key record's read (issue 10.3).
inline std::uint64_t keys_hashed_on_this_thread() {
  return key_hash_detail::keys_hashed;
}

// Finds keys in constant expected time, so reading or looking up every key
// of an object is linear in its size whatever its number of keys (a scan
// per key made 430 keys cost 370x an empty cookie: issue 10.3). Open
// addressing over positions in the caller's list of keys, which stay there
// (the list may grow or move meanwhile): key_at(i) gives key i. Keys are
// hashed under a secret seed (hash_key) so that no one can choose keys that
// share a bucket; a table keeps the seed it was built with until it grows,
// so a later seed_key_hash never loses its keys.
class KeyTable {
 public:
  static constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);

  // Forgets every key; keeps its storage.
  void clear() {
    if (used_ == 0) return;
    std::fill(table_.begin(), table_.end(), 0);
    used_ = 0;
  }
  // How many keys it holds: the list's first size().
  std::size_t size() const { return used_; }
  // Forgets every key and frees its storage.
  void release() {
    std::vector<std::uint32_t>().swap(table_);
    used_ = 0;
    reserved_ = 0;
  }
  // Sizes the table, when it next grows, for `keys` keys at least: a caller
  // that knows how many it will add rehashes none of them on the way (growth
  // by doubling hashed each key of a wide read three times).
  void reserve(std::size_t keys) { reserved_ = keys; }

  // The position of `key` among the list's first `count` keys (indexed
  // first, when the table does not hold exactly them), or kAbsent. With
  // `add`, an absent key is indexed at position `count`, where the caller
  // then puts it.
  template <typename KeyAt>
  std::size_t find(std::string_view key, std::size_t count, KeyAt key_at,
                   bool add) {
    if (used_ != count || 2 * (count + 1) > table_.size()) grow(count, key_at);
    const std::size_t mask = table_.size() - 1;
    std::size_t at = bucket(key, mask);
    for (; table_[at] != 0; at = (at + 1) & mask) {
      const std::size_t i = table_[at] - 1;
      if (key_at(i) == key) return i;
    }
    if (add) {
      table_[at] = static_cast<std::uint32_t>(count + 1);
      ++used_;
    }
    return kAbsent;
  }

  // The longest run of filled slots (wrapping around): the most slots a
  // lookup probes. A few dozen at most for any keys while their hashes
  // spread; every key when they share their low bits.
  std::size_t longest_run() const {
    std::size_t empty = 0;
    while (empty < table_.size() && table_[empty] != 0) ++empty;
    if (empty == table_.size()) return table_.size();
    std::size_t longest = 0;
    std::size_t run = 0;
    for (std::size_t n = 1; n <= table_.size(); ++n) {
      run = table_[(empty + n) & (table_.size() - 1)] != 0 ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    return longest;
  }

 private:
  std::size_t bucket(std::string_view key, std::size_t mask) const {
    return static_cast<std::size_t>(hash_key(seed_, key)) & mask;
  }

  // Rehashes keys [0, count) into a table at least twice their number (a
  // power of two): at most half full, so a probe stays short, and 4 bytes
  // per slot cost wide objects 8-16 bytes a key (a table four times their
  // number held 1 MB for a record of 63,000 keys).
  template <typename KeyAt>
  void grow(std::size_t count, KeyAt key_at) {
    std::size_t size = 64;
    while (size < 2 * (std::max(count, reserved_) + 1)) size *= 2;
    table_.assign(size, 0);
    seed_ = key_hash_seed();
    const std::size_t mask = size - 1;
    for (std::size_t i = 0; i < count; ++i) {
      std::size_t at = bucket(key_at(i), mask);
      while (table_[at] != 0) at = (at + 1) & mask;
      table_[at] = static_cast<std::uint32_t>(i + 1);
    }
    used_ = count;
  }

  std::vector<std::uint32_t> table_;  // position + 1; 0 is empty
  std::size_t used_ = 0;
  std::size_t reserved_ = 0;  // reserve's keys
  SipHashKey seed_;           // what the keys in table_ were hashed under
};

// What a JSON object's reader does with a key written twice.
enum class RepeatedKeys {
  kMerged,  // one member, at the first one's place, with the last value
  kKept,    // every member as written: the caller merges them
};

// How JsonObjectReader's two paths collect members: by key (KeyTable), or
// one per key read, in text order (RepeatedKeys).
class MemberIndex {
 public:
  // How the next reads collect members (kMerged until told).
  void set_repeated_keys(RepeatedKeys repeated) { repeated_ = repeated; }
  // Forgets every key; keeps its storage for the next read.
  void clear() { table_.clear(); }
  // Forgets every key and frees its storage.
  void release() { table_.release(); }
  // The index of the member named `key` among members[0, count), or a new
  // one added at `count` (a kind of null, reusing the storage a previous
  // read left there), a repeated key keeping its first place. With
  // RepeatedKeys::kKept, always a new one. A new member keeps the view
  // `key`: its text must outlive the read.
  std::size_t slot(std::vector<JsonMember>& members, std::size_t& count,
                   std::string_view key);

 private:
  KeyTable table_;
  RepeatedKeys repeated_ = RepeatedKeys::kMerged;
};

// Reads the members of JSON objects into storage it keeps from one read to
// the next, keys' capacity included: once it has read its largest object, a
// read allocates nothing of its own (nlohmann's lexer, when it runs, does),
// up to kKeptMembers members (release_if_wide).
class JsonObjectReader {
 public:
  // The members of the JSON object `text`, in order, validated exactly as
  // parse_json validates (the same NUL and lone surrogate rules) without
  // building a tree. A one-pass scanner (json_object_scanner.h) reads the
  // texts our commits write; whatever it is not sure of goes to nlohmann's
  // SAX parser, and the value texts are then cut out of `text`
  // (json_member_values). A repeated key keeps, as JSON.parse does,
  // its last value at its first position. nullopt when `text` is not valid
  // JSON or its root is not an object, or nests deeper than `max_depth`
  // (root included). Valid until the next read.
  // With RepeatedKeys::kKept, a repeated key is left as written (each of its
  // members in text order), for a caller that merges while it indexes its
  // own copy (RawJsonObject::from_members): a wide object's keys are then
  // hashed once, not once here and again there.
  std::optional<std::span<const JsonMember>> read(
      std::string_view text, int max_depth = kMaxJsonDepth,
      RepeatedKeys repeated = RepeatedKeys::kMerged);

  // One reader per thread, reused: reading a session allocates only what
  // the session keeps. A read invalidates what the previous one returned.
  static JsonObjectReader& for_this_thread();

  // Once the caller has copied what read() returned: frees the storage of a
  // read of more than kKeptMembers members (invalidating it). Kept, the
  // widest record's (512 KiB of 63,000 keys: ~2.3 MB of members, key index,
  // and nlohmann's slots and values) stayed held for the isolate's life, out
  // of reach of the sessions that need the memory; growing it again costs
  // little beside reading so many keys.
  void release_if_wide();
  // Up to this many members a reader keeps its storage (~40 bytes a member):
  // what bench/wide.js's 16,000 keys need.
  static constexpr std::size_t kKeptMembers = 16384;

 private:
  std::vector<JsonMember> members_;  // the first count_ are this read's
  std::size_t count_ = 0;
  MemberIndex index_;
  std::vector<std::size_t> slots_;
  std::vector<std::string_view> values_;
  std::string repaired_;
  // The keys nlohmann decoded, which members_ view: a deque, since its
  // strings never move as it grows. Reused from one read to the next.
  std::deque<std::string> decoded_keys_;
};

// A member whose key is its own, for parse_json_object_members.
struct OwnedJsonMember {
  std::string key;
  Json::value_t type;
  std::string_view value;  // into the text read
};

// The same with a reader of its own: what JsonObjectReader::read gives,
// copied (keys included; values still view `text`).
std::optional<std::vector<OwnedJsonMember>> parse_json_object_members(
    std::string_view text);

// Dumps without throwing: invalid UTF-8 (a lone surrogate from JS) becomes
// U+FFFD instead of an exception.
inline std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

}  // namespace edge_session
