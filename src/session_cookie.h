// The few coarse operations a request needs (STYLE.md: cross the boundary
// coarsely): a Cookie header in, a session or a value out; a session or a
// value in, a complete Set-Cookie out.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codec.h"
#include "cookie.h"
#include "error.h"
#include "hmac_sha256.h"
#include "sealing.h"
#include "session.h"
#include "session_times.h"

namespace edge_session {

// The most cookies one value may span (js/cookie-chunks.js).
inline constexpr std::size_t kMaxCookieChunks = 16;

struct SessionCookieSettings {
  std::string name;
  std::vector<std::string> secrets;  // [0] signs; all verify (rotation)
  CookieAttributes attributes;
  CookieFormat format = CookieFormat::kReactRouter;
  // Sealed instead of signed (session_cookie_sealing.cpp); needs secrets.
  CookieSealing sealing = CookieSealing::kSigned;
  // Cookies a value may span (the JS layer splits it, js/cookie-chunks.js):
  // the core reads and writes values up to this many times 4096 bytes.
  std::size_t chunks = 1;
};

class SessionCookie {
 public:
  // Validates the name, the attributes and that no secret is empty (an
  // empty HMAC key is no signature at all).
  static Result<SessionCookie> create(SessionCookieSettings settings);

  const std::string& name() const { return settings_.name; }
  bool is_signed() const { return !settings_.secrets.empty(); }
  bool is_sealed() const { return settings_.sealing != CookieSealing::kSigned; }
  // The largest value (or Set-Cookie) this cookie reads or writes whole.
  std::size_t value_limit() const {
    return settings_.chunks * kMaxSetCookieBytes;
  }
  // The random nonce the next sealed write uses, once: a write without one
  // fails rather than reuse a nonce (session_cookie_sealing.cpp).
  void provide_nonce(SealNonce nonce) const;
  CookieFormat format() const { return settings_.format; }
  const CookieAttributes& attributes() const { return settings_.attributes; }

  struct Value {
    std::string payload;  // decoded UTF-8 text; "" for an empty cookie
    bool signed_with_old_secret = false;
  };
  // The verified, base64-decoded payload of this cookie in `header`. nullopt
  // when absent, oversized, wrongly signed, not base64, or a non-empty value
  // whose payload is empty (no JSON text is): untrusted input is never an
  // error.
  std::optional<Value> read(std::string_view header) const;

  // base64(payload), signed with secrets[0], percent-encoded in the React
  // Router dialect, as a Set-Cookie written over `out`. kCookieTooLarge over
  // 4096 bytes, and then `out` holds no cookie.
  Status write_into(std::string_view payload,
                    const CookieAttributes& attributes, std::string& out) const;

  // An empty value that expires at once: Max-Age=0 and a past Expires, so
  // both old and new browsers drop it.
  std::string write_expired(const CookieAttributes& attributes) const;

  struct ReadSession {
    Session session;
    bool signed_with_old_secret = false;
    bool needs_renewal = false;  // live, but its write is due (rolling renewal)
  };
  // Any failure (absent, tampered, bad base64/UTF-8/JSON, not an object)
  // gives a fresh empty session named `fresh_id`; so does a session whose
  // times say it ended by `now` (Unix ms) under `policy` (a replayed cookie
  // past its expiry, idle or absolute timeout).
  ReadSession read_session(std::string_view header, std::string fresh_id,
                           std::int64_t now = 0,
                           const SessionPolicy& policy = {}) const;

  // The session's payload in this cookie's format, as a Set-Cookie written
  // over `out` (whose capacity is reused), the payload built in `payload`
  // (likewise): no allocation once both have room. For a destroyed session,
  // the expiring cookie.
  Status commit_session_into(const Session& session,
                             const CookieAttributes& attributes,
                             std::string& payload, std::string& out) const;

 private:
  // read(), into `payload` (whose capacity is reused); false for nullopt.
  bool read_into(std::string_view header, std::string& payload,
                 bool& signed_with_old_secret) const;

  // kCookieTooLarge's message: the size and the limit.
  std::string too_large_message(std::size_t size) const;
  // The sealed form of read_into and write_into.
  bool read_sealed(std::string_view value, std::string& payload,
                   bool& signed_with_old_secret) const;
  Status write_sealed(std::string_view payload,
                      const CookieAttributes& attributes,
                      std::string& set_cookie) const;

  explicit SessionCookie(SessionCookieSettings settings)
      : settings_(std::move(settings)),
        keys_(settings_.secrets.begin(), settings_.secrets.end()) {
    if (is_sealed()) {
      for (const std::string& secret : settings_.secrets) {
        seal_keys_.emplace_back(secret);
      }
    }
  }

  SessionCookieSettings settings_;
  std::vector<HmacSha256Key> keys_;    // one per secret, schedules precomputed
  std::vector<SealingKey> seal_keys_;  // likewise, when sealed
  mutable std::optional<std::array<std::uint8_t, kSealNonceSize>> nonce_;
};

// The times a commit at `now` (Unix ms) writes: stamped when the cookie expires
// (Max-Age or Expires, measured from this commit) or `policy` tracks times;
// none otherwise, so a cookie without either stays as React Router writes it.
SessionTimes times_for_commit(const Session& session,
                              const CookieAttributes& attributes,
                              std::int64_t now, const SessionPolicy& policy);

// A session a commit released, from the Set-Cookie that commit wrote (whose
// payload holds the values and the flash set in the request) and the
// session's Session::append_state. It needs no secret: the Set-Cookie is
// the core's own output, kept by the JS layer, not input from a request.
// nullopt when the two are not such a pair.
std::optional<Session> restore_committed_session(std::string_view set_cookie,
                                                 CookieFormat format,
                                                 std::string_view state);

}  // namespace edge_session
