// Hexadecimal digits as percent-escapes (RFC 3986 §2.1) and JSON's \uXXXX
// escapes (RFC 8259 §7) spell them: either case.
#pragma once

namespace edge_session {

// The value of the hex digit `c`, -1 if it is none.
inline int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace edge_session
