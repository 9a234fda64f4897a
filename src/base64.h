// Base64 as browsers and Remix use it for cookie values and signatures.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace edge_session {

// Standard alphabet (RFC 4648 §4). `pad` false drops the trailing '=' as
// Remix does for signatures.
std::string base64_encode(std::string_view bytes, bool pad = true);

// WHATWG forgiving-base64 decode, exactly what atob() accepts: ASCII
// whitespace removed, padding optional but correct if present, the unused low
// bits of the last character ignored. nullopt for anything atob() rejects.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace edge_session
