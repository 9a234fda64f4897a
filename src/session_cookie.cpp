#include "session_cookie.h"

#include <utility>

#include "base64.h"
#include "signing.h"

namespace edge_session {

Result<SessionCookie> SessionCookie::create(SessionCookieSettings settings) {
  Status name = validate_cookie_name(settings.name);
  if (!name.ok()) return {SessionCookie({}), std::move(name)};
  Status attributes = validate_attributes(settings.attributes);
  if (!attributes.ok()) return {SessionCookie({}), std::move(attributes)};
  for (const std::string& secret : settings.secrets) {
    if (secret.empty()) {
      return {SessionCookie({}),
              Status::Fail(ErrorCode::kInvalidSecret,
                           "Cookie \"" + settings.name +
                               "\" has an empty secret: every secret must be "
                               "a non-empty string")};
    }
  }
  return Result<SessionCookie>::Ok(SessionCookie(std::move(settings)));
}

std::optional<SessionCookie::Value> SessionCookie::read(
    std::string_view header) const {
  std::optional<std::string> raw = find_cookie(header, settings_.name);
  // A value no browser would have stored is not ours (and bounds the work).
  if (!raw || raw->size() > kMaxSetCookieBytes) return std::nullopt;
  // React Router sends "" unsigned to clear a cookie (reference §2.2).
  if (raw->empty()) return Value{};

  Value value;
  std::string_view encoded = *raw;
  std::optional<Unsigned> verified;
  if (is_signed()) {
    verified = unsign_with_keys(*raw, keys_);
    if (!verified) return std::nullopt;
    encoded = verified->value;
    value.signed_with_old_secret = verified->secret_index > 0;
  }
  std::optional<std::string> payload = base64_decode(encoded);
  if (!payload) return std::nullopt;
  value.payload = std::move(*payload);
  return value;
}

Result<std::string> SessionCookie::write(
    std::string_view payload, const CookieAttributes& attributes) const {
  std::string value = base64_encode(payload);
  if (is_signed()) value = sign(value, keys_.front());
  // React Router's cookie library percent-encodes the value; Remix v3 writes
  // it raw (base64 and '.' are valid cookie-octets, RFC 6265 §4.1.1).
  if (settings_.format == CookieFormat::kReactRouter) {
    value = percent_encode(value);
  }
  std::string set_cookie =
      serialize_set_cookie(settings_.name, value, attributes);
  if (set_cookie.size() > kMaxSetCookieBytes) {
    return Result<std::string>::Fail(
        ErrorCode::kCookieTooLarge,
        "Set-Cookie for \"" + settings_.name + "\" would be " +
            std::to_string(set_cookie.size()) +
            " bytes, over the browser limit of " +
            std::to_string(kMaxSetCookieBytes) + " bytes");
  }
  return Result<std::string>::Ok(std::move(set_cookie));
}

std::string SessionCookie::write_expired(
    const CookieAttributes& attributes) const {
  CookieAttributes expired = attributes;
  expired.max_age = 0;
  expired.expires_ms = 0;
  return serialize_set_cookie(settings_.name, "", expired);
}

SessionCookie::ReadSession SessionCookie::read_session(
    std::string_view header, std::string fresh_id) const {
  std::optional<Value> value = read(header);
  if (value && !value->payload.empty()) {
    std::optional<Session> session =
        decode_session_payload(value->payload, fresh_id);
    if (session) return {std::move(*session), value->signed_with_old_secret};
  }
  return {Session(std::move(fresh_id), RawJsonObject(), RawJsonObject()),
          false};
}

Result<std::string> SessionCookie::commit_session(
    const Session& session, const CookieAttributes& attributes) const {
  if (session.destroyed()) {
    return Result<std::string>::Ok(write_expired(attributes));
  }
  return write(encode_session_payload(session, settings_.format), attributes);
}

}  // namespace edge_session
