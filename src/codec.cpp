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

Json element_or_empty(const Json& array, std::size_t index) {
  return index < array.size() && array[index].is_object() ? array[index]
                                                          : Json::object();
}

}  // namespace

std::string encode_session_payload(const Session& session,
                                   CookieFormat format) {
  if (format == CookieFormat::kReactRouter) {
    return session.flat_data_text();
  }
  // Remix v3 writes the flash set during this request only (reference §1.1).
  Json values = session.destroyed() ? Json::object() : session.values();
  Json flash = session.destroyed() ? Json::object() : session.pending_flash();
  Json payload = {{"i", session.id()},
                  {"d", Json::array({std::move(values), std::move(flash)})}};
  return dump_json(payload);
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
  return Session::from_flat_data(std::move(fresh_id), std::move(json));
}

}  // namespace edge_session
