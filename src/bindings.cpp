// The only file that knows about Emscripten: adapts the core to JS.
// Nothing here throws (the WASM is built with exceptions off, and a C++
// exception would reach JS as a bare number): failures are returned as codes,
// which js/errors.js turns into Error subclasses. Values cross as JSON text;
// a request needs a handful of calls (STYLE.md).
//
// Two ways in. Embind for the cookie, made once per isolate (WasmCookie).
// Plain C exports for the per-request session path (the es_* functions at the
// end, wrapped by js/core-calls.js), as harfbuzzjs does: measured on the PRG
// bench, Embind 3.1.6 without dynamic execution (a generic invoker, strings
// copied byte by byte in JS, a class handle registered with a
// FinalizationRegistry per session) took over a quarter of a cycle.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codec.h"
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

  Session& session() { return session_; }
  const Session& session() const { return session_; }
  // Read under a retired secret: commit even if untouched, so rotation ends.
  bool needs_resign() const { return needs_resign_; }

 private:
  Session session_;
  bool needs_resign_;
};

class WasmCookie {
 public:
  WasmCookie(const std::string& name, const std::string& secrets_json,
             const std::string& options_json, int format)
      : WasmCookie(name, secrets_json, options_json, format, 0) {}

  // `mode`: bits 0-3 the sealing, 0 signed, 1 sealed, 2 sealed reading
  // signed values once (CookieSealing); bits 8-15 the chunks a value may
  // span, 0 meaning 1 (js/cookie-chunks.js).
  WasmCookie(const std::string& name, const std::string& secrets_json,
             const std::string& options_json, int format, int mode) {
    const int sealing = mode & 15;
    const int chunks = (mode >> 8) & 255;
    SessionCookieSettings settings;
    settings.name = name;
    settings.format =
        format == 1 ? CookieFormat::kRemixV3 : CookieFormat::kReactRouter;
    settings.sealing = sealing == 2   ? CookieSealing::kSealedReadsSigned
                       : sealing == 1 ? CookieSealing::kSealed
                                      : CookieSealing::kSigned;
    settings.chunks = chunks == 0 ? 1 : static_cast<std::size_t>(chunks);
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
  bool is_sealed() const { return cookie_ && cookie_->is_sealed(); }
  void provide_nonce(SealNonce nonce) const { cookie_->provide_nonce(nonce); }
  std::uintptr_t address() const {
    return reinterpret_cast<std::uintptr_t>(this);
  }
  std::string error_message() const { return status_.message; }

  WasmSession* read_session(std::string_view header, std::string fresh_id,
                            std::int64_t now,
                            const SessionPolicy& policy) const {
    SessionCookie::ReadSession read =
        cookie_->read_session(header, std::move(fresh_id), now, policy);
    // Read under a retired secret, or due for its rolling renewal: either
    // way the next response writes it, even untouched.
    return new WasmSession(std::move(read.session),
                           read.signed_with_old_secret || read.needs_renewal);
  }

  // The hot path of every commit: the Set-Cookie, a NUL, then the session's
  // state (Session::append_state), written over `out`; the payload is built
  // in `payload`. js/session.js keeps the whole text and frees the WASM
  // object: es_session_restore brings the session back from it. Neither
  // part can hold a NUL: the name and attributes are validated, the value
  // is base64, and JSON escapes control characters.
  Status commit_into(WasmSession& session, std::string_view options_json,
                     std::int64_t now, const SessionPolicy& policy,
                     std::string& payload, std::string& out) const {
    Result<CookieAttributes> attributes = attributes_with(options_json);
    if (!attributes.ok()) return attributes.status;
    // The times the payload carries, so the server decides when it ends
    // (issue 11); kept only if the commit succeeds.
    const SessionTimes before = session.session().times();
    session.session().set_times(
        times_for_commit(session.session(), attributes.value, now, policy));
    Status status = cookie_->commit_session_into(
        session.session(), attributes.value, payload, out);
    if (!status.ok()) {
      session.session().set_times(before);
      return status;
    }
    out.push_back('\0');
    // A sealed Set-Cookie opens only with the secret, which the restore
    // does not have: a second NUL, then the whole snapshot.
    if (cookie_->is_sealed()) {
      out.push_back('\0');
      session.session().append_snapshot(out);
      return Status::Ok();
    }
    // The payload's format, so a restore never has to guess it (issue 10.1).
    out.push_back(cookie_->format() == CookieFormat::kRemixV3 ? '3' : 'r');
    session.session().append_state(out);
    return Status::Ok();
  }

  Outcome destroy_cookie(const std::string& options_json) const {
    Result<CookieAttributes> attributes = attributes_with(options_json);
    if (!attributes.ok()) return from_status(attributes.status);
    return {0, cookie_->write_expired(attributes.value)};
  }

  // The cookie's JSON value as text, "" when absent or invalid (no valid
  // JSON text is empty); an empty cookie value reads as "\"\"". A leading
  // "!" marks a value verified with a retired secret (no JSON text starts
  // with "!"), so one plain string crosses instead of a value_object.
  std::string read_value(std::string_view header) const {
    std::optional<SessionCookie::Value> value = cookie_->read(header);
    if (!value) return std::string();
    if (value->payload.empty()) return "\"\"";
    // Validates JSON and UTF-8 here, so JS parses only text that is valid.
    if (parse_json(value->payload).is_discarded()) return std::string();
    if (value->signed_with_old_secret) value->payload.insert(0, 1, '!');
    return std::move(value->payload);
  }

  // Serializes a JSON value; the empty string is written unsigned and empty,
  // as React Router does (reference §2.2). kInvalidValue past the nesting
  // read_value takes (kMaxJsonDepth, root included), as a session's set
  // refuses a value it could not read back. Audit of issue 10.2: such a
  // value was written, and the same cookie's parse gave null for it.
  Outcome write_value(const std::string& value_json,
                      const std::string& options_json) const {
    // Only an array or an object nests: the strings storages write (a
    // session's ID, Remix v3's payload) are not scanned.
    const bool container = !value_json.empty() && (value_json.front() == '[' ||
                                                   value_json.front() == '{');
    if (container && json_nests_deeper_than(value_json, kMaxJsonDepth)) {
      return {static_cast<int>(ErrorCode::kInvalidValue),
              "Cookie value nests deeper than " +
                  std::to_string(kMaxJsonDepth) +
                  " levels: parse could not read it back"};
    }
    Result<CookieAttributes> attributes = attributes_with(options_json);
    if (!attributes.ok()) return from_status(attributes.status);
    if (value_json == "\"\"") {
      return {0, serialize_set_cookie(cookie_->name(), "", attributes.value)};
    }
    Outcome outcome;
    Status status =
        cookie_->write_into(value_json, attributes.value, outcome.text);
    if (!status.ok()) return from_status(status);
    return outcome;
  }

 private:
  // "" means the cookie's own attributes; anything else is JSON options
  // applied over them.
  Result<CookieAttributes> attributes_with(
      std::string_view options_json) const {
    if (options_json.empty()) {
      return Result<CookieAttributes>::Ok(cookie_->attributes());
    }
    Result<CookieAttributes> attributes =
        apply_cookie_options(cookie_->attributes(), options_json);
    if (!attributes.ok()) return attributes;
    // A commit's own options may not break the name's prefix rules either.
    Status prefix = validate_prefix_rules(cookie_->name(), attributes.value);
    if (!prefix.ok()) return {CookieAttributes{}, std::move(prefix)};
    return attributes;
  }

  Status status_;
  std::optional<SessionCookie> cookie_;
};

// --- The session path's exchange area -----------------------------------
// Inputs: js/core-calls.js writes a call's strings one after another into
// one buffer (es_input) and passes their byte lengths. Text results: the
// call points result_cell at the text ({address, length}) and JS decodes it
// at once, so it may point into the session itself (get) or at result_text.
char* input_buffer = nullptr;
std::uint32_t input_capacity = 0;
std::uint32_t result_cell[2] = {0, 0};
std::string result_text;
// A commit's payload, before it is encoded into result_text. Both keep
// their capacity from one commit to the next.
std::string payload_text;

std::string_view input_at(std::uint32_t offset, std::uint32_t length) {
  return {input_buffer + offset, length};
}

void point_result_at(std::string_view text) {
  result_cell[0] =
      static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(text.data()));
  result_cell[1] = static_cast<std::uint32_t>(text.size());
}

