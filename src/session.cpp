#include "session.h"

#include <utility>

namespace edge_session {
namespace {

constexpr std::string_view kFlashPrefix = "__flash_";
constexpr std::string_view kFlashSuffix = "__";

Json object_or_empty(Json value) {
  return value.is_object() ? std::move(value) : Json::object();
}

void erase_key(Json& object, std::string_view key) {
  auto it = object.find(key);
  if (it != object.end()) object.erase(it);
}

}  // namespace

std::string flash_storage_key(std::string_view key) {
  std::string storage_key;
  storage_key.reserve(kFlashPrefix.size() + key.size() + kFlashSuffix.size());
  storage_key.append(kFlashPrefix).append(key).append(kFlashSuffix);
  return storage_key;
}

std::optional<std::string_view> flash_key_of(std::string_view storage_key) {
  const std::size_t affixes = kFlashPrefix.size() + kFlashSuffix.size();
  if (storage_key.size() < affixes ||
      storage_key.substr(0, kFlashPrefix.size()) != kFlashPrefix ||
      storage_key.substr(storage_key.size() - kFlashSuffix.size()) !=
          kFlashSuffix) {
    return std::nullopt;
  }
  return storage_key.substr(kFlashPrefix.size(),
                            storage_key.size() - affixes);
}

Session::Session(std::string id, Json values, Json incoming_flash)
    : original_id_(id),
      id_(std::move(id)),
      values_(object_or_empty(std::move(values))),
      incoming_flash_(object_or_empty(std::move(incoming_flash))) {
  // A session that arrives with flash must be saved so the flash is dropped,
  // whether or not the handler reads it (reference §1.2).
  dirty_ = !incoming_flash_.empty();
}

Session Session::from_flat_data(std::string id, Json flat) {
  if (!flat.is_object()) return Session(std::move(id), {}, {});
  Json flash = Json::object();
  // Most sessions carry no flash: then the parsed object is the values as is.
  for (auto it = flat.begin(); it != flat.end();) {
    if (auto flash_key = flash_key_of(it.key())) {
      flash[std::string(*flash_key)] = std::move(it.value());
      it = flat.erase(it);
    } else {
      ++it;
    }
  }
  return Session(std::move(id), std::move(flat), std::move(flash));
}

const Json* Session::get(std::string_view key) const {
  if (destroyed_) return nullptr;
  auto value = values_.find(key);
  if (value != values_.end()) return &*value;
  auto flash = incoming_flash_.find(key);
  if (flash != incoming_flash_.end()) return &*flash;
  return nullptr;
}

bool Session::has(std::string_view key) const { return get(key) != nullptr; }

std::size_t Session::size() const {
  return destroyed_ ? 0 : values_.size() + incoming_flash_.size();
}

Status Session::check_writable(std::string_view key) const {
  if (destroyed_) {
    return Status::Fail(ErrorCode::kSessionDestroyed,
                        "Session has been destroyed");
  }
  // Such a key would be read back as flash from the flat layout.
  if (flash_key_of(key)) {
    return Status::Fail(ErrorCode::kInvalidKey,
                        "Session key \"" + std::string(key) +
                            "\" is reserved: keys of the form __flash_<key>__ "
                            "hold flash data");
  }
  return Status::Ok();
}

Status Session::set(std::string_view key, Json value) {
  Status status = check_writable(key);
  if (!status.ok()) return status;
  if (value.is_null()) {
    erase_key(values_, key);
  } else {
    values_[std::string(key)] = std::move(value);
  }
  dirty_ = true;
  return status;
}

Status Session::unset(std::string_view key) {
  Status status = check_writable(key);
  if (!status.ok()) return status;
  erase_key(values_, key);
  dirty_ = true;
  return status;
}

Status Session::flash(std::string_view key, Json value) {
  Status status = check_writable(key);
  if (!status.ok()) return status;
  pending_flash_[std::string(key)] = std::move(value);
  dirty_ = true;
  return status;
}

Status Session::regenerate_id(std::string new_id, bool delete_old) {
  if (destroyed_) {
    return Status::Fail(ErrorCode::kSessionDestroyed,
                        "Session has been destroyed");
  }
  // Remix v3 0.4.1: the original ID is the one a store holds; intermediate
  // IDs were never saved.
  if (delete_old && !original_id_.empty()) delete_id_ = original_id_;
  id_ = std::move(new_id);
  dirty_ = true;
  return Status::Ok();
}

Json Session::flat_data() const {
  Json flat = Json::object();
  if (destroyed_) return flat;
  flat = values_;
  for (auto it = pending_flash_.begin(); it != pending_flash_.end(); ++it) {
    flat[flash_storage_key(it.key())] = it.value();
  }
  return flat;
}

std::string Session::flat_data_text() const {
  if (destroyed_) return "{}";
  std::string text = dump_json(values_);
  if (pending_flash_.empty()) return text;
  text.pop_back();  // the closing '}'
  bool first = values_.empty();
  for (auto it = pending_flash_.begin(); it != pending_flash_.end(); ++it) {
    if (!first) text.append(1, ',');
    first = false;
    text.append(dump_json(Json(flash_storage_key(it.key()))))
        .append(1, ':')
        .append(dump_json(it.value()));
  }
  text.append(1, '}');
  return text;
}

// Spliced from dumps of the parts: building one Json state would deep-copy
// every value at each commit.
std::string Session::snapshot() const {
  std::string text = "{\"id\":";
  text.append(dump_json(Json(id_)))
      .append(",\"originalId\":")
      .append(dump_json(Json(original_id_)))
      .append(",\"values\":")
      .append(dump_json(values_))
      .append(",\"incomingFlash\":")
      .append(dump_json(incoming_flash_))
      .append(",\"pendingFlash\":")
      .append(dump_json(pending_flash_))
      .append(dirty_ ? ",\"dirty\":true" : ",\"dirty\":false")
      .append(destroyed_ ? ",\"destroyed\":true" : ",\"destroyed\":false");
  if (delete_id_) {
    text.append(",\"deleteId\":").append(dump_json(Json(*delete_id_)));
  }
  text.append(1, '}');
  return text;
}

std::optional<Session> Session::restore(std::string_view snapshot) {
  Json state = parse_json(snapshot);
  if (!state.is_object()) return std::nullopt;
  auto string_at = [&state](const char* key) -> std::optional<std::string> {
    auto it = state.find(key);
    if (it == state.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  auto bool_at = [&state](const char* key) {
    auto it = state.find(key);
    return it != state.end() && it->is_boolean() && it->get<bool>();
  };
  auto object_at = [&state](const char* key) {
    auto it = state.find(key);
    return it != state.end() && it->is_object() ? *it : Json::object();
  };
  auto id = string_at("id");
  auto original_id = string_at("originalId");
  if (!id || !original_id) return std::nullopt;

  Session session(*original_id, object_at("values"),
                  object_at("incomingFlash"));
  session.id_ = std::move(*id);
  session.pending_flash_ = object_at("pendingFlash");
  session.delete_id_ = string_at("deleteId");
  session.dirty_ = bool_at("dirty");
  session.destroyed_ = bool_at("destroyed");
  return session;
}

}  // namespace edge_session
