// libFuzzer target: arbitrary bytes as the untrusted inputs the core parses.
// A Cookie header must always give a session (never a crash) that commits
// again; a snapshot and an options object are parsed from the same bytes.
// Build and run: scripts/fuzz.sh [seconds].
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codec.h"
#include "cookie.h"
#include "cookie_options.h"
#include "json.h"
#include "json_object_scanner.h"
#include "raw_json_object.h"
#include "sealing.h"
#include "session.h"
#include "session_cookie.h"

namespace {

using edge_session::CookieAttributes;
using edge_session::CookieFormat;
using edge_session::Result;
using edge_session::Session;
using edge_session::SessionCookie;
using edge_session::SessionCookieSettings;

SessionCookie make_cookie(std::vector<std::string> secrets, CookieFormat format,
                          edge_session::CookieSealing sealing =
                              edge_session::CookieSealing::kSigned) {
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
void provide_nonce_if_sealed(const SessionCookie& cookie) {
  static const std::array<std::uint8_t, edge_session::kSealNonceSize> kNonce{
      7, 1, 2, 3};
  if (cookie.is_sealed()) cookie.provide_nonce(kNonce);
}

// A commit as es_commit makes it.
Result<std::string> commit(const SessionCookie& cookie,
                           const Session& session) {
  provide_nonce_if_sealed(cookie);
  std::string payload;
  Result<std::string> result;
  result.status = cookie.commit_session_into(session, cookie.attributes(),
                                             payload, result.value);
  return result;
}

// A read session must be clean unless it carried flash, and must commit.
void read_and_commit(const SessionCookie& cookie, std::string_view header) {
  SessionCookie::ReadSession read = cookie.read_session(header, "fresh");
  Session& session = read.session;
  if (session.destroyed()) std::abort();
  if (session.dirty() != !session.incoming_flash().empty()) std::abort();
  (void)session.get("userId");
  (void)session.size();
  Result<std::string> committed = commit(cookie, session);
  if (!committed.ok() &&
      committed.status.code != edge_session::ErrorCode::kCookieTooLarge) {
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // Signed: only the header parsing and signature checks are reachable.
  static const SessionCookie kSigned =
      make_cookie({"s3cr3t", "old"}, CookieFormat::kReactRouter);
  // Unsigned: lets the fuzzer reach base64, UTF-8 and JSON decoding.
  static const SessionCookie kUnsignedRr =
      make_cookie({}, CookieFormat::kReactRouter);
  static const SessionCookie kUnsignedV3 =
      make_cookie({}, CookieFormat::kRemixV3);
  read_and_commit(kSigned, bytes);
  read_and_commit(kUnsignedRr, bytes);
  read_and_commit(kUnsignedV3, bytes);
  // Sealed, and sealed reading signed values: the bytes as a header.
  static const SessionCookie kSealed =
      make_cookie({"s3cr3t", "old"}, CookieFormat::kReactRouter,
                  edge_session::CookieSealing::kSealed);
  static const SessionCookie kMigrating =
      make_cookie({"s3cr3t"}, CookieFormat::kReactRouter,
                  edge_session::CookieSealing::kSealedReadsSigned);
  read_and_commit(kSealed, bytes);
  read_and_commit(kMigrating, bytes);
  // The bytes sealed as a payload: they open to themselves, the session read
  // from them commits, and a change of any one bit fails to open.
  {
    static const std::vector<edge_session::SealingKey> kKeys = {
        edge_session::SealingKey("s3cr3t")};
    const std::array<std::uint8_t, edge_session::kSealNonceSize> nonce{1, 2};
    std::string sealed;
    edge_session::append_sealed(sealed, bytes, "s", kKeys.front(), nonce);
    std::string opened;
    std::size_t index = 9;
    if (!edge_session::open_sealed(sealed, "s", kKeys, opened, index) ||
        opened != bytes || index != 0) {
      std::abort();
    }
    read_and_commit(kSealed, "s=" + sealed);
    std::string changed = sealed;
    const std::size_t at = size % changed.size();
    changed[at] = changed[at] == 'A' ? 'B' : 'A';
    if (edge_session::open_sealed(changed, "s", kKeys, opened, index) ||
        edge_session::open_sealed(sealed, "t", kKeys, opened, index)) {
      std::abort();
    }
    // The raw bytes as a sealed value: never opens, never crashes.
    if (edge_session::open_sealed(bytes, "s", kKeys, opened, index)) {
      std::abort();
    }
  }

  // The bytes as a payload directly, skipping the base64 layer, in each
  // format; the React Router read is also the record path of the
  // server-side stores (es_session_from_data). Whatever is accepted nests
  // within the bound (issue 10.2), and commits one JSON object again.
  for (CookieFormat format :
       {CookieFormat::kReactRouter, CookieFormat::kRemixV3}) {
    std::optional<Session> session =
        edge_session::decode_session_payload(bytes, format, "fresh");
    if (!session) continue;
    if (edge_session::json_nests_deeper_than(bytes,
                                             edge_session::kMaxJsonDepth)) {
      std::abort();
    }
    std::string payload;
    edge_session::append_session_payload(payload, *session, format);
    std::optional<Session> again =
        edge_session::decode_session_payload(payload, format, "fresh");
    if (!again ||
        again->values().to_json_text() != session->values().to_json_text()) {
      std::abort();
    }
    if (!edge_session::parse_json(session->flat_data_text()).is_object()) {
      std::abort();
    }
  }

  // The one-pass object scanner may leave any text to nlohmann, but what it
  // reads, nlohmann must read to the same members (json_object_scanner.h).
  {
    std::vector<edge_session::JsonMember> members;
    std::size_t count = 0;
    edge_session::MemberIndex index;
    if (edge_session::try_scan_json_object(bytes, members, count, index)) {
      const edge_session::Json parsed = edge_session::parse_json(bytes);
      if (!parsed.is_object() || parsed.size() != count) std::abort();
      std::size_t i = 0;
      for (auto it = parsed.begin(); it != parsed.end(); ++it, ++i) {
        if (members[i].key != it.key() || members[i].type != it->type() ||
            edge_session::parse_json(members[i].value) != *it) {
          std::abort();
        }
      }
    }
  }

  if (std::optional<Session> restored = Session::restore(bytes)) {
    std::optional<Session> again = Session::restore(restored->snapshot());
    if (!again || again->snapshot() != restored->snapshot()) std::abort();
    // Spliced from raw text: must still be one valid JSON object.
    if (!edge_session::parse_json(restored->flat_data_text()).is_object()) {
      std::abort();
    }
  }

  // Keys reach append_json_string unvalidated (from JS through Embind):
  // whatever the bytes, the result is one JSON string, and for valid UTF-8
  // the bytes nlohmann writes (the same escapes as JSON.stringify).
  {
    std::string quoted;
    edge_session::append_json_string(quoted, bytes);
    const edge_session::Json parsed = edge_session::parse_json(quoted);
    if (!parsed.is_string()) std::abort();
    const edge_session::Json as_json = edge_session::Json(std::string(bytes));
    const std::string replaced = edge_session::dump_json(as_json);
    const bool valid_utf8 =
        replaced ==
        as_json.dump(-1, ' ', false, nlohmann::detail::error_handler_t::ignore);
    if (valid_utf8 &&
        (quoted != replaced || parsed.get<std::string>() != bytes)) {
      std::abort();
    }
    // A session keyed by the same bytes still commits one JSON object.
    Session session;
    if (session.set(bytes, "1").ok() &&
        !edge_session::parse_json(session.flat_data_text()).is_object()) {
      std::abort();
    }
  }

  Result<CookieAttributes> options =
      edge_session::apply_cookie_options(CookieAttributes{}, bytes);
  if (options.ok()) {
    (void)edge_session::serialize_set_cookie("s", "v", options.value);
  }
  return 0;
}
