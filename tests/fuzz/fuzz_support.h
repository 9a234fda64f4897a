// What the libFuzzer targets in tests/fuzz share: the cookies they read
// with, and the read-then-commit round trip every Cookie header must pass.
// Build and run: scripts/fuzz.sh.
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cookie.h"
#include "sealing.h"
#include "session.h"
#include "session_cookie.h"

namespace edge_session::fuzz {

inline SessionCookie make_cookie(
    std::vector<std::string> secrets, CookieFormat format,
    CookieSealing sealing = CookieSealing::kSigned) {
  SessionCookieSettings settings;
  settings.name = "s";
  settings.secrets = std::move(secrets);
  settings.attributes.http_only = true;
  settings.format = format;
  settings.sealing = sealing;
  Result<SessionCookie> result = SessionCookie::create(std::move(settings));
  if (!result.ok()) std::abort();
  return result.value;
}

// A fixed nonce, so a sealed cookie's two commits can be compared.
inline void provide_nonce_if_sealed(const SessionCookie& cookie) {
  static const std::array<std::uint8_t, kSealNonceSize> kNonce{7, 1, 2, 3};
  if (cookie.is_sealed()) cookie.provide_nonce(kNonce);
}

// A commit as es_commit makes it.
inline Result<std::string> commit(const SessionCookie& cookie,
                                  const Session& session) {
  provide_nonce_if_sealed(cookie);
  std::string payload;
  Result<std::string> result;
  result.status = cookie.commit_session_into(session, cookie.attributes(),
                                             payload, result.value);
  return result;
}

// A read session must be clean unless it carried flash, and must commit.
inline void read_and_commit(const SessionCookie& cookie,
                            std::string_view header) {
  SessionCookie::ReadSession read = cookie.read_session(header, "fresh");
  Session& session = read.session;
  if (session.destroyed()) std::abort();
  if (session.dirty() != !session.incoming_flash().empty()) std::abort();
  (void)session.get("userId");
  (void)session.size();
  Result<std::string> committed = commit(cookie, session);
  if (!committed.ok() && committed.status.code != ErrorCode::kCookieTooLarge) {
    std::abort();
  }
  // What we wrote reads back to a session that commits to the same bytes
  // (the first commit may normalise, e.g. 1e400 becomes null as in JS).
  if (committed.ok()) {
    const std::string echo =
        committed.value.substr(0, committed.value.find(';'));
    SessionCookie::ReadSession again = cookie.read_session(echo, "fresh");
    Result<std::string> recommitted = commit(cookie, again.session);
    if (!recommitted.ok() || recommitted.value != committed.value) {
      std::abort();
    }
  }
  (void)session.snapshot();
}

}  // namespace edge_session::fuzz