// 1 and `text` as the result, or 0 when there is none.
int point_result_at_if(const std::string* text) {
  if (!text) return 0;
  point_result_at(*text);
  return 1;
}

void set_result(std::string text) {
  result_text = std::move(text);
  point_result_at(result_text);
}

// 0, or the error code with its message as the result.
int report(Status status) {
  if (status.ok()) return 0;
  set_result(std::move(status.message));
  return code_of(status);
}

// Timeouts cross as doubles (JS numbers; no BigInt), in seconds as the
// storage options give them (js/lifetime.js checks them; the default
// touchInterval, a quarter of idleTimeout, may be a fraction); the core
// counts milliseconds, as the times crossing beside them (`now`: Unix ms).
SessionPolicy policy_of(double idle_timeout, double absolute_timeout,
                        double touch_interval) {
  return {static_cast<std::int64_t>(idle_timeout * 1000),
          static_cast<std::int64_t>(absolute_timeout * 1000),
          static_cast<std::int64_t>(touch_interval * 1000)};
}

WasmSession* new_session(std::optional<Session> session,
                         bool needs_resign = false) {
  return session ? new WasmSession(std::move(*session), needs_resign) : nullptr;
}

}  // namespace
}  // namespace edge_session

using edge_session::WasmCookie;
using edge_session::WasmSession;

