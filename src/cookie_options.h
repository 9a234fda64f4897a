// Cookie attributes from the options a JS caller gives (createCookie,
// commitSession(session, options)), as JSON so one call crosses the boundary.
#pragma once

#include <string_view>

#include "cookie.h"
#include "error.h"

namespace edge_session {

// Applies `options_json` over `base`. Keys (React Router's names): domain,
// path, expires (epoch ms), maxAge (integer seconds), httpOnly, secure,
// sameSite ("lax"|"strict"|"none", any case, or true = strict, false = off),
// partitioned, priority ("low"|"medium"|"high"). null clears an attribute;
// unknown keys are ignored. Errors name the offending option.
Result<CookieAttributes> apply_cookie_options(const CookieAttributes& base,
                                              std::string_view options_json);

}  // namespace edge_session
