#include "cookie_options.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "json.h"

namespace edge_session {
namespace {

std::string lower_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// A JSON number that is an integer within int64 (JS sends 3600 or 3600.0).
bool to_int64(const Json& value, std::int64_t& out) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() &&
        value.get<std::uint64_t>() >
            static_cast<std::uint64_t>(
                std::numeric_limits<std::int64_t>::max())) {
      return false;
    }
    out = value.get<std::int64_t>();
    return true;
  }
  if (!value.is_number_float()) return false;
  double number = value.get<double>();
  // 2^63 is exactly representable; anything at or above it overflows.
  if (!std::isfinite(number) || std::trunc(number) != number ||
      number < -9223372036854775808.0 || number >= 9223372036854775808.0) {
    return false;
  }
  out = static_cast<std::int64_t>(number);
  return true;
}

Status fail(ErrorCode code, const std::string& message) {
  return Status::Fail(code, message);
}

// One accepted spelling (lower case) of an enumerated option.
template <class Enum>
struct Keyword {
  const char* name;
  Enum value;
};

// Sets `out` from a string option matched case-insensitively against
// `keywords`; the error names the option and lists what it accepts.
template <class Enum, std::size_t N>
Status apply_keyword(const Json& value, const char* option, ErrorCode code,
                     const Keyword<Enum> (&keywords)[N], Enum& out) {
  if (!value.is_string()) {
    return fail(code,
                std::string("Cookie option ") + option + " must be a string");
  }
  const std::string given = value.get<std::string>();
  const std::string name = lower_ascii(given);
  std::string expected;
  for (const Keyword<Enum>& keyword : keywords) {
    if (name == keyword.name) {
      out = keyword.value;
      return Status::Ok();
    }
    expected += expected.empty() ? "" : ", ";
    expected += std::string("\"") + keyword.name + "\"";
  }
  return fail(code, std::string("Cookie option ") + option + " is invalid: \"" +
                        given + "\" (expected " + expected + ")");
}

constexpr Keyword<SameSite> kSameSites[] = {{"lax", SameSite::kLax},
                                            {"strict", SameSite::kStrict},
                                            {"none", SameSite::kNone}};
constexpr Keyword<Priority> kPriorities[] = {{"low", Priority::kLow},
                                             {"medium", Priority::kMedium},
                                             {"high", Priority::kHigh}};

Status apply_same_site(const Json& value, CookieAttributes& attributes) {
  // The npm `cookie` package: true means Strict, false omits the attribute.
  // We always emit SameSite, so false falls back to the browser default Lax.
  if (value.is_boolean()) {
    attributes.same_site =
        value.get<bool>() ? SameSite::kStrict : SameSite::kLax;
    return Status::Ok();
  }
  if (!value.is_string()) {
    return fail(ErrorCode::kInvalidSameSite,
                "Cookie option sameSite must be a string or a boolean");
  }
  return apply_keyword(value, "sameSite", ErrorCode::kInvalidSameSite,
                       kSameSites, attributes.same_site);
}

Status apply_flag(const Json& value, const char* name, bool& flag) {
  if (value.is_null()) {
    flag = false;
    return Status::Ok();
  }
  if (!value.is_boolean()) {
    return fail(ErrorCode::kInvalidOptions,
                std::string("Cookie option ") + name + " must be a boolean");
  }
  flag = value.get<bool>();
  return Status::Ok();
}

Status apply_option(const std::string& key, const Json& value,
                    CookieAttributes& attributes) {
  if (key == "domain") {
    if (value.is_null())
      attributes.domain.reset();
    else if (value.is_string())
      attributes.domain = value.get<std::string>();
    else
      return fail(ErrorCode::kInvalidDomain,
                  "Cookie option domain must be a string");
  } else if (key == "path") {
    if (value.is_null())
      attributes.path = "/";
    else if (value.is_string())
      attributes.path = value.get<std::string>();
    else
      return fail(ErrorCode::kInvalidPath,
                  "Cookie option path must be a string");
  } else if (key == "expires") {
    std::int64_t ms = 0;
    if (value.is_null())
      attributes.expires_ms.reset();
    else if (to_int64(value, ms))
      attributes.expires_ms = ms;
    else
      return fail(ErrorCode::kInvalidExpires,
                  "Cookie option expires must be a valid Date");
  } else if (key == "maxAge") {
    std::int64_t seconds = 0;
    if (value.is_null())
      attributes.max_age.reset();
    else if (to_int64(value, seconds))
      attributes.max_age = seconds;
    else
      return fail(ErrorCode::kInvalidMaxAge,
                  "Cookie option maxAge must be an integer number of "
                  "seconds within a 64-bit integer's range, got " +
                      dump_json(value));
  } else if (key == "httpOnly") {
    return apply_flag(value, "httpOnly", attributes.http_only);
  } else if (key == "secure") {
    return apply_flag(value, "secure", attributes.secure);
  } else if (key == "partitioned") {
    return apply_flag(value, "partitioned", attributes.partitioned);
  } else if (key == "sameSite") {
    if (value.is_null())
      attributes.same_site = SameSite::kLax;
    else
      return apply_same_site(value, attributes);
  } else if (key == "priority") {
    if (value.is_null())
      attributes.priority = Priority::kUnset;
    else
      return apply_keyword(value, "priority", ErrorCode::kInvalidPriority,
                           kPriorities, attributes.priority);
  } else {
    // A typo (httponly) dropped silently would leave the cookie without the
    // attribute the app asked for.
    return fail(ErrorCode::kInvalidOptions,
                "Unknown cookie option \"" + key +
                    "\" (expected domain, path, expires, maxAge, httpOnly, "
                    "secure, partitioned, sameSite or priority)");
  }
  return Status::Ok();
}

}  // namespace

Result<CookieAttributes> apply_cookie_options(const CookieAttributes& base,
                                              std::string_view options_json) {
  Json options = parse_json(options_json);
  if (!options.is_object()) {
    return Result<CookieAttributes>::Fail(ErrorCode::kInvalidOptions,
                                          "Cookie options must be an object");
  }
  CookieAttributes attributes = base;
  for (auto it = options.begin(); it != options.end(); ++it) {
    Status status = apply_option(it.key(), it.value(), attributes);
    if (!status.ok()) return {CookieAttributes{}, std::move(status)};
  }
  Status valid = validate_attributes(attributes);
  if (!valid.ok()) return {CookieAttributes{}, std::move(valid)};
  return Result<CookieAttributes>::Ok(std::move(attributes));
}

}  // namespace edge_session
