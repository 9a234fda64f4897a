#include "codec.h"

#include <span>
#include <string>
#include <utility>

namespace edge_session {
namespace {

// {"i":id,"d":[values,flash]}: exactly those two members, "i" a string and
// "d" an array (reference §2.2). Read with the linear reader at each level
// (nlohmann's ordered_json finds keys by a scan: quadratic in their number).
std::optional<Session> decode_remix_v3(std::string_view payload) {
  const std::optional<std::span<const JsonMember>> members =
      JsonObjectReader::for_this_thread().read(payload);
  if (!members || members->size() != 2) return std::nullopt;
  std::string_view id_text;
  std::string_view data_text;
  for (const JsonMember& member : *members) {
    if (member.key == "i" && member.type == Json::value_t::string) {
      id_text = member.value;
    } else if (member.key == "d" && member.type == Json::value_t::array) {
      data_text = member.value;
    }
  }
  if (id_text.empty() || data_text.empty()) return std::nullopt;
  // Views into `payload`, which outlives the reads below (the reader's own
  // members do not).
  const Json id = parse_json(id_text);
  if (!id.is_string()) return std::nullopt;  // never: the reader checked it
  const std::vector<std::string_view> elements = json_member_values(data_text);
  // Missing or non-object elements are empty, as @remix-run/session reads
  // them.
  RawJsonObject values = elements.empty()
                             ? RawJsonObject()
                             : RawJsonObject::read_or_empty(elements[0]);
  RawJsonObject flash = elements.size() < 2
                            ? RawJsonObject()
                            : RawJsonObject::read_or_empty(elements[1]);
  // The times are kept among the values, as in React Router's layout.
  SessionTimes times;
  if (const std::string* text = values.find(kTimesKey)) {
    std::optional<SessionTimes> parsed = parse_session_times(*text);
    if (!parsed) return std::nullopt;
    times = *parsed;
    values.erase(kTimesKey);
  }
  Session session(id.get<std::string>(), std::move(values), std::move(flash));
  session.set_times(times);
  return session;
}

}  // namespace

void append_session_payload(std::string& payload, const Session& session,
                            CookieFormat format) {
  if (format == CookieFormat::kReactRouter) {
    session.append_flat_data(payload, /*with_times=*/true);
    return;
  }
  // Remix v3 writes the flash set during this request only (reference §1.1).
  payload.reserve(payload.size() + 16 + session.id().size() +
                  session.values().json_text_size() +
                  session.pending_flash().json_text_size());
  payload.append("{\"i\":");
  append_json_string(payload, session.id());
  payload.append(",\"d\":[");
  if (session.destroyed()) {
    payload.append("{},{}");
  } else {
    session.append_values_with_times(payload);
    payload.push_back(',');
    session.pending_flash().append_to(payload);
  }
  payload.append("]}");
}

Status append_session_record(std::string& out, const Session& session) {
  const std::size_t start = out.size();
  session.append_flat_data(out, /*with_times=*/true);
  const std::size_t size = out.size() - start;
  if (size <= kMaxSessionBytes) return Status::Ok();
  out.resize(start);
  return Status::Fail(ErrorCode::kValueTooLarge,
                      "Session data would be " + std::to_string(size) +
                          " bytes of JSON as stored (times included), over "
                          "the limit of " +
                          std::to_string(kMaxSessionBytes) +
                          ": nothing was written");
}

std::optional<Session> decode_session_payload(std::string_view payload,
                                              CookieFormat format,
                                              std::string fresh_id) {
  // No session holds more (its set would fail): a larger record, which
  // another program may have written, is bad input, not a session.
  if (payload.size() > kMaxSessionBytes) return std::nullopt;
  // Only the format this cookie is configured for: React Router data whose
  // keys happen to be "i" and "d" is never read as Remix v3 (issue 10.1).
  if (format == CookieFormat::kRemixV3) return decode_remix_v3(payload);
  JsonObjectReader& reader = JsonObjectReader::for_this_thread();
  const std::optional<std::span<const JsonMember>> members =
      reader.read(payload, kMaxJsonDepth, RepeatedKeys::kKept);
  if (!members) return std::nullopt;
  std::optional<Session> session =
      Session::from_flat_members(std::move(fresh_id), *members);
  reader.release_if_wide();
  return session;
}

}  // namespace edge_session
