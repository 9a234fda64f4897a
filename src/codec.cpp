#include "codec.h"

#include <utility>

namespace edge_session {
namespace {

bool is_remix_v3_payload(const Json& payload) {
  if (payload.size() != 2) return false;
  auto id = payload.find("i");
  auto data = payload.find("d");
  return id != payload.end() && id->is_string() && data != payload.end() &&
         data->is_array();
}

RawJsonObject element_or_empty(const Json& array, std::size_t index) {
  return index < array.size() ? RawJsonObject::from_json(array[index])
                              : RawJsonObject();
}

}  // namespace

std::string encode_session_payload(const Session& session,
                                   CookieFormat format) {
  if (format == CookieFormat::kReactRouter) return session.flat_data_text();
  // Remix v3 writes the flash set during this request only (reference §1.1).
  std::string payload = "{\"i\":";
  append_json_string(payload, session.id());
  payload.append(",\"d\":[");
  if (session.destroyed()) {
    payload.append("{},{}");
  } else {
    session.values().append_to(payload);
    payload.append(1, ',');
    session.pending_flash().append_to(payload);
  }
  payload.append("]}");
  return payload;
}

std::optional<Session> decode_session_payload(std::string_view payload,
                                              std::string fresh_id) {
  Json json = parse_json(payload);
  if (!json.is_object()) return std::nullopt;
  if (is_remix_v3_payload(json)) {
    const Json& data = json["d"];
    return Session(json["i"].get<std::string>(), element_or_empty(data, 0),
                   element_or_empty(data, 1));
  }
  return Session::from_flat_data(std::move(fresh_id), json);
}

}  // namespace edge_session
