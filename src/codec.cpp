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

// Element `index` of the array `array` parsed from `text`, values verbatim.
RawJsonObject element_or_empty(std::string_view text, const Json& array,
                               std::size_t index) {
  if (index >= array.size()) return RawJsonObject();
  std::vector<std::string_view> elements = json_member_values(text);
  if (elements.size() != array.size()) {
    return RawJsonObject::from_json(array[index]);
  }
  return RawJsonObject::from_parsed_text(elements[index], array[index]);
}

// The text of the value of `key` in the object `object` parsed from `text`.
std::string_view member_text(std::string_view text, const Json& object,
                             std::string_view key) {
  std::vector<std::string_view> values = json_member_values(text);
  std::size_t index = 0;
  for (auto it = object.begin(); it != object.end(); ++it, ++index) {
    if (it.key() == key) {
      return index < values.size() ? values[index] : std::string_view();
    }
  }
  return std::string_view();
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
    const std::string_view data_text = member_text(payload, json, "d");
    return Session(json["i"].get<std::string>(),
                   element_or_empty(data_text, data, 0),
                   element_or_empty(data_text, data, 1));
  }
  return Session::from_flat_data(std::move(fresh_id), payload, json);
}

}  // namespace edge_session
