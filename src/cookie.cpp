// Cookie request-header parsing and Set-Cookie serialization (RFC 6265).
//
// Everything is hand-written byte checks rather than <regex> or <locale>
// helpers: the WASM build stays small and no result depends on the C locale.
#include "cookie.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "decimal.h"
#include "hex.h"

namespace edge_session {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

// Epoch-millisecond bounds of years 0001..9999, the range an IMF-fixdate's
// four-digit year can say (RFC 7231 §7.1.1.1): 0001-01-01T00:00:00.000Z and
// 9999-12-31T23:59:59.999Z.
constexpr std::int64_t kMinExpiresMs = -62135596800000;
constexpr std::int64_t kMaxExpiresMs = 253402300799999;

// RFC 2616 §2.2 separators, which RFC 6265 §4.1.1 excludes from a token.
bool is_separator(char c) {
  switch (c) {
    case '(':
    case ')':
    case '<':
    case '>':
    case '@':
    case ',':
    case ';':
    case ':':
    case '\\':
    case '"':
    case '/':
    case '[':
    case ']':
    case '?':
    case '=':
    case '{':
    case '}':
      return true;
    default:
      return false;
  }
}

bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x21 && u <= 0x7E && !is_separator(c);
}

constexpr bool is_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9');
}

// The npm `cookie` package's domainValueRegExp, without a regex:
// /^([.]?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)([.][a-z0-9]([a-z0-9-]{0,61}
// [a-z0-9])?)*$/i. Each dot-separated label is 1-63 alphanumerics with inner
// hyphens; one leading dot is allowed (RFC 6265 §5.2.3 ignores it).
bool is_valid_domain(std::string_view domain) {
  if (!domain.empty() && domain.front() == '.') domain.remove_prefix(1);
  if (domain.empty()) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63) return false;
    if (!is_alnum(label.front()) || !is_alnum(label.back())) return false;
    for (const char c : label) {
      if (!is_alnum(c) && c != '-') return false;
    }
    if (end == domain.size()) return true;
    start = end + 1;
  }
}

// RFC 6265 §4.1.1 path-value: any CHAR except CTLs or ';'.
bool is_valid_path(std::string_view path) {
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E || c == ';') return false;
  }
  return true;
}

// Messages cross into JS as UTF-8 strings, so bytes that are not printable
// ASCII are shown as \xNN rather than copied raw.
std::string quote_for_message(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u <= 0x7E && c != '"' && c != '\\') {
      out += c;
    } else {
      out += "\\x";
      out += kHexDigits[u >> 4];
      out += kHexDigits[u & 0x0F];
    }
  }
  out += '"';
  return out;
}

