// The JSON type of the core. ordered_json keeps insertion order as JavaScript
// objects do, so the same operations give the same bytes as React Router.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edge_session {

using Json = nlohmann::ordered_json;

// Parses without throwing (the WASM has exceptions off): a discarded value
// on failure, which callers test with is_discarded(). As JSON.parse does, it
// accepts lone UTF-16 surrogate escapes ("\ud800", which JSON.stringify writes
// for half an emoji); they become U+FFFD, since UTF-8 cannot hold them.
Json parse_json(std::string_view text);

// One member of a JSON object, read without building the tree.
struct JsonMember {
  std::string key;         // decoded by nlohmann, as parse_json decodes it
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

// The index of the member named `key` among members[0, count), or a new one
// added at `count` (a kind of null, reusing the storage a previous read left
// there): how JsonObjectReader's two paths collect members, a repeated key
// keeping its first place.
std::size_t member_slot(std::vector<JsonMember>& members, std::size_t& count,
                        std::string_view key);

// Reads the members of JSON objects into storage it keeps from one read to
// the next, keys' capacity included: once it has read its largest object, a
// read allocates nothing of its own (nlohmann's lexer, when it runs, does).
class JsonObjectReader {
 public:
  // The members of the JSON object `text`, in order, validated exactly as
  // parse_json validates (the same NUL and lone surrogate rules) without
  // building a tree. A one-pass scanner (json_object_scanner.h) reads the
  // texts our commits write; whatever it is not sure of goes to nlohmann's
  // SAX parser, and the value texts are then cut out of `text`
  // (json_member_values). A repeated key keeps, as JSON.parse does,
  // its last value at its first position. nullopt when `text` is not valid
  // JSON or its root is not an object. Valid until the next read.
  std::optional<std::span<const JsonMember>> read(std::string_view text);

 private:
  std::vector<JsonMember> members_;  // the first count_ are this read's
  std::size_t count_ = 0;
  std::vector<std::size_t> slots_;
  std::vector<std::string_view> values_;
  std::string repaired_;
};

// The same with a reader of its own: what JsonObjectReader::read gives, copied.
std::optional<std::vector<JsonMember>> parse_json_object_members(
    std::string_view text);

// Dumps without throwing: invalid UTF-8 (a lone surrogate from JS) becomes
// U+FFFD instead of an exception.
inline std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

}  // namespace edge_session
