// Base64 as browsers and Remix use it for cookie values and signatures.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace edge_session {

// Standard alphabet (RFC 4648 §4). `pad` false drops the trailing '=' as
// Remix does for signatures.
std::string base64_encode(std::string_view bytes, bool pad = true);
// The same, appended to `out` (one growth at most, no temporary string).
void append_base64(std::string& out, std::string_view bytes, bool pad = true);
// The length of the encoding of `size` bytes.
std::size_t base64_encoded_size(std::size_t size, bool pad = true);

// WHATWG forgiving-base64 decode, exactly what atob() accepts: ASCII
// whitespace removed, padding optional but correct if present, the unused low
// bits of the last character ignored. nullopt for anything atob() rejects.
std::optional<std::string> base64_decode(std::string_view text);
// The same, in place: `text` becomes the decoded bytes (each group of four
// characters shrinks to three, so no buffer is needed). false, with `text`
// left unspecified, for anything atob() rejects.
bool base64_decode_in_place(std::string& text);
// The same, `text` decoded onto the end of `out`. false, with `out` left
// unspecified, for anything atob() rejects.
bool append_base64_decoded(std::string& out, std::string_view text);
// The same into `out`, for a value whose size is known (a MAC): true only
// when `text` decodes to exactly `size` bytes.
bool base64_decode_exact(std::string_view text, unsigned char* out,
                         std::size_t size);

}  // namespace edge_session
