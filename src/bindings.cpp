// The only file that knows about Emscripten: adapts the core to Embind.
// Nothing here throws (the WASM is built with exceptions off, and a C++
// exception would reach JS as a bare number): failures are returned as codes,
// which js/errors.js turns into Error subclasses. Values cross as JSON text;
// a request needs a handful of calls (STYLE.md).
#include <emscripten/bind.h>

#include <string>
#include <utility>
#include <vector>

#include "cookie_options.h"
#include "error.h"
#include "json.h"
#include "session.h"
#include "session_cookie.h"

namespace edge_session {
namespace {

// The result of a call that can fail: code 0 and the text, or an ErrorCode
// and its message.
struct Outcome {
  int code = 0;
  std::string text;
};

Outcome from_status(const Status& status) {
  return {static_cast<int>(status.code), status.message};
}

Outcome from_result(Result<std::string> result) {
  if (!result.ok()) return from_status(result.status);
  return {0, std::move(result.value)};
}

int code_of(const Status& status) { return static_cast<int>(status.code); }

// Counts live handles so the leak test can prove every request frees its
// sessions.
int live_sessions = 0;

class WasmSession {
 public:
  explicit WasmSession(Session session, bool needs_resign = false)
      : session_(std::move(session)), needs_resign_(needs_resign) {
    ++live_sessions;
  }
  ~WasmSession() { --live_sessions; }
  WasmSession(const WasmSession&) = delete;
  WasmSession& operator=(const WasmSession&) = delete;

  std::string id() const { return session_.id(); }
  // JSON text of the value; "" (never valid JSON) when absent.
  std::string get(const std::string& key) const {
    const std::string* value = session_.get(key);
    return value ? *value : std::string();
  }
  bool has(const std::string& key) const { return session_.has(key); }
  int size() const { return static_cast<int>(session_.size()); }

  // Writes return 0 or an ErrorCode; last_error() then has the message, so
  // the hot path crosses back with a plain int. Values are JSON.stringify's
  // output (js/session.js), valid JSON by construction: stored unparsed.
  int set(const std::string& key, std::string value_json) {
    return remember(session_.set(key, std::move(value_json)));
  }
  int unset(const std::string& key) { return remember(session_.unset(key)); }
  int flash(const std::string& key, std::string value_json) {
    return remember(session_.flash(key, std::move(value_json)));
  }
  void destroy() { session_.destroy(); }
  int regenerate_id(const std::string& new_id, bool delete_old) {
    return remember(session_.regenerate_id(new_id, delete_old));
  }
  std::string last_error() const { return last_error_; }
  void assign_stored_id(const std::string& id) {
    session_.assign_stored_id(id);
  }

  bool dirty() const { return session_.dirty(); }
  bool destroyed() const { return session_.destroyed(); }
  // Read under a retired secret: commit even if untouched, so rotation ends.
  bool needs_resign() const { return needs_resign_; }
  std::string delete_id() const {
    return session_.delete_id().value_or(std::string());
  }
  std::string data() const { return session_.flat_data_text(); }
  std::string snapshot() const { return session_.snapshot(); }

  const Session& session() const { return session_; }

 private:
  int remember(Status status) {
    if (!status.ok()) last_error_ = std::move(status.message);
    return code_of(status);
  }

  Session session_;
  bool needs_resign_;
  std::string last_error_;
};

// From React Router's flat layout, as createSession(data, id) and the
// server-side stores hold it. nullptr when `data_json` is not an object: a
// corrupt record is treated as missing.
WasmSession* session_from_data(const std::string& data_json,
                               const std::string& id, bool needs_resign) {
  Json data = parse_json(data_json);
  if (!data.is_object()) return nullptr;
  return new WasmSession(Session::from_flat_data(id, data_json, data),
                         needs_resign);
}

WasmSession* restore_session(const std::string& snapshot) {
  std::optional<Session> session = Session::restore(snapshot);
  return session ? new WasmSession(std::move(*session)) : nullptr;
}

int live_session_count() { return live_sessions; }

class WasmCookie {
 public:
  WasmCookie(const std::string& name, const std::string& secrets_json,
             const std::string& options_json, int format) {
    SessionCookieSettings settings;
    settings.name = name;
    settings.format =
        format == 1 ? CookieFormat::kRemixV3 : CookieFormat::kReactRouter;
    Json secrets = parse_json(secrets_json);
    if (!secrets.is_array()) {
      status_ = Status::Fail(ErrorCode::kInvalidOptions,
                             "Cookie secrets must be an array of strings");
      return;
    }
    for (const Json& secret : secrets) {
      if (!secret.is_string()) {
        status_ = Status::Fail(ErrorCode::kInvalidSecret,
                               "Cookie secrets must be strings");
        return;
      }
      settings.secrets.push_back(secret.get<std::string>());
    }
    Result<CookieAttributes> attributes =
        apply_cookie_options(CookieAttributes{}, options_json);
    if (!attributes.ok()) {
      status_ = attributes.status;
      return;
    }
    settings.attributes = std::move(attributes.value);
    Result<SessionCookie> cookie = SessionCookie::create(std::move(settings));
    if (!cookie.ok()) {
      status_ = cookie.status;
      return;
    }
    cookie_ = std::move(cookie.value);
  }

  int error_code() const { return code_of(status_); }
  std::string error_message() const { return status_.message; }

