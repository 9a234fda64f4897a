#include "session.h"

#include <utility>

namespace edge_session {
namespace {

constexpr std::string_view kFlashPrefix = "__flash_";
constexpr std::string_view kFlashSuffix = "__";

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
  return storage_key.substr(kFlashPrefix.size(), storage_key.size() - affixes);
}

Session::Session(std::string id, RawJsonObject values,
                 RawJsonObject incoming_flash)
    : original_id_(id),
      id_(std::move(id)),
      values_(std::move(values)),
      incoming_flash_(std::move(incoming_flash)) {
  // A session that arrives with flash must be saved so the flash is dropped,
  // whether or not the handler reads it (reference §1.2).
  dirty_ = !incoming_flash_.empty();
}

Session Session::from_flat_data(std::string id, const Json& flat) {
  RawJsonObject values;
  RawJsonObject flash;
  if (flat.is_object()) {
    for (auto it = flat.begin(); it != flat.end(); ++it) {
      if (auto flash_key = flash_key_of(it.key())) {
        flash.set(*flash_key, dump_json(it.value()));
      } else {
        values.set(it.key(), dump_json(it.value()));
      }
    }
  }
  return Session(std::move(id), std::move(values), std::move(flash));
}

Session Session::from_flat_members(std::string id,
                                   std::span<const JsonMember> members) {
  RawJsonObject values;
  RawJsonObject flash;
  std::size_t flash_count = 0;
  for (const JsonMember& member : members) {
    if (flash_key_of(member.key)) ++flash_count;
  }
  values.reserve(members.size() - flash_count);
  flash.reserve(flash_count);
  for (const JsonMember& member : members) {
    std::string value(member.value);
    if (auto flash_key = flash_key_of(member.key)) {
      flash.set(*flash_key, std::move(value));
    } else {
      values.set(member.key, std::move(value));
    }
  }
  return Session(std::move(id), std::move(values), std::move(flash));
}

const std::string* Session::get(std::string_view key) const {
  if (destroyed_) return nullptr;
  if (const std::string* value = values_.find(key)) return value;
  return incoming_flash_.find(key);
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

Status Session::set(std::string_view key, std::string value_json) {
  Status status = check_writable(key);
  if (!status.ok()) return status;
  if (value_json == "null") {
    values_.erase(key);
  } else {
    values_.set(key, std::move(value_json));
  }
  dirty_ = true;
  return status;
}

Status Session::unset(std::string_view key) {
  Status status = check_writable(key);
  if (!status.ok()) return status;
  values_.erase(key);
  dirty_ = true;
  return status;
}

Status Session::flash(std::string_view key, std::string value_json) {
  Status status = check_writable(key);
  if (!status.ok()) return status;
  pending_flash_.set(key, std::move(value_json));
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

std::string Session::flat_data_text() const {
  std::string text;
  append_flat_data(text);
  return text;
}

void Session::append_flat_data(std::string& text) const {
  using namespace std::string_view_literals;
  if (destroyed_) {
    text.append("{}"sv);
    return;
  }
  text.reserve(
      text.size() + values_.json_text_size() + pending_flash_.json_text_size() +
      pending_flash_.size() * (kFlashPrefix.size() + kFlashSuffix.size()));
  values_.append_to(text);
  if (pending_flash_.empty()) return;
  text.pop_back();  // the closing '}'
  bool first = values_.empty();
  for (const RawJsonObject::Member& flash : pending_flash_) {
    if (!first) text.push_back(',');
    first = false;
    // "__flash_<key>__" as a JSON string, built in place: the affixes need
    // no escape.
    text.push_back('"');
    text.append(kFlashPrefix);
    append_json_string_content(text, flash.first);
    text.append(kFlashSuffix).append("\":"sv).append(flash.second);
  }
  text.push_back('}');
}

std::string Session::snapshot() const {
  std::string text;
  append_snapshot(text);
  return text;
}

void Session::append_snapshot(std::string& out) const {
  append_snapshot(out, /*with_data=*/true);
}

void Session::append_state(std::string& out) const {
  append_snapshot(out, /*with_data=*/false);
}

// Concatenated from the parts: values are already JSON text. Members that
// hold their default (an empty object, false) are left out, since restore()
// reads a missing one as that default: a commit keeps the state of every
// session, and most states are then one or two appends.
void Session::append_snapshot(std::string& text, bool with_data) const {
  using namespace std::string_view_literals;
  // The fixed keys, quotes and booleans take 114 bytes with "deleteId".
  text.reserve(
      text.size() + 128 + id_.size() + original_id_.size() +
      (delete_id_ ? delete_id_->size() : 0) + incoming_flash_.json_text_size() +
      (with_data ? values_.json_text_size() + pending_flash_.json_text_size()
                 : 0));
  if (id_.empty() && original_id_.empty()) {
    text.append("{\"id\":\"\",\"originalId\":\"\""sv);  // cookie sessions
  } else {
    text.append("{\"id\":"sv);
    append_json_string(text, id_);
    text.append(",\"originalId\":"sv);
    append_json_string(text, original_id_);
  }
  const auto append_object = [&text](std::string_view key,
                                     const RawJsonObject& object) {
    if (object.empty()) return;
    text.append(key);
    object.append_to(text);
  };
  if (with_data) {
    append_object(",\"values\":"sv, values_);
    append_object(",\"pendingFlash\":"sv, pending_flash_);
  }
  append_object(",\"incomingFlash\":"sv, incoming_flash_);
  if (dirty_) text.append(",\"dirty\":true"sv);
  if (destroyed_) text.append(",\"destroyed\":true"sv);
  if (delete_id_) {
    text.append(",\"deleteId\":"sv);
    append_json_string(text, *delete_id_);
  }
  text.push_back('}');
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
    return it != state.end() ? RawJsonObject::from_json(*it) : RawJsonObject();
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

std::optional<Session> Session::restore(std::string_view state,
                                        Session&& committed) {
  std::optional<Session> session = restore(state);
  if (!session) return std::nullopt;
  session->values_ = std::move(committed.values_);
  session->pending_flash_ = std::move(committed.incoming_flash_);
  return session;
}

}  // namespace edge_session
