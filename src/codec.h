// Session <-> cookie payload: the JSON text that is base64-encoded and signed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "error.h"
#include "session.h"

namespace edge_session {

enum class CookieFormat {
  // React Router v7 / Remix v2: the flat data object, flash under
  // "__flash_<key>__" (reference §3.3). Sessions have no ID ("").
  kReactRouter,
  // Remix v3 @remix-run/session: {"i":id,"d":[values,flash]} (reference §2.2).
  kRemixV3,
};

// The session's payload in `format`, appended to `out`.
void append_session_payload(std::string& out, const Session& session,
                            CookieFormat format);

// What a server-side store holds: the flat layout with the session's times,
// appended to `out`. kValueTooLarge (and `out` as it was) past
// kMaxSessionBytes, the most decode_session_payload reads: nothing a commit
// writes reads back as a fresh session (audit of issue 10.4). set/flash keep
// the sessions they build under it; this refuses the rest: keys JSON
// escapes, or a record another program wrote near the limit, given times.
Status append_session_record(std::string& out, const Session& session);

// Reads `format` and nothing else: Remix v3 is an object of exactly "i" (a
// string) and "d" (an array); React Router's flat layout any object.
// `fresh_id` names a session whose payload carries no ID (React Router's).
// nullopt for anything else (invalid JSON or UTF-8, an array, nesting past
// kMaxJsonDepth, the other format's shape where it is not also this one's).
std::optional<Session> decode_session_payload(std::string_view payload,
                                              CookieFormat format,
                                              std::string fresh_id);

}  // namespace edge_session
