#include "codec.h"

#include <span>
#include <utility>

namespace edge_session {
namespace {

// Remix v3's {"i":string,"d":array}, told from its members alone.
bool is_remix_v3_payload(std::span<const JsonMember> members) {
  if (members.size() != 2) return false;
  bool id = false;
  bool data = false;
  for (const JsonMember& member : members) {
    if (member.key == "i") id = member.type == Json::value_t::string;
    if (member.key == "d") data = member.type == Json::value_t::array;
  }
  return id && data;
}

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

// Whether `payload` opens as encode_session_payload writes Remix v3 (`{"i":`,
// or `{"d":` with the keys the other way round).
bool opens_like_remix_v3(std::string_view payload) {
  const std::size_t i = skip_json_whitespace(payload, 0);
  if (i >= payload.size() || payload[i] != '{') return false;
  const std::string_view key =
      payload.substr(skip_json_whitespace(payload, i + 1), 3);
  return key == "\"i\"" || key == "\"d\"";
}

// {"i":id,"d":[values,flash]}, the values cut verbatim from `payload`, the
// text `json` was parsed from. nullopt unless `json` is such an object.
std::optional<Session> decode_remix_v3(std::string_view payload,
                                       const Json& json) {
  if (!json.is_object() || !is_remix_v3_payload(json)) return std::nullopt;
  const Json& data = json["d"];
  const std::vector<std::string_view> texts = data_element_texts(payload, json);
  auto element = [&](std::size_t i) {
    if (i >= data.size()) return RawJsonObject();
    if (texts.empty()) return RawJsonObject::from_json(data[i]);
    return RawJsonObject::from_parsed_text(texts[i], data[i]);
  };
  return Session(json["i"].get<std::string>(), element(0), element(1));
}

}  // namespace

std::string encode_session_payload(const Session& session,
                                   CookieFormat format) {
  std::string payload;
  append_session_payload(payload, session, format);
  return payload;
}

void append_session_payload(std::string& payload, const Session& session,
                            CookieFormat format) {
  if (format == CookieFormat::kReactRouter) {
    session.append_flat_data(payload);
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
    session.values().append_to(payload);
    payload.push_back(',');
    session.pending_flash().append_to(payload);
  }
  payload.append("]}");
}

std::optional<Session> decode_session_payload(std::string_view payload,
                                              std::string fresh_id) {
  // A payload that opens like Remix v3 takes the tree, which that format
  // needs; any other the SAX reader, which React Router's flat layout needs
  // (no tree): in the common cases, neither is parsed twice.
  if (opens_like_remix_v3(payload)) {
    const Json json = parse_json(payload);
    if (!json.is_object()) return std::nullopt;
    if (std::optional<Session> session = decode_remix_v3(payload, json)) {
      return session;
    }
    // A flat object that merely starts with "i" or "d": read as the others
    // are, so that repeated keys read the same.
  }
  // One reader per thread, reused: reading a session allocates only what
  // the session keeps.
  thread_local JsonObjectReader reader;
  const std::optional<std::span<const JsonMember>> members =
      reader.read(payload);
  if (!members) return std::nullopt;
  if (!is_remix_v3_payload(*members)) {
    return Session::from_flat_members(std::move(fresh_id), *members);
  }
  // Remix v3 that opens unusually ("\u0069", whitespace, ...).
  return decode_remix_v3(payload, parse_json(payload));
}

}  // namespace edge_session
