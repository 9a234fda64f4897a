// libFuzzer target: the core's own JSON code against nlohmann/json. The
// one-pass object scanner, the depth bound, and append_json_string (keys
// from JS reach it unvalidated). Build and run:
// scripts/fuzz.sh [seconds] json_fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "json.h"
#include "json_object_scanner.h"
#include "raw_json_object.h"
#include "session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // The one-pass object scanner may leave any text to nlohmann, but what it
  // reads, nlohmann must read to the same members (json_object_scanner.h).
  const edge_session::Json parsed = edge_session::parse_json(bytes);
  {
    std::vector<edge_session::JsonMember> members;
    std::size_t count = 0;
    edge_session::MemberIndex index;
    if (edge_session::try_scan_json_object(bytes, members, count, index)) {
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
  // The depth bound (json.h): what parse_json accepts nests within it.
  if (!parsed.is_discarded() && edge_session::json_nests_deeper_than(
                                    bytes, edge_session::kMaxJsonDepth)) {
    std::abort();
  }

  // Keys reach append_json_string unvalidated (from JS through Embind):
  // whatever the bytes, the result is one JSON string, and for valid UTF-8
  // the bytes nlohmann writes (the same escapes as JSON.stringify).
  std::string quoted;
  edge_session::append_json_string(quoted, bytes);
  const edge_session::Json parsed_quoted = edge_session::parse_json(quoted);
  if (!parsed_quoted.is_string()) std::abort();
  const edge_session::Json as_json = edge_session::Json(std::string(bytes));
  const std::string replaced = edge_session::dump_json(as_json);
  const bool valid_utf8 =
      replaced ==
      as_json.dump(-1, ' ', false, nlohmann::detail::error_handler_t::ignore);
  if (valid_utf8 &&
      (quoted != replaced || parsed_quoted.get<std::string>() != bytes)) {
    std::abort();
  }
  // A session keyed by the same bytes still commits one JSON object.
  edge_session::Session session;
  if (session.set(bytes, "1").ok() &&
      !edge_session::parse_json(session.flat_data_text()).is_object()) {
    std::abort();
  }
  return 0;
}