void append_padded(std::string& out, std::int64_t value, int width) {
  std::string digits;
  append_int(digits, value);
  if (value < 0) {
    out += '-';
    digits.erase(0, 1);
  }
  for (auto n = static_cast<int>(digits.size()); n < width; ++n) out += '0';
  out += digits;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

struct CivilDate {
  std::int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Howard Hinnant's civil_from_days
// (https://howardhinnant.github.io/date_algorithms.html#civil_from_days):
// days since 1970-01-01 to a proleptic Gregorian date, exact for negatives.
CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = floor_div(z, 146097);
  const auto doe = static_cast<unsigned>(z - era * 146097);  // [0, 146096]
  const unsigned yoe =
      (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;     // [0, 399]
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                       // [0, 11]
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;             // [1, 31]
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;              // [1, 12]
  const std::int64_t year =
      static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

// Decodes `size` bytes at `in` to `out` (which may be `in`: a decoded byte
// never lands after the bytes it came from); the decoded length. Only a
// complete %XX is decoded: "%", "%4" and "%zz" stay as written.
std::size_t decode_percent_escapes(const char* in, char* out,
                                   std::size_t size) {
  std::size_t o = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const bool has_two_more = in[i] == '%' && size - i >= 3;
    const int high = has_two_more ? hex_digit_value(in[i + 1]) : -1;
    const int low = high >= 0 ? hex_digit_value(in[i + 2]) : -1;
    if (low >= 0) {
      out[o++] = static_cast<char>((high << 4) | low);
      i += 2;
    } else {
      out[o++] = in[i];
    }
  }
  return o;
}

// encodeURIComponent's unreserved set (ECMA-262 §19.2.6.5, uriUnreserved),
// as a table: the percent-encoding loops look up every byte of a cookie.
constexpr std::array<bool, 256> make_uri_unreserved_table() {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) {
    table[c] = is_alnum(static_cast<char>(c));
  }
  for (const char c : std::string_view("-_.!~*'()")) {
    table[static_cast<unsigned char>(c)] = true;
  }
  return table;
}

constexpr std::array<bool, 256> kUriUnreserved = make_uri_unreserved_table();

bool is_uri_unreserved(char c) {
  return kUriUnreserved[static_cast<unsigned char>(c)];
}

// Browsers and the `cookie` package trim only space and horizontal tab
// around names and values (RFC 6265 §5.2 uses WSP).
bool is_cookie_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_cookie_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_cookie_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

Status validate_cookie_name(std::string_view name) {
  bool valid = !name.empty();
  for (const char c : name) {
    if (!is_token_char(c)) {
      valid = false;
      break;
    }
  }
  if (valid) return Status::Ok();
  return Status::Fail(ErrorCode::kInvalidCookieName,
                      "Cookie name " + quote_for_message(name) +
                          " is invalid: it must be an RFC 6265 token");
}

Status validate_attributes(const CookieAttributes& attributes) {
  if (attributes.domain && !is_valid_domain(*attributes.domain)) {
    return Status::Fail(ErrorCode::kInvalidDomain,
                        "Cookie domain " +
                            quote_for_message(*attributes.domain) +
                            " is invalid: it must be a host name");
  }
  // Browsers ignore a Path that does not start with '/' (RFC 6265 §5.2.4)
  // and scope the cookie to the page's directory instead: a session that
  // vanishes on other pages. Regression (audit): "" dropped the Path.
  if (!attributes.path.starts_with('/')) {
    return Status::Fail(ErrorCode::kInvalidPath,
                        "Cookie path " + quote_for_message(attributes.path) +
                            " is invalid: it must start with '/' (browsers "
                            "ignore any other Path)");
  }
  if (!is_valid_path(attributes.path)) {
    return Status::Fail(ErrorCode::kInvalidPath,
                        "Cookie path " + quote_for_message(attributes.path) +
                            " is invalid: it must be printable ASCII "
                            "without ';' (percent-encode other characters)");
  }
  if (attributes.expires_ms && (*attributes.expires_ms < kMinExpiresMs ||
                                *attributes.expires_ms > kMaxExpiresMs)) {
    std::string message = "Cookie expires ";
    append_int(message, *attributes.expires_ms);
    message += " is invalid: it must fall within years 0001-9999";
    return Status::Fail(ErrorCode::kInvalidExpires, std::move(message));
  }
  return Status::Ok();
}

namespace {

// RFC 6265bis 4.1.3 (draft 13 on): a prefix matches in any ASCII case, as
// browsers now match it ("__host-" is held to the __Host- rules).
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool has_prefix(std::string_view name, std::string_view prefix) {
  if (name.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(name[i]) != ascii_lower(prefix[i])) return false;
  }
  return true;
}

}  // namespace

Status validate_prefix_rules(std::string_view name,
                             const CookieAttributes& attributes) {
  const auto fail = [name](const char* rule) {
    return Status::Fail(ErrorCode::kInvalidPrefix,
                        "Cookie \"" + std::string(name) + "\" " + rule +
                            " (RFC 6265bis 4.1.3: browsers drop it silently)");
  };
  if (has_prefix(name, "__Secure-") && !attributes.secure) {
    return fail(
        "has the __Secure- prefix, which requires secure: true (the Secure "
        "attribute)");
  }
  if (has_prefix(name, "__Host-")) {
    if (!attributes.secure) {
      return fail(
          "has the __Host- prefix, which requires secure: true (the Secure "
          "attribute)");
    }
    if (attributes.domain) {
      return fail(
          "has the __Host- prefix, which forbids a domain (the Domain "
          "attribute)");
    }
    if (attributes.path != "/") {
      return fail("has the __Host- prefix, which requires path \"/\" (Path=/)");
    }
  }
  return Status::Ok();
}

std::optional<std::string> find_cookie(std::string_view header,
                                       std::string_view name) {
  const std::optional<std::string_view> value = find_raw_cookie(header, name);
  if (!value) return std::nullopt;
  std::string decoded(*value);
  percent_decode_in_place(decoded);
  return decoded;
}

std::optional<std::string_view> find_raw_cookie(std::string_view header,
                                                std::string_view name) {
  if (name.empty()) return std::nullopt;
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t end = header.find(';', start);
    if (end == std::string_view::npos) end = header.size();
    const std::string_view pair = header.substr(start, end - start);
    start = end + 1;
    // A pair without '=' is skipped, not fatal (RFC 6265 §5.2 step 2).
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) != name) continue;
    std::string_view value = trim(pair.substr(eq + 1));
    // RFC 6265 §4.1.1 allows a DQUOTE-wrapped cookie-value.
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  }
  return std::nullopt;
}

std::string serialize_set_cookie(std::string_view name, std::string_view value,
                                 const CookieAttributes& attributes) {
  std::string out;
  out.reserve(name.size() + 1 + value.size() +
              set_cookie_attributes_capacity(attributes));
  out.append(name).push_back('=');
  out.append(value);
  append_set_cookie_attributes(out, attributes);
  return out;
}

