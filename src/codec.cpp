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

// The texts of the elements of "d" in a Remix v3 payload, cut from `payload`
// (one scan each of the object and the array). Empty when the text and the
// parsed tree do not line up (a repeated key): callers then dump instead.
std::vector<std::string_view> data_element_texts(std::string_view payload,
                                                 const Json& parsed) {
  std::vector<std::string_view> members = json_member_values(payload);
  if (members.size() != parsed.size()) return {};
  std::size_t index = 0;
  for (auto it = parsed.begin(); it != parsed.end(); ++it, ++index) {
    if (it.key() != "d") continue;
    std::vector<std::string_view> elements = json_member_values(members[index]);
    if (elements.size() != it->size()) return {};
    return elements;
  }
  return {};
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
    const std::vector<std::string_view> texts =
        data_element_texts(payload, json);
    auto element = [&](std::size_t i) {
      if (i >= data.size()) return RawJsonObject();
      if (texts.empty()) return RawJsonObject::from_json(data[i]);
      return RawJsonObject::from_parsed_text(texts[i], data[i]);
    };
    return Session(json["i"].get<std::string>(), element(0), element(1));
  }
  return Session::from_flat_data(std::move(fresh_id), payload, json);
}

}  // namespace edge_session
