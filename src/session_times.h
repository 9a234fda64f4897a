// When a session began, when it was last written and until when it may be
// served, kept inside the signed payload (or the stored record) so that the
// server, not the cookie's attributes, decides when a session ends (OWASP:
// client-side time references can be manipulated). Unix milliseconds: a
// session ends at its limit's millisecond, neither a second early nor late.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edge_session {

// The reserved member that holds them, in both formats' values:
// "__es__":[created,touched,expires] or, once a user signed in to the
// session, [created,touched,expires,signed_in_ms]. React Router and Remix v3
// see it as a value named "__es__" (README, Cookie format).
inline constexpr std::string_view kTimesKey = "__es__";

// The latest time a session may carry: 2^53 ms, every integer up to which a
// JS number holds exactly. Later limits are held at it.
inline constexpr std::int64_t kMaxTimeMs = std::int64_t{1} << 53;

// The most the times add to a payload or record: ,"__es__":[c,t,e,s] with
// each time at kMaxTimeMs (2^53 = 9007199254740992, 16 digits). A session
// keeps this room beside its data (session.h), since its times are written
// only at commit (audit of issue 10.4).
inline constexpr std::size_t kMaxTimesMemberBytes =
    std::string_view(",\"\":[,,,]").size() + kTimesKey.size() +
    std::size_t{4} * 16;

struct SessionTimes {
  std::int64_t created = 0;
  std::int64_t touched = 0;  // the last commit or renewal
  std::int64_t expires = 0;  // 0: no expiry
  // When the session's user (the storage's userKey) signed in; 0: none
  // recorded. Revocation voids sessions signed in before its time. Issue 14.
  std::int64_t signed_in_ms = 0;
  // False: the session has no times (written before times existed, or by
  // React Router or Remix v3); the others are then 0, but for a sign-in
  // recorded in this request. A flag, not created == 0: second 0 is a time
  // (node:test's mock clock starts there).
  bool present = false;

  bool known() const { return present; }
};

// What a storage enforces, in milliseconds; 0 turns a rule off.
struct SessionPolicy {
  std::int64_t idle_timeout_ms = 0;
  std::int64_t absolute_timeout_ms = 0;
  // With idle_timeout_ms: how old the last write may get before a read
  // renews it.
  std::int64_t touch_interval_ms = 0;

  bool tracks_times() const {
    return idle_timeout_ms > 0 || absolute_timeout_ms > 0;
  }
};

// "[c,t,e]" or "[c,t,e,s]": integers from 0 to 2^53 (what JS numbers hold
// exactly), s non-zero. nullopt for anything else: bad input.
std::optional<SessionTimes> parse_session_times(std::string_view json);
void append_session_times(std::string& out, const SessionTimes& times);

enum class Lifetime {
  kLive,
  kNeedsRenewal,  // live, but its write is due (rolling renewal, or no times)
  kExpired,
};

// Whether a session with `times` may be served at `now` (Unix ms). A limit
// (expires, a timeout) is passed at its millisecond: a session is served
// until then, never at or after it. A session written without
// times (React Router's, Remix v3's, ours before a policy) is live, and due
// for the write that gives it times when the policy tracks them.
Lifetime check_lifetime(const SessionTimes& times, std::int64_t now,
                        const SessionPolicy& policy);

// The times a commit at `now` writes: created kept (it survives
// regenerate_id; a new session starts it), touched now, expires as given,
// the sign-in time kept; present.
SessionTimes stamp_times(const SessionTimes& times, std::int64_t now,
                         std::int64_t expires);

// The times a session is written with at `now`, ending at `expires` (0 or
// less: none): stamp_times, or none at all (written as React Router writes it)
// when it has no end, its storage tracks no times, and it carries neither times
// nor a sign-in. Times it carries are kept: a storage without a policy (a
// version beside or before one that added absoluteTimeout) that dropped them
// made the next read under a policy start the session anew; a recorded
// sign-in is what revocation reads (issue 14). Cookies and server-side
// records alike.
SessionTimes times_to_write(const SessionTimes& times,
                            const SessionPolicy& policy, std::int64_t now,
                            std::int64_t expires);

}  // namespace edge_session
