// The JSON type of the core. ordered_json keeps insertion order as JavaScript
// objects do, so the same operations give the same bytes as React Router.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
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

// The members of the JSON object `text`, in order: nlohmann's SAX parser
// validates all of it exactly as parse_json does (the same NUL and lone
// surrogate rules), but builds no tree; the value texts are then cut out of
// `text` (json_member_values). A repeated key keeps, as JSON.parse does, its
// last value at its first position. nullopt when `text` is not valid JSON
// or its root is not an object.
std::optional<std::vector<JsonMember>> parse_json_object_members(
    std::string_view text);

// Dumps without throwing: invalid UTF-8 (a lone surrogate from JS) becomes
// U+FFFD instead of an exception.
inline std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

}  // namespace edge_session
