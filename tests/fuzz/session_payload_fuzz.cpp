// libFuzzer target: the bytes as a session payload, past the cookie's base64
// layer, in each format. The React Router read is also the record path of
// the server-side stores (es_session_from_data): deep and wide records and
// the __es__ session times come in this way. The same bytes as a snapshot
// (Session::restore). Build and run:
// scripts/fuzz.sh [seconds] session_payload_fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "codec.h"
#include "json.h"
#include "session.h"
#include "session_times.h"

using edge_session::CookieFormat;
using edge_session::Session;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Whatever is accepted nests within the bound (issue 10.2), and commits
  // one JSON object again that reads back to the same values.
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
    // The session times (__es__, issue 11) survive the round trip, and the
    // record path judges them next (es_session_from_data): a session without
    // times is never expired, whatever the policy and the clock.
    const edge_session::SessionTimes& times = session->times();
    if (again->times().created != times.created ||
        again->times().touched != times.touched ||
        again->times().expires != times.expires) {
      std::abort();
    }
    for (std::int64_t now : {std::int64_t{0}, times.touched, times.expires,
                             std::int64_t{1} << 53}) {
      const edge_session::Lifetime lifetime = edge_session::check_lifetime(
          times, now, {3'600'000, 86'400'000, 300'000});
      if (!times.known() && lifetime == edge_session::Lifetime::kExpired) {
        std::abort();
      }
    }
    if (!edge_session::parse_json(session->flat_data_text()).is_object()) {
      std::abort();
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
  return 0;
}