// The session path. Each function's string arguments are in the input buffer,
// in parameter order, given by their lengths.
extern "C" {

// A buffer of at least `size` bytes for the next call's strings (its old
// content is gone); nullptr when memory cannot grow.
EMSCRIPTEN_KEEPALIVE char* es_input(std::uint32_t size) {
  using edge_session::input_buffer;
  using edge_session::input_capacity;
  if (size > input_capacity) {
    std::free(input_buffer);
    input_buffer = static_cast<char*>(std::malloc(size));
    input_capacity = input_buffer ? size : 0;
  }
  return input_buffer;
}

EMSCRIPTEN_KEEPALIVE std::uint32_t* es_result_cell() {
  return edge_session::result_cell;
}

// Input: header, fresh_id. Never nullptr: a missing or bad cookie gives an
// empty session.
EMSCRIPTEN_KEEPALIVE WasmSession* es_read_session(
    const WasmCookie* cookie, std::uint32_t header_length,
    std::uint32_t id_length, double now, double idle_timeout,
    double absolute_timeout, double touch_interval) {
  return cookie->read_session(
      edge_session::input_at(0, header_length),
      std::string(edge_session::input_at(header_length, id_length)),
      static_cast<std::int64_t>(now),
      edge_session::policy_of(idle_timeout, absolute_timeout, touch_interval));
}

// Input: options_json; with kNonceFollows set in options_length, then 24
// random bytes, the nonce of a sealed cookie (no crossing of its own). A
// sealed cookie given none fails rather than take stale bytes for one. On
// success the result is the Set-Cookie, NUL, the session's state
// (commit_into), and the session is freed.
EMSCRIPTEN_KEEPALIVE int es_commit(const WasmCookie* cookie,
                                   WasmSession* session,
                                   std::uint32_t options_length, double now,
                                   double idle_timeout,
                                   double absolute_timeout) {
  constexpr std::uint32_t kNonceFollows = 0x80000000u;
  const bool nonce_follows = (options_length & kNonceFollows) != 0;
  options_length &= ~kNonceFollows;
  if (nonce_follows && cookie->is_sealed() &&
      edge_session::input_capacity >=
          options_length + edge_session::kSealNonceSize) {
    cookie->provide_nonce(edge_session::SealNonce(
        reinterpret_cast<const std::uint8_t*>(edge_session::input_buffer) +
            options_length,
        edge_session::kSealNonceSize));
  }
  edge_session::Status status = cookie->commit_into(
      *session, edge_session::input_at(0, options_length),
      static_cast<std::int64_t>(now),
      edge_session::policy_of(idle_timeout, absolute_timeout, 0),
      edge_session::payload_text, edge_session::result_text);
  if (!status.ok()) return edge_session::report(std::move(status));
  edge_session::point_result_at(edge_session::result_text);
  delete session;
  return 0;
}

// Input: data_json (React Router's flat layout, as createSession(data, id)
// and the server-side stores hold it), id. Read exactly as a React Router
// cookie's payload is (codec.cpp), limits included. nullptr when it is not
// such an object: a corrupt record is treated as missing.
// With now > 0, a record whose times say it ended (idle or absolute timeout)
// is nullptr too, and one due for renewal is flagged for a write.
EMSCRIPTEN_KEEPALIVE WasmSession* es_session_from_data(
    std::uint32_t data_length, std::uint32_t id_length, bool needs_resign,
    double now, double idle_timeout, double absolute_timeout,
    double touch_interval) {
  std::optional<edge_session::Session> session =
      edge_session::decode_session_payload(
          edge_session::input_at(0, data_length),
          edge_session::CookieFormat::kReactRouter,
          std::string(edge_session::input_at(data_length, id_length)));
  if (!session) return nullptr;
  const edge_session::Lifetime lifetime = edge_session::check_lifetime(
      session->times(), static_cast<std::int64_t>(now),
      edge_session::policy_of(idle_timeout, absolute_timeout, touch_interval));
  if (lifetime == edge_session::Lifetime::kExpired) return nullptr;
  return edge_session::new_session(
      std::move(session),
      needs_resign || lifetime == edge_session::Lifetime::kNeedsRenewal);
}

// Result: what a server-side store saves (React Router's flat layout), with
// the session's times stamped at `now`: the record's expiry (0: none) and
// the policy's timeouts decide them, as times_for_commit does for cookies.
// 0, or kValueTooLarge for a record the read would refuse (codec.h
// append_session_record), the session's times then left as they were.
EMSCRIPTEN_KEEPALIVE int es_session_record(WasmSession* session, double now,
                                           double expires_at,
                                           double idle_timeout,
                                           double absolute_timeout) {
  edge_session::Session& core = session->session();
  const edge_session::SessionTimes before = core.times();
  const edge_session::SessionPolicy policy =
      edge_session::policy_of(idle_timeout, absolute_timeout, 0);
  core.set_times(edge_session::times_to_write(
      core.times(), policy, static_cast<std::int64_t>(now),
      static_cast<std::int64_t>(expires_at)));
  edge_session::result_text.clear();
  edge_session::Status status =
      edge_session::append_session_record(edge_session::result_text, core);
  if (!status.ok()) {
    core.set_times(before);
    return edge_session::report(std::move(status));
  }
  edge_session::point_result_at(edge_session::result_text);
  return 0;
}

// Input: a snapshot (es_session_snapshot), or what es_commit returned: the
// Set-Cookie, NUL, the state (no snapshot holds a raw NUL: JSON escapes
// it). nullptr when it is neither.
EMSCRIPTEN_KEEPALIVE WasmSession* es_session_restore(std::uint32_t length) {
  const std::string_view text = edge_session::input_at(0, length);
  const std::size_t nul = text.find('\0');
  if (nul == std::string_view::npos) {
    return edge_session::new_session(edge_session::Session::restore(text));
  }
  // A sealed cookie's commit: NUL, NUL, the snapshot (commit_into).
  if (nul + 1 < text.size() && text[nul + 1] == '\0') {
    return edge_session::new_session(
        edge_session::Session::restore(text.substr(nul + 2)));
  }
  // After the NUL: the payload's format ('3' Remix v3, 'r' React Router),
  // then the state.
  const std::string_view rest = text.substr(nul + 1);
  if (rest.empty()) return nullptr;
  return edge_session::new_session(edge_session::restore_committed_session(
      text.substr(0, nul),
      rest[0] == '3' ? edge_session::CookieFormat::kRemixV3
                     : edge_session::CookieFormat::kReactRouter,
      rest.substr(1)));
}

// Input: a Cookie header. Result: WasmCookie::read_value's text. The header
// crosses as every other input does (js/core-calls.js), so createCookie's
// parse and getSession read one header the same way (issue 10.7: Embind's
// string conversion once merged a lone surrogate with the next character).
EMSCRIPTEN_KEEPALIVE void es_cookie_read_value(const WasmCookie* cookie,
                                               std::uint32_t header_length) {
  edge_session::set_result(
      cookie->read_value(edge_session::input_at(0, header_length)));
}

// Input: 24 random bytes, the nonce of the cookie's next sealed write
// (createCookie's serialize; commits pass theirs to es_commit).
EMSCRIPTEN_KEEPALIVE void es_cookie_nonce(const WasmCookie* cookie) {
  cookie->provide_nonce(edge_session::SealNonce(
      reinterpret_cast<const std::uint8_t*>(edge_session::input_buffer),
      edge_session::kSealNonceSize));
}

EMSCRIPTEN_KEEPALIVE void es_session_free(WasmSession* session) {
  delete session;
}

EMSCRIPTEN_KEEPALIVE int es_live_session_count() {
  return edge_session::live_sessions;
}

// The 128-bit secret key of the core's hash of session keys (json.h
// seed_key_hash), as four 32-bit words, low first: 16 random bytes JS draws
// when it instantiates the module (js/core-calls.js createCore), before any
// key is hashed. Words, not the input buffer: no memory crossing.
EMSCRIPTEN_KEEPALIVE void es_seed_key_hash(std::uint32_t w0, std::uint32_t w1,
                                           std::uint32_t w2, std::uint32_t w3) {
  edge_session::seed_key_hash(w0 | (static_cast<std::uint64_t>(w1) << 32),
                              w2 | (static_cast<std::uint64_t>(w3) << 32));
}

// Input: key. The low 32 bits of its hash under this instance's seed, the
// bits that pick its slot: the tests' probe that each instance is seeded.
EMSCRIPTEN_KEEPALIVE std::uint32_t es_key_hash(std::uint32_t key_length) {
  return static_cast<std::uint32_t>(edge_session::hash_key(
      edge_session::key_hash_seed(), edge_session::input_at(0, key_length)));
}

// Input: key. 1 and the value's JSON text as the result, or 0 when absent.
EMSCRIPTEN_KEEPALIVE int es_session_get(const WasmSession* session,
                                        std::uint32_t key_length) {
  return edge_session::point_result_at_if(
      session->session().get(edge_session::input_at(0, key_length)));
}

// Input: key. 1 and the incoming flash's JSON text as the result, or 0 when
// absent.
EMSCRIPTEN_KEEPALIVE int es_session_get_flash(const WasmSession* session,
                                              std::uint32_t key_length) {
  return edge_session::point_result_at_if(
      session->session().get_flash(edge_session::input_at(0, key_length)));
}

// Input: key. 1 and the stored value's JSON text as the result (never an
// incoming flash), or 0 when absent.
EMSCRIPTEN_KEEPALIVE int es_session_get_value(const WasmSession* session,
                                              std::uint32_t key_length) {
  return edge_session::point_result_at_if(
      session->session().get_value(edge_session::input_at(0, key_length)));
}

// Input: key.
EMSCRIPTEN_KEEPALIVE bool es_session_has(const WasmSession* session,
                                         std::uint32_t key_length) {
  return session->session().has(edge_session::input_at(0, key_length));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t es_session_size(const WasmSession* session) {
  return static_cast<std::uint32_t>(session->session().size());
}

// Input: key, value_json (JSON.stringify's output, stored unparsed).
EMSCRIPTEN_KEEPALIVE int es_session_set(WasmSession* session,
                                        std::uint32_t key_length,
                                        std::uint32_t value_length) {
  return edge_session::report(session->session().set(
      edge_session::input_at(0, key_length),
      std::string(edge_session::input_at(key_length, value_length))));
}

// Input: key, value_json.
EMSCRIPTEN_KEEPALIVE int es_session_flash(WasmSession* session,
                                          std::uint32_t key_length,
                                          std::uint32_t value_length) {
  return edge_session::report(session->session().flash(
      edge_session::input_at(0, key_length),
      std::string(edge_session::input_at(key_length, value_length))));
}

// Input: key.
EMSCRIPTEN_KEEPALIVE int es_session_unset(WasmSession* session,
                                          std::uint32_t key_length) {
  return edge_session::report(
      session->session().unset(edge_session::input_at(0, key_length)));
}

EMSCRIPTEN_KEEPALIVE void es_session_destroy(WasmSession* session) {
  session->session().destroy();
}

// Input: new_id.
EMSCRIPTEN_KEEPALIVE int es_session_regenerate_id(WasmSession* session,
                                                  std::uint32_t id_length,
                                                  bool delete_old) {
  return edge_session::report(session->session().regenerate_id(
      std::string(edge_session::input_at(0, id_length)), delete_old));
}

// Input: id.
EMSCRIPTEN_KEEPALIVE void es_session_assign_stored_id(WasmSession* session,
                                                      std::uint32_t id_length) {
  session->session().assign_stored_id(
      std::string(edge_session::input_at(0, id_length)));
}

EMSCRIPTEN_KEEPALIVE void es_session_forget_delete_id(WasmSession* session) {
  session->session().forget_delete_id();
}

// Bit 0 dirty, bit 1 destroyed, bit 2 read under a retired secret.
EMSCRIPTEN_KEEPALIVE int es_session_flags(const WasmSession* session) {
  return (session->session().dirty() ? 1 : 0) |
         (session->session().destroyed() ? 2 : 0) |
         (session->needs_resign() ? 4 : 0);
}

// The session's times: created, touched, expires and the sign-in time (Unix
// ms; all 0 for a session without times, expires and the sign-in 0 when
// none), as the JS numbers they are (each at most 2^53), then 1 when it has
// times at all, else 0.
EMSCRIPTEN_KEEPALIVE const double* es_session_times(
    const WasmSession* session) {
  static double times[5];
  const edge_session::SessionTimes& from = session->session().times();
  times[0] = static_cast<double>(from.created);
  times[1] = static_cast<double>(from.touched);
  times[2] = static_cast<double>(from.expires);
  times[3] = static_cast<double>(from.signed_in_ms);
  times[4] = from.present ? 1 : 0;  // created 0 is a time (a mock clock's)
  return times;
}

// Records when the session's user signed in (Unix ms; 0 forgets it): the
// next commit or record writes it with the session's times.
EMSCRIPTEN_KEEPALIVE void es_session_set_signed_in(WasmSession* session,
                                                   double signed_in_ms) {
  edge_session::SessionTimes times = session->session().times();
  times.signed_in_ms = static_cast<std::int64_t>(signed_in_ms);
  session->session().set_times(times);
}

// Result: the ID.
EMSCRIPTEN_KEEPALIVE void es_session_id(const WasmSession* session) {
  edge_session::point_result_at(session->session().id());
}

// Result: the ID a commit deletes, "" when none.
EMSCRIPTEN_KEEPALIVE void es_session_delete_id(const WasmSession* session) {
  const std::optional<std::string>& id = session->session().delete_id();
  edge_session::point_result_at(id ? std::string_view(*id)
                                   : std::string_view());
}

// Result: the ID the session arrived with (read under, given to
// createSession, or a store created it under), "" when none; never one
// regenerate_id made up. A failed commit deletes only a record it made.
EMSCRIPTEN_KEEPALIVE void es_session_original_id(const WasmSession* session) {
  edge_session::point_result_at(session->session().original_id());
}

// Result: what a commit stores (React Router's flat layout).
EMSCRIPTEN_KEEPALIVE void es_session_data(const WasmSession* session) {
  edge_session::set_result(session->session().flat_data_text());
}

// Result: the whole state, for es_session_restore.
EMSCRIPTEN_KEEPALIVE void es_session_snapshot(const WasmSession* session) {
  edge_session::result_text.clear();
  session->session().append_snapshot(edge_session::result_text);
  edge_session::point_result_at(edge_session::result_text);
}

}  // extern "C"

EMSCRIPTEN_BINDINGS(edge_session) {
  using namespace emscripten;
  using edge_session::Outcome;

  value_object<Outcome>("Outcome")
      .field("code", &Outcome::code)
      .field("text", &Outcome::text);

  class_<WasmCookie>("Cookie")
      .constructor<const std::string&, const std::string&, const std::string&,
                   int>()
      .constructor<const std::string&, const std::string&, const std::string&,
                   int, int>()
      .function("errorCode", &WasmCookie::error_code)
      .function("errorMessage", &WasmCookie::error_message)
      // Where the es_* session functions find this cookie.
      .function("address", &WasmCookie::address)
      .function("destroyCookie", &WasmCookie::destroy_cookie)
      .function("writeValue", &WasmCookie::write_value);
}
