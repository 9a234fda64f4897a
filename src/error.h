// Closed set of failures the core reports. The numeric values cross into JS
// (js/errors.js maps each to an Error subclass), so they are stable: append,
// never renumber.
#pragma once

#include <string>
#include <utility>

namespace edge_session {

enum class ErrorCode : int {
  kOk = 0,
  kInvalidCookieName = 1,  // not an RFC 6265 §4.1.1 token
  kInvalidDomain = 2,      // Domain attribute is not a host name
  kInvalidPath = 3,        // Path holds a control character or ';'
  kInvalidExpires = 4,     // Expires outside what an HTTP date can say
  kInvalidMaxAge = 5,      // Max-Age not an integer
  kInvalidSameSite = 6,    // not Lax / Strict / None
  kInvalidPriority = 7,    // not Low / Medium / High
  kCookieTooLarge = 8,     // Set-Cookie over the 4096-byte browser limit
  kInvalidSecret = 9,      // an empty secret (HMAC key of zero length)
  kSessionDestroyed = 10,  // write to a destroyed session
  kInvalidKey = 11,        // a key reserved for flash storage (__flash_x__)
  kInvalidValue = 12,      // a value JSON cannot hold (raised by the JS layer)
  kInvalidOptions = 13,    // options object malformed
  kInvalidSessionId = 14,  // id empty or not printable ASCII
  kValueTooLarge = 15,     // a value or a session's data over its limit
  kInvalidPrefix = 16,     // a __Host-/__Secure- name whose attributes break
                           // its prefix's rules (RFC 6265bis §4.1.3)
};

// What a fallible core call returns: no exceptions cross into JS (STYLE.md),
// so every failure travels as a code plus a human message.
struct Status {
  ErrorCode code = ErrorCode::kOk;
  std::string message;

  bool ok() const { return code == ErrorCode::kOk; }
  static Status Ok() { return {}; }
  static Status Fail(ErrorCode c, std::string m) { return {c, std::move(m)}; }
};

template <class T>
struct Result {
  T value{};
  Status status;

  bool ok() const { return status.ok(); }
  static Result Ok(T v) { return {std::move(v), Status::Ok()}; }
  static Result Fail(ErrorCode c, std::string m) {
    return {T{}, Status::Fail(c, std::move(m))};
  }
};

}  // namespace edge_session
