// A JSON object kept as its members' raw JSON text. Session values cross to
// and from JS as JSON text, so the session stores them that way: a value set
// in one request and committed is never parsed or dumped by the core, only
// concatenated. Untrusted text (a cookie, a stored record) is validated
// before it becomes one: by JsonObjectReader (json.h) or nlohmann/json.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json.h"

namespace edge_session {

class RawJsonObject {
 public:
  using Member = std::pair<std::string, std::string>;  // key, value JSON text

  // Each member of `object` (non-objects give an empty one), dumped.
  static RawJsonObject from_json(const Json& object);
  // The members a JsonObjectReader read, values verbatim. A key read twice
  // (RepeatedKeys::kKept) keeps, as JSON.parse and set do, its last value
  // at its first place.
  static RawJsonObject from_members(std::span<const JsonMember> members);
  // The members of the JSON object `text`, read by this thread's
  // JsonObjectReader (invalidating what it last returned); an empty object
  // for any other text.
  static RawJsonObject read_or_empty(std::string_view text);

  // nullptr when absent.
  const std::string* find(std::string_view key) const;
  // Inserts at the end, or replaces in place (JS property order).
  void set(std::string_view key, std::string value_json);
  // Amortised O(1) whatever the size: a wide object leaves a gap, filled
  // once gaps are half its members (a loop that unset the keys of a wide
  // session one by one was quadratic: each erase shifted the members and
  // dropped the index, which the next lookup rehashed).
  void erase(std::string_view key);

  // Room for `members` members, index included: one allocation each
  // instead of a growth sequence, and no key rehashed as the index grows.
  void reserve(std::size_t members) {
    members_.reserve(members);
    if (members >= kIndexedFrom) index_.reserve(members);
  }
  // After reserve(read) and the sets of `read` members read: when their keys
  // repeated so much that most of the room is unused (another program's
  // text; commits never write one), frees it and the index sized with it
  // (the next lookup builds one for the members). Kept, 512 KiB of 5 keys
  // written over and over held ~3 MB per session, more than the widest
  // record of distinct keys (README, Limits).
  void shrink_if_repeated(std::size_t read) {
    if (2 * (size() + kIndexedFrom) >= read) return;
    members_.shrink_to_fit();
    index_.release();
  }
  std::size_t size() const { return members_.size() - erased_; }
  bool empty() const { return size() == 0; }
  // Calls visit(key, value_json) for each member, in order.
  template <typename Visit>
  void for_each(Visit&& visit) const {
    for (const Member& member : members_) {
      if (!is_gap(member)) visit(member.first, member.second);
    }
  }

  // Appends `{"key":value,...}`, keys escaped as JSON.stringify does.
  void append_to(std::string& out) const;
  // The size append_to appends when no key needs an escape: what to reserve,
  // and what a set checks against the session's limit. O(1): kept as members
  // change (summed on each set, it made setting the keys of a wide session
  // one by one quadratic).
  std::size_t json_text_size() const { return empty() ? 2 : 1 + text_bytes_; }
  std::string to_json_text() const;

 private:
  // From this many members on, lookups go through index_.
  static constexpr std::size_t kIndexedFrom = 16;

  // For index_: member i's key.
  struct KeyAt {
    const std::vector<Member>* members;
    std::string_view operator()(std::size_t i) const {
      return (*members)[i].first;
    }
  };
  KeyAt key_at() const { return KeyAt{&members_}; }
  // The position of `key` in members_ (a gap's too), or KeyTable::kAbsent.
  std::size_t index_of(std::string_view key) const;
  // An erased member keeps its key, so the index stays valid, and loses its
  // value: no member's JSON text is empty.
  static bool is_gap(const Member& member) { return member.second.empty(); }
  // Renames the gap at position i to a key no lookup can name, so its key
  // can be added again at the end in O(1).
  void bury(std::size_t i);
  // Appends a member whose key no member, gaps included, has.
  void append_absent(std::string key, std::string value_json) {
    // An index that holds every key so far takes this one too.
    if (members_.size() >= kIndexedFrom && index_.size() == members_.size()) {
      index_.find(key, members_.size(), key_at(), /*add=*/true);
    }
    text_bytes_ += member_text_size(key, value_json);
    members_.emplace_back(std::move(key), std::move(value_json));
  }
  // Drops the gaps, and the index (positions moved): rebuilt by the next
  // lookup.
  void compact();

  // A member's share of json_text_size: {"": or ,"": and its text.
  static std::size_t member_text_size(std::string_view key,
                                      std::string_view value_json) {
    return key.size() + value_json.size() + 4;
  }

  std::vector<Member> members_;  // in JS property order, with erase's gaps
  std::size_t text_bytes_ = 0;   // member_text_size of the live members
  std::size_t erased_ = 0;       // gaps in members_; none below kIndexedFrom
  // Positions by key, for objects of kIndexedFrom members or more: built by
  // the first lookup (from_members' sets, for a read object), kept by set
  // and erase. So a lookup stays O(1) and reading every key
  // of a wide session is linear (issue 10.3); below that, a scan beats
  // hashing.
  mutable KeyTable index_;
};

// The spans of the values of a JSON object or array in `text`, which must be
// valid JSON (already parsed): a scan that only tracks strings and nesting.
std::vector<std::string_view> json_member_values(std::string_view text);
// The same, appended to `values` (which the caller may have reserved).
void json_member_values(std::string_view text,
                        std::vector<std::string_view>& values);

// Appends `text` as a JSON string literal, escaped byte for byte as
// JSON.stringify escapes it (RFC 8259 §7). Invalid UTF-8 (a lone surrogate
// that came through Embind) becomes U+FFFD so the output stays valid.
void append_json_string(std::string& out, std::string_view text);
// The same without the quotes, to build a string literal from pieces.
void append_json_string_content(std::string& out, std::string_view text);

}  // namespace edge_session