  WasmSession* read_session(const std::string& header,
                            const std::string& fresh_id) const {
    SessionCookie::ReadSession read = cookie_->read_session(header, fresh_id);
    return new WasmSession(std::move(read.session),
                           read.signed_with_old_secret);
  }

  // The hot path of every commit, in one crossing: the Set-Cookie, a NUL,
  // then the session's snapshot (js/session.js keeps it and frees the WASM
  // object). Neither part can hold a NUL: the name and attributes are
  // validated, the value is base64, and JSON escapes control characters.
  // "" on failure, with the error in last_error_code()/last_error_message().
  std::string commit_and_snapshot(const WasmSession& session,
                                  const std::string& options_json) {
    Result<CookieAttributes> attributes = attributes_with(options_json);
    if (!attributes.ok()) return fail(attributes.status);
    Result<std::string> set_cookie =
        cookie_->commit_session(session.session(), attributes.value);
    if (!set_cookie.ok()) return fail(set_cookie.status);
    std::string out = std::move(set_cookie.value);
    out.append(1, '\0').append(session.snapshot());
    return out;
  }

  int last_error_code() const { return code_of(last_error_); }
  std::string last_error_message() const { return last_error_.message; }

  Outcome destroy_cookie(const std::string& options_json) const {
    Result<CookieAttributes> attributes = attributes_with(options_json);
    if (!attributes.ok()) return from_status(attributes.status);
    return {0, cookie_->write_expired(attributes.value)};
  }

  // The cookie's JSON value as text, "" when absent or invalid (no valid
  // JSON text is empty); an empty cookie value reads as "\"\"". A leading
  // "!" marks a value verified with a retired secret (no JSON text starts
  // with "!"), so one plain string crosses instead of a value_object.
  std::string read_value(const std::string& header) const {
    std::optional<SessionCookie::Value> value = cookie_->read(header);
    if (!value) return std::string();
    if (value->payload.empty()) return "\"\"";
    // Validates JSON and UTF-8 here, so JS parses only text that is valid.
    if (parse_json(value->payload).is_discarded()) return std::string();
    if (value->signed_with_old_secret) value->payload.insert(0, 1, '!');
    return std::move(value->payload);
  }

  // Serializes a JSON value; the empty string is written unsigned and empty,
  // as React Router does (reference §2.2).
  Outcome write_value(const std::string& value_json,
                      const std::string& options_json) const {
    Result<CookieAttributes> attributes = attributes_with(options_json);
    if (!attributes.ok()) return from_status(attributes.status);
    if (value_json == "\"\"") {
      return {0, serialize_set_cookie(cookie_->name(), "", attributes.value)};
    }
    return from_result(cookie_->write(value_json, attributes.value));
  }

 private:
  // "" means the cookie's own attributes; anything else is JSON options
  // applied over them.
  Result<CookieAttributes> attributes_with(
      const std::string& options_json) const {
    if (options_json.empty()) {
      return Result<CookieAttributes>::Ok(cookie_->attributes());
    }
    return apply_cookie_options(cookie_->attributes(), options_json);
  }

  std::string fail(Status status) {
    last_error_ = std::move(status);
    return std::string();
  }

  Status status_;
  Status last_error_;
  std::optional<SessionCookie> cookie_;
};

}  // namespace
}  // namespace edge_session

EMSCRIPTEN_BINDINGS(edge_session) {
  using namespace emscripten;
  using edge_session::Outcome;
  using edge_session::WasmCookie;
  using edge_session::WasmSession;

  value_object<Outcome>("Outcome")
      .field("code", &Outcome::code)
      .field("text", &Outcome::text);

  class_<WasmSession>("Session")
      .function("id", &WasmSession::id)
      .function("get", &WasmSession::get)
      .function("has", &WasmSession::has)
      .function("size", &WasmSession::size)
      .function("set", &WasmSession::set)
      .function("unset", &WasmSession::unset)
      .function("flash", &WasmSession::flash)
      .function("destroy", &WasmSession::destroy)
      .function("regenerateId", &WasmSession::regenerate_id)
      .function("dirty", &WasmSession::dirty)
      .function("destroyed", &WasmSession::destroyed)
      .function("needsResign", &WasmSession::needs_resign)
      .function("deleteId", &WasmSession::delete_id)
      .function("data", &WasmSession::data)
      .function("snapshot", &WasmSession::snapshot)
      .function("lastError", &WasmSession::last_error)
      .function("assignStoredId", &WasmSession::assign_stored_id);

  class_<WasmCookie>("Cookie")
      .constructor<const std::string&, const std::string&, const std::string&,
                   int>()
      .function("errorCode", &WasmCookie::error_code)
      .function("errorMessage", &WasmCookie::error_message)
      .function("readSession", &WasmCookie::read_session, allow_raw_pointers())
      .function("commitAndSnapshot", &WasmCookie::commit_and_snapshot)
      .function("lastErrorCode", &WasmCookie::last_error_code)
      .function("lastErrorMessage", &WasmCookie::last_error_message)
      .function("destroyCookie", &WasmCookie::destroy_cookie)
      .function("readValue", &WasmCookie::read_value)
      .function("writeValue", &WasmCookie::write_value);

  function("sessionFromData", &edge_session::session_from_data,
           allow_raw_pointers());
  function("restoreSession", &edge_session::restore_session,
           allow_raw_pointers());
  function("liveSessionCount", &edge_session::live_session_count);
}
