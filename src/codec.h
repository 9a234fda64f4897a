// Session <-> cookie payload: the JSON text that is base64-encoded and signed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "session.h"

namespace edge_session {

enum class CookieFormat {
  // React Router v7 / Remix v2: the flat data object, flash under
  // "__flash_<key>__" (reference §3.3). Sessions have no ID ("").
  kReactRouter,
  // Remix v3 @remix-run/session: {"i":id,"d":[values,flash]} (reference §2.2).
  kRemixV3,
};

std::string encode_session_payload(const Session& session, CookieFormat format);
// The same, appended to `out`.
void append_session_payload(std::string& out, const Session& session,
                            CookieFormat format);

// Reads either format: an object whose keys are exactly "i" (a string) and
// "d" (an array) is Remix v3, any other object React Router's flat layout.
// `fresh_id` names a session whose payload carries no ID. nullopt for
// anything that is not such an object (invalid JSON or UTF-8, an array, ...).
std::optional<Session> decode_session_payload(std::string_view payload,
                                              std::string fresh_id);

}  // namespace edge_session
