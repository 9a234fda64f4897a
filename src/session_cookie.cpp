#include "session_cookie.h"

#include <algorithm>
#include <utility>

#include "base64.h"
#include "signing.h"

namespace edge_session {

Result<SessionCookie> SessionCookie::create(SessionCookieSettings settings) {
  Status name = validate_cookie_name(settings.name);
  if (!name.ok()) return {SessionCookie({}), std::move(name)};
  Status attributes = validate_attributes(settings.attributes);
  if (!attributes.ok()) return {SessionCookie({}), std::move(attributes)};
  Status prefix = validate_prefix_rules(settings.name, settings.attributes);
  if (!prefix.ok()) return {SessionCookie({}), std::move(prefix)};
  if (settings.sealing != CookieSealing::kSigned && settings.secrets.empty()) {
    return {SessionCookie({}),
            Status::Fail(ErrorCode::kInvalidSecret,
                         "Cookie \"" + settings.name +
                             "\" is encrypted but has no secrets: encryption "
                             "keys are derived from them")};
  }
  if (settings.chunks < 1 || settings.chunks > kMaxCookieChunks) {
    return {
        SessionCookie({}),
        Status::Fail(ErrorCode::kInvalidOptions,
                     "Cookie \"" + settings.name + "\" chunks must be 1 to " +
                         std::to_string(kMaxCookieChunks))};
  }
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
  Value value;
  if (!read_into(header, value.payload, value.signed_with_old_secret)) {
    return std::nullopt;
  }
  return value;
}

bool SessionCookie::read_into(std::string_view header, std::string& payload,
                              bool& signed_with_old_secret) const {
  signed_with_old_secret = false;
  const std::optional<std::string_view> raw =
      find_raw_cookie(header, settings_.name);
  // A value no browser would have stored is not ours (and bounds the work).
  // Percent-decoding keeps at least a third, so a longer raw value can be
  // refused before it is copied.
  if (!raw || raw->size() > 3 * value_limit()) return false;
  // The percent-decoded value, in a buffer reused per thread; then the
  // base64 of the part the signature covers, decoded into `payload`.
  thread_local std::string value;
  value.clear();
  append_percent_decoded(value, *raw);
  if (value.size() > value_limit()) return false;
  payload.clear();
  // React Router sends "" unsigned to clear a cookie (reference §2.2).
  if (value.empty()) return true;

  if (is_sealed()) {
    // A sealed value is base64url, which has no '%', and its decoder takes
    // exactly one encoding of each byte string: one with a percent-escape is
    // not a value we wrote. Regression (review): decoded first, "A" as "%41"
    // (or every character escaped) opened too, many cookies for one value.
    if (raw->find('%') == std::string_view::npos &&
        read_sealed(value, payload, signed_with_old_secret)) {
      return !payload.empty();  // see the end of this function
    }
    if (settings_.sealing != CookieSealing::kSealedReadsSigned) return false;
  }
  std::string_view encoded = value;
  if (is_signed()) {
    const std::optional<UnsignedView> verified = unsign_view(value, keys_);
    if (!verified) return false;
    // A signed value read while migrating is re-sealed, as a retired
    // secret's is re-signed.
    signed_with_old_secret = verified->secret_index > 0 || is_sealed();
    encoded = verified->value;  // the part before the '.'
  }
  // Only the empty value (above) reads as empty: a value whose payload is
  // empty, such as "." and a valid signature of "", holds no JSON text (none
  // is empty), so it is not ours, signed or not. Regression (review C): read
  // as the empty value, createCookie's parse resolved to "" for it (React
  // Router's to {}), where a payload that is not JSON gives null.
  return append_base64_decoded(payload, encoded) && !payload.empty();
}

Status SessionCookie::write_into(std::string_view payload,
                                 const CookieAttributes& attributes,
                                 std::string& set_cookie) const {
  if (is_sealed()) return write_sealed(payload, attributes, set_cookie);
  // The whole Set-Cookie is built in one string: base64, then the signature
  // of that text, then percent-encoding in place, then the attributes.
  std::size_t value_size = base64_encoded_size(payload.size());
  if (is_signed()) {
    value_size += 1 + base64_encoded_size(sizeof(Digest), /*pad=*/false);
  }
  set_cookie.clear();
  // A sixth more for the '%XX' of '+', '/' and '=' (about 1 in 32 base64
  // characters); more than that costs one more growth, never a wrong result.
  set_cookie.reserve(settings_.name.size() + 1 + value_size + value_size / 6 +
                     set_cookie_attributes_capacity(attributes));
  set_cookie.append(settings_.name).push_back('=');
  const std::size_t value_start = set_cookie.size();
  append_base64(set_cookie, payload);
  if (is_signed()) {
    append_signature(set_cookie,
                     std::string_view(set_cookie).substr(value_start),
                     keys_.front());
  }
  // React Router's cookie library percent-encodes the value; Remix v3 writes
  // it raw (base64 and '.' are valid cookie-octets, RFC 6265 §4.1.1).
  if (settings_.format == CookieFormat::kReactRouter) {
    percent_encode_in_place(set_cookie, value_start);
  }
  append_set_cookie_attributes(set_cookie, attributes);
  if (set_cookie.size() > value_limit()) {
    const std::size_t size = set_cookie.size();
    set_cookie.clear();
    return Status::Fail(ErrorCode::kCookieTooLarge, too_large_message(size));
  }
  return Status::Ok();
}

std::string SessionCookie::write_expired(
    const CookieAttributes& attributes) const {
  CookieAttributes expired = attributes;
  expired.max_age = 0;
  expired.expires_ms = 0;
  return serialize_set_cookie(settings_.name, "", expired);
}

SessionCookie::ReadSession SessionCookie::read_session(
    std::string_view header, std::string fresh_id, std::int64_t now,
    const SessionPolicy& policy) const {
  // Reused per thread: the session copies what it keeps of the payload.
  thread_local std::string payload;
  bool signed_with_old_secret = false;
  if (read_into(header, payload, signed_with_old_secret) && !payload.empty()) {
    std::optional<Session> session =
        decode_session_payload(payload, settings_.format, fresh_id);
    if (session) {
      const Lifetime lifetime = check_lifetime(session->times(), now, policy);
      if (lifetime != Lifetime::kExpired) {
        return {std::move(*session), signed_with_old_secret,
                lifetime == Lifetime::kNeedsRenewal};
      }
    }
  }
  return {Session(std::move(fresh_id), RawJsonObject(), RawJsonObject()), false,
          false};
}

SessionTimes times_for_commit(const Session& session,
                              const CookieAttributes& attributes,
                              std::int64_t now, const SessionPolicy& policy) {
  std::int64_t expires = 0;
  // A session is served until its cookie's end (check_lifetime), to the
  // millisecond: never after the browser drops the cookie.
  if (attributes.max_age) {
    // Max-Age=0 (or less) expires at once, as the browser takes it.
    // A Max-Age past kMaxTimeMs (2^53 ms, ~285,000 years) is held at it.
    const std::int64_t max_age = *attributes.max_age;
    expires = max_age <= 0 ? now
              : max_age >= kMaxTimeMs / 1000
                  ? kMaxTimeMs
                  : std::min(now + max_age * 1000, kMaxTimeMs);
    if (expires <= 0) expires = 1;
  }
  // Both (a commit's expires beside the cookie's maxAge): the browser keeps
  // the cookie by Max-Age, and the app asked for an end at Expires, so the
  // earlier. Regression (audit): Max-Age alone, later than the server-side
  // storages' end for the same commit.
  if (attributes.expires_ms) {
    const std::int64_t at =
        std::clamp<std::int64_t>(*attributes.expires_ms, 1, kMaxTimeMs);
    expires = expires == 0 ? at : std::min(expires, at);
  }
  return times_to_write(session.times(), policy, now, expires);
}

Status SessionCookie::commit_session_into(const Session& session,
                                          const CookieAttributes& attributes,
                                          std::string& payload,
                                          std::string& out) const {
  if (session.destroyed()) {
    out = write_expired(attributes);
    return Status::Ok();
  }
  payload.clear();
  append_session_payload(payload, session, settings_.format);
  return write_into(payload, attributes, out);
}

std::optional<Session> restore_committed_session(std::string_view set_cookie,
                                                 CookieFormat format,
                                                 std::string_view state) {
  // "name=value; attributes": the name holds neither '=' nor ';', and the
  // value is base64 (percent-encoded in React Router's dialect), then '.'
  // and the signature when signed.
  const std::size_t equals = set_cookie.find('=');
  if (equals == std::string_view::npos) return std::nullopt;
  const std::size_t value_end = set_cookie.find(';', equals);
  std::string payload;
  append_percent_decoded(
      payload, set_cookie.substr(equals + 1, value_end == std::string_view::npos
                                                 ? std::string_view::npos
                                                 : value_end - equals - 1));
  // base64 holds no '.', so one marks a signature.
  const std::size_t dot = payload.rfind('.');
  if (dot != std::string::npos) payload.resize(dot);
  if (!base64_decode_in_place(payload)) return std::nullopt;
  // An expired cookie (a destroyed session) carries no payload.
  std::optional<Session> committed =
      payload.empty() ? std::optional<Session>(Session())
                      : decode_session_payload(payload, format, std::string());
  if (!committed) return std::nullopt;
  return Session::restore(state, std::move(*committed));
}

}  // namespace edge_session