std::size_t set_cookie_attributes_capacity(const CookieAttributes& attributes) {
  // "; Max-Age=" + 20 digits, "; Domain=", "; Path=", "; Expires=" + 29,
  // "; HttpOnly; Secure; Partitioned; Priority=Medium; SameSite=Strict".
  constexpr std::size_t kFixed = 30 + 9 + 7 + 39 + 65;
  return kFixed + attributes.path.size() +
         (attributes.domain ? attributes.domain->size() : 0);
}

void append_set_cookie_attributes(std::string& out,
                                  const CookieAttributes& attributes) {
  using namespace std::string_view_literals;
  // Order and emptiness rules follow `cookie` v1's serialize(), so our
  // Set-Cookie is byte-identical to React Router's.
  if (attributes.max_age) {
    out.append("; Max-Age="sv);
    append_int(out, *attributes.max_age);
  }
  if (attributes.domain && !attributes.domain->empty()) {
    out.append("; Domain="sv).append(*attributes.domain);
  }
  if (!attributes.path.empty()) {
    out.append("; Path="sv).append(attributes.path);
  }
  if (attributes.expires_ms) {
    out.append("; Expires="sv).append(format_http_date(*attributes.expires_ms));
  }
  if (attributes.http_only) out.append("; HttpOnly"sv);
  // Browsers reject SameSite=None and Partitioned cookies without Secure
  // (CHIPS; draft-ietf-httpbis-rfc6265bis §5.6.7).
  if (attributes.secure || attributes.same_site == SameSite::kNone ||
      attributes.partitioned) {
    out.append("; Secure"sv);
  }
  if (attributes.partitioned) out.append("; Partitioned"sv);
  switch (attributes.priority) {
    case Priority::kLow:
      out.append("; Priority=Low"sv);
      break;
    case Priority::kMedium:
      out.append("; Priority=Medium"sv);
      break;
    case Priority::kHigh:
      out.append("; Priority=High"sv);
      break;
    case Priority::kUnset:
      break;
  }
  switch (attributes.same_site) {
    case SameSite::kLax:
      out.append("; SameSite=Lax"sv);
      break;
    case SameSite::kStrict:
      out.append("; SameSite=Strict"sv);
      break;
    case SameSite::kNone:
      out.append("; SameSite=None"sv);
      break;
  }
}

std::string format_http_date(std::int64_t epoch_ms) {
  static constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed",
                                              "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  // Floor, not truncate: -1 ms is 23:59:59 of the previous day, as in JS.
  const std::int64_t seconds = floor_div(epoch_ms, 1000);
  const std::int64_t days = floor_div(seconds, 86400);
  const std::int64_t second_of_day = seconds - days * 86400;
  const CivilDate date = civil_from_days(days);
  // 1970-01-01 was a Thursday (index 4).
  const std::int64_t weekday = days - floor_div(days + 4, 7) * 7 + 4;

  std::string out;
  out.reserve(29);
  out += kWeekdays[weekday];
  out += ", ";
  append_padded(out, date.day, 2);
  out += ' ';
  out += kMonths[date.month - 1];
  out += ' ';
  // V8 prints negative years as "-" plus four digits ("%05d").
  append_padded(out, date.year, 4);
  out += ' ';
  append_padded(out, second_of_day / 3600, 2);
  out += ':';
  append_padded(out, second_of_day / 60 % 60, 2);
  out += ':';
  append_padded(out, second_of_day % 60, 2);
  out += " GMT";
  return out;
}

std::string percent_encode(std::string_view text) {
  std::string out(text);
  percent_encode_in_place(out);
  return out;
}

// Both write through a pointer into the string, sized once: libc++'s string
// is an extern template, so in the WASM each push_back would be an
// out-of-line call.
void percent_encode_in_place(std::string& text, std::size_t from) {
  std::size_t escapes = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    if (!is_uri_unreserved(text[i])) ++escapes;
  }
  if (escapes == 0) return;
  // Grown once, then filled from the back so nothing unread is overwritten.
  const std::size_t old_size = text.size();
  text.resize(old_size + 2 * escapes);
  char* const begin = &text[from];
  const char* in = &text[old_size];
  char* o = &text[text.size()];
  while (in != begin) {
    const char c = *--in;
    if (is_uri_unreserved(c)) {
      *--o = c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      *--o = kHexDigits[u & 0x0F];
      *--o = kHexDigits[u >> 4];
      *--o = '%';
    }
  }
}

std::string percent_decode(std::string_view text) {
  std::string out(text);
  percent_decode_in_place(out);
  return out;
}

void percent_decode_in_place(std::string& text) {
  const std::size_t i = text.find('%');
  if (i == std::string::npos) return;
  text.resize(i + decode_percent_escapes(text.data() + i, text.data() + i,
                                         text.size() - i));
}

void append_percent_decoded(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out.resize(start + text.size());
  out.resize(start +
             decode_percent_escapes(text.data(), &out[start], text.size()));
}

}  // namespace edge_session
