// SessionCookie's sealed form (sealing.h): the value is the sealed payload
// itself, no base64 inside and no signature; the cookie's name is the
// associated data.
#include <string>

#include "session_cookie.h"

namespace edge_session {

std::string SessionCookie::too_large_message(std::size_t size) const {
  std::string message = "Set-Cookie for \"" + settings_.name + "\" would be " +
                        std::to_string(size) + " bytes, over the ";
  if (settings_.chunks > 1) {
    return message + "limit of " + std::to_string(value_limit()) + " bytes (" +
           std::to_string(settings_.chunks) + " cookies of " +
           std::to_string(kMaxSetCookieBytes) + " bytes)";
  }
  return message + "browser limit of " + std::to_string(kMaxSetCookieBytes) +
         " bytes";
}

void SessionCookie::provide_nonce(SealNonce nonce) const {
  nonce_.emplace();
  for (std::size_t i = 0; i < kSealNonceSize; ++i) (*nonce_)[i] = nonce[i];
}

bool SessionCookie::read_sealed(std::string_view value, std::string& payload,
                                bool& signed_with_old_secret) const {
  std::size_t key_index = 0;
  if (!open_sealed(value, settings_.name, seal_keys_, payload, key_index)) {
    return false;
  }
  // Opened with a retired secret: re-sealed with secrets[0] at the next
  // commit, as rotation re-signs.
  signed_with_old_secret = key_index > 0;
  return true;
}

Status SessionCookie::write_sealed(std::string_view payload,
                                   const CookieAttributes& attributes,
                                   std::string& set_cookie) const {
  set_cookie.clear();
  if (!nonce_) {
    return Status::Fail(ErrorCode::kInvalidOptions,
                        "Sealing cookie \"" + settings_.name +
                            "\" needs 24 fresh random bytes per write, and "
                            "none were provided");
  }
  // Used once: taken before anything can fail.
  const std::array<std::uint8_t, kSealNonceSize> nonce = *nonce_;
  nonce_.reset();
  set_cookie.reserve(settings_.name.size() + 1 + sealed_size(payload.size()) +
                     set_cookie_attributes_capacity(attributes));
  set_cookie.append(settings_.name).push_back('=');
  // base64url holds only characters neither dialect percent-encodes.
  append_sealed(set_cookie, payload, settings_.name, seal_keys_.front(), nonce);
  append_set_cookie_attributes(set_cookie, attributes);
  if (set_cookie.size() > value_limit()) {
    const std::size_t size = set_cookie.size();
    set_cookie.clear();
    return Status::Fail(ErrorCode::kCookieTooLarge, too_large_message(size));
  }
  return Status::Ok();
}

}  // namespace edge_session
