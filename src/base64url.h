// base64url without padding (RFC 4648 §5, §3.2): the sealed cookie's
// encoding. Its 64 characters are all cookie-octets (RFC 6265 §4.1.1) that
// encodeURIComponent leaves alone, so both cookie dialects write it as is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace edge_session {

std::size_t base64url_encoded_size(std::size_t size);
void append_base64url(std::string& out, std::span<const std::uint8_t> bytes);

// Strict: only the 64 characters, no padding, no length that cannot come
// from whole bytes, unused low bits zero (RFC 4648 §3.5), so every byte
// string has exactly one encoding. Appends to `out`; false (with `out`
// unspecified) otherwise.
bool append_base64url_decoded(std::string& out, std::string_view text);

}  // namespace edge_session
