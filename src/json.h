// The JSON type of the core. ordered_json keeps insertion order as JavaScript
// objects do, so the same operations give the same bytes as React Router.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace edge_session {

using Json = nlohmann::ordered_json;

// Parses without throwing (the WASM has exceptions off): a discarded value
// on failure, which callers test with is_discarded(). As JSON.parse does, it
// accepts lone UTF-16 surrogate escapes ("\ud800", which JSON.stringify writes
// for half an emoji); they become U+FFFD, since UTF-8 cannot hold them.
Json parse_json(std::string_view text);

// Dumps without throwing: invalid UTF-8 (a lone surrogate from JS) becomes
// U+FFFD instead of an exception.
inline std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

}  // namespace edge_session
