// Cookie request-header parsing and Set-Cookie serialization (RFC 6265).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "error.h"

namespace edge_session {

enum class SameSite { kLax, kStrict, kNone };
enum class Priority { kUnset, kLow, kMedium, kHigh };

struct CookieAttributes {
  std::optional<std::string> domain;
  std::string path = "/";
  std::optional<std::int64_t> expires_ms;  // Unix epoch, milliseconds
  std::optional<std::int64_t> max_age;     // seconds
  bool http_only = false;
  bool secure = false;
  SameSite same_site = SameSite::kLax;
  bool partitioned = false;
  Priority priority = Priority::kUnset;
};

// The browser limit every major browser enforces on name + value + attributes.
inline constexpr std::size_t kMaxSetCookieBytes = 4096;

// kInvalidCookieName unless `name` is an RFC 6265 §4.1.1 token.
Status validate_cookie_name(std::string_view name);

// Checks Domain, Path and Expires; the message names the attribute.
Status validate_attributes(const CookieAttributes& attributes);

// RFC 6265bis §4.1.3: a "__Secure-" name needs Secure; a "__Host-" name needs
// Secure, Path=/ and no Domain. Browsers drop such cookies silently (a login
// that never sticks), so they fail here with kInvalidPrefix naming the rule.
Status validate_prefix_rules(std::string_view name,
                             const CookieAttributes& attributes);

// Value of the first pair named `name` in a Cookie header, as browsers send it:
// pairs split on ';', optional spaces, surrounding double quotes stripped,
// percent-decoded when it holds '%' (a malformed escape is left as is),
// pairs without '=' skipped. nullopt when absent.
std::optional<std::string> find_cookie(std::string_view header,
                                       std::string_view name);
// The same pair's value as it is written in `header` (a view of it): trimmed
// and unquoted, not percent-decoded.
std::optional<std::string_view> find_raw_cookie(std::string_view header,
                                                std::string_view name);

// `name=value; Max-Age=..; Domain=..; Path=..; Expires=..; HttpOnly; Secure;
// Partitioned; Priority=..; SameSite=..` in the attribute order of the `cookie`
// package React Router uses. SameSite=None and Partitioned force Secure.
// `value` is written as given: callers encode it.
std::string serialize_set_cookie(std::string_view name, std::string_view value,
                                 const CookieAttributes& attributes);
// Appends the `; Max-Age=..; ..` part of serialize_set_cookie to `out`.
void append_set_cookie_attributes(std::string& out,
                                  const CookieAttributes& attributes);
// An upper bound of what append_set_cookie_attributes appends, to reserve.
std::size_t set_cookie_attributes_capacity(const CookieAttributes& attributes);

// IMF-fixdate (RFC 7231 §7.1.1.1), e.g. "Thu, 01 Jan 1970 00:00:00 GMT".
std::string format_http_date(std::int64_t epoch_ms);

// encodeURIComponent: everything but A-Z a-z 0-9 - _ . ! ~ * ' ( ) escaped.
std::string percent_encode(std::string_view text);
// The same for text[from..], in place (one growth at most).
void percent_encode_in_place(std::string& text, std::size_t from = 0);

// decodeURIComponent that never fails: a malformed escape stays literal.
std::string percent_decode(std::string_view text);
// The same in place: decoding only ever shrinks the text.
void percent_decode_in_place(std::string& text);
// The same, `text` decoded onto the end of `out`: a copy and a decode in one
// pass.
void append_percent_decoded(std::string& out, std::string_view text);

}  // namespace edge_session
