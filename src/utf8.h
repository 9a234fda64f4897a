// UTF-8 well-formedness, shared by the JSON writer (raw_json_object.cpp) and
// the JSON object scanner: both must judge a byte sequence exactly as
// nlohmann/json's lexer does.
#pragma once

#include <cstddef>
#include <string_view>

namespace edge_session {

// Length of the well-formed UTF-8 sequence at text[i] (RFC 3629 §4, the
// table nlohmann's lexer follows), 0 if there is none.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

}  // namespace edge_session
