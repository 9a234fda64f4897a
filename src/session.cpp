#include "session.h"

#include <string>
#include <utility>

namespace edge_session {
namespace {

constexpr std::string_view kFlashPrefix = "__flash_";
constexpr std::string_view kFlashSuffix = "__";
// Keys a read session has room for before its list of values reallocates.
constexpr std::size_t kRoomToGrow = 16;

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

std::optional<Session> Session::from_flat_members(
    std::string id, std::span<const JsonMember> members) {
  RawJsonObject values;
  RawJsonObject flash;
  std::size_t flash_count = 0;
  std::string_view times_text;  // the last "__es__", as JSON.parse keeps
  bool has_times = false;
  for (const JsonMember& member : members) {
    if (flash_key_of(member.key)) ++flash_count;
    if (member.key == kTimesKey) {
      times_text = member.value;
      has_times = true;
    }
  }
  SessionTimes times;
  if (has_times) {
    std::optional<SessionTimes> parsed = parse_session_times(times_text);
    if (!parsed) return std::nullopt;
    times = *parsed;
  }
  // Room for the keys a request usually adds: the first set() of a new key
  // would otherwise reallocate the whole list, twice its size (a 512 KiB
  // record of 63,000 keys then held 3 MB more for its one new key).
  values.reserve(members.size() - flash_count + kRoomToGrow);
  flash.reserve(flash_count);
  // The reader may leave a key read twice (RepeatedKeys::kKept): set keeps,
  // as JSON.parse does, its last value at its first place, through the
  // index it builds as it goes, which lookups then use: each key is hashed
  // once, and building stays linear in the number of keys (issue 10.3).
  for (const JsonMember& member : members) {
    if (member.key == kTimesKey) continue;
    std::string value(member.value);
    if (auto flash_key = flash_key_of(member.key)) {
      flash.set(*flash_key, std::move(value));
    } else {
      values.set(member.key, std::move(value));
    }
  }
  values.shrink_if_repeated(members.size() - flash_count);
  flash.shrink_if_repeated(flash_count);
  Session session(std::move(id), std::move(values), std::move(flash));
  session.times_ = times;
  return session;
}

const std::string* Session::get(std::string_view key) const {
  if (destroyed_) return nullptr;
  if (const std::string* value = values_.find(key)) return value;
  return incoming_flash_.find(key);
}

const std::string* Session::get_flash(std::string_view key) const {
  return destroyed_ ? nullptr : incoming_flash_.find(key);
}

const std::string* Session::get_value(std::string_view key) const {
  return destroyed_ ? nullptr : values_.find(key);
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
  if (key == kTimesKey) {
    return Status::Fail(ErrorCode::kInvalidKey,
                        "Session key \"__es__\" is reserved: it holds the "
                        "session's times (when it began, was last used, "
                        "expires)");
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

Status Session::check_value(std::string_view key, std::string_view value_json,
                            const RawJsonObject& into,
                            const RawJsonObject& others) const {
  if (json_nests_deeper_than(value_json, kMaxValueDepth)) {
    return Status::Fail(ErrorCode::kInvalidValue,
                        "Session value for \"" + std::string(key) +
                            "\" nests deeper than " +
                            std::to_string(kMaxValueDepth) + " levels");
  }
  if (key.size() + value_json.size() > kMaxValueBytes) {
    return Status::Fail(ErrorCode::kValueTooLarge,
                        "Session value for \"" + std::string(key) + "\" is " +
                            std::to_string(value_json.size()) +
                            " bytes of JSON, with its key " +
                            std::to_string(key.size() + value_json.size()) +
                            ", over the limit of " +
                            std::to_string(kMaxValueBytes));
  }
  // The record a commit would write (append_flat_data with its times), never
  // under it and at most 3 bytes over (braces): both objects' braces, each
  // member's quotes, colon and comma, each flash key's affixes, and room for
  // the times, which are stamped only at commit. Keys JSON escapes may take
  // more; a commit refuses those (append_session_record). Audit of issue 10.4:
  // without the times and the affixes, a session filled to the limit committed
  // a record over it, which then read back as a fresh session.
  const std::string* old = into.find(key);
  const bool new_flash = !old && &into == &pending_flash_;
  const std::size_t flash_count = pending_flash_.size() + (new_flash ? 1 : 0);
  const std::size_t size =
      into.json_text_size() + others.json_text_size() + value_json.size() +
      (old ? 0 : key.size() + 4) +
      flash_count * (kFlashPrefix.size() + kFlashSuffix.size()) +
      kMaxTimesMemberBytes - (old ? old->size() : 0);
  // A value no larger than the one it replaces is taken all the same: a
  // session read from a record written without this room (another program's,
  // or before the times were counted) can still shrink.
  const bool grows = !old || value_json.size() > old->size();
  if (grows && size > kMaxSessionBytes) {
    return Status::Fail(ErrorCode::kValueTooLarge,
                        "Session data would be " + std::to_string(size) +
                            " bytes of JSON as stored (flash names and "
                            "times included), over the limit of " +
                            std::to_string(kMaxSessionBytes));
  }
  return Status::Ok();
}

Status Session::set(std::string_view key, std::string value_json) {
  Status status = check_writable(key);
  if (!status.ok()) return status;
  // No text (JS's undefined) removes, as null does: RawJsonObject holds no
  // empty value (its erase leaves one as a gap).
  if (value_json == "null" || value_json.empty()) {
    values_.erase(key);
  } else {
    status = check_value(key, value_json, values_, pending_flash_);
    if (!status.ok()) return status;
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
  // No text (JS's undefined): removes a flash set earlier in this request,
  // as set(key, undefined) removes a value.
  if (value_json.empty()) {
    pending_flash_.erase(key);
    dirty_ = true;
    return status;
  }
  status = check_value(key, value_json, pending_flash_, values_);
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

void Session::append_values_with_times(std::string& text) const {
  using namespace std::string_view_literals;
  values_.append_to(text);
  if (!times_.known()) return;
  text.pop_back();  // the closing '}'
  if (!values_.empty()) text.push_back(',');
  text.append("\""sv).append(kTimesKey).append("\":"sv);
  append_session_times(text, times_);
  text.push_back('}');
}

void Session::append_flat_data(std::string& text, bool with_times) const {
  using namespace std::string_view_literals;
  if (destroyed_) {
    text.append("{}"sv);
    return;
  }
  text.reserve(
      text.size() + values_.json_text_size() + pending_flash_.json_text_size() +
      pending_flash_.size() * (kFlashPrefix.size() + kFlashSuffix.size()) +
      (with_times ? 64 : 0));
  const bool times = with_times && times_.known();
  if (times) {
    append_values_with_times(text);
  } else {
    values_.append_to(text);
  }
  if (pending_flash_.empty()) return;
  text.pop_back();  // the closing '}'
  bool first = values_.empty() && !times;
  pending_flash_.for_each(
      [&](const std::string& key, const std::string& value) {
        if (!first) text.push_back(',');
        first = false;
        // "__flash_<key>__" as a JSON string, built in place: the affixes need
        // no escape.
        text.push_back('"');
        text.append(kFlashPrefix);
        append_json_string_content(text, key);
        text.append(kFlashSuffix).append("\":"sv).append(value);
      });
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
  if (times_.known()) {
    text.append(",\"times\":"sv);
    append_session_times(text, times_);
  }
  if (dirty_) text.append(",\"dirty\":true"sv);
  if (destroyed_) text.append(",\"destroyed\":true"sv);
  if (delete_id_) {
    text.append(",\"deleteId\":"sv);
    append_json_string(text, *delete_id_);
  }
  text.push_back('}');
}

std::optional<Session> Session::restore(std::string_view snapshot) {
  // Read without a tree, as a payload is: the values' texts stay exactly as
  // written, lone surrogate escapes included (issue 10.6: a tree made them
  // U+FFFD when a server-side session was used after its commit).
  // One level deeper than a payload: a snapshot holds the values one level
  // down ({"values":{...}}), and a value read at the payload's limit must
  // come back. Regression (review): such a session, once released, could
  // never be restored (its next read failed, and the instance broke).
  const std::optional<std::span<const JsonMember>> members =
      JsonObjectReader::for_this_thread().read(snapshot, kMaxJsonDepth + 1);
  if (!members) return std::nullopt;
  // Views into `snapshot`, taken before the reads below reuse the reader.
  std::string_view id;
  std::string_view original_id;
  std::string_view delete_id;
  std::string_view values;
  std::string_view incoming_flash;
  std::string_view pending_flash;
  std::string_view times;
  bool dirty = false;
  bool destroyed = false;
  for (const JsonMember& member : *members) {
    const bool is_string = member.type == Json::value_t::string;
    if (member.key == "id" && is_string) id = member.value;
    if (member.key == "originalId" && is_string) original_id = member.value;
    if (member.key == "deleteId" && is_string) delete_id = member.value;
    if (member.key == "values") values = member.value;
    if (member.key == "incomingFlash") incoming_flash = member.value;
    if (member.key == "pendingFlash") pending_flash = member.value;
    if (member.key == "times") times = member.value;
    if (member.key == "dirty") dirty = member.value == "true";
    if (member.key == "destroyed") destroyed = member.value == "true";
  }
  if (id.empty() || original_id.empty()) return std::nullopt;
  const auto string_of = [](std::string_view literal) {
    return parse_json(literal).get<std::string>();  // a validated string
  };
  Session session(string_of(original_id), RawJsonObject::read_or_empty(values),
                  RawJsonObject::read_or_empty(incoming_flash));
  session.id_ = string_of(id);
  session.pending_flash_ = RawJsonObject::read_or_empty(pending_flash);
  if (!delete_id.empty()) session.delete_id_ = string_of(delete_id);
  if (!times.empty()) {
    std::optional<SessionTimes> parsed = parse_session_times(times);
    if (!parsed) return std::nullopt;
    session.times_ = *parsed;
  }
  session.dirty_ = dirty;
  session.destroyed_ = destroyed;
  return session;
}

std::optional<Session> Session::restore(std::string_view state,
                                        Session&& committed) {
  std::optional<Session> session = restore(state);
  if (!session) return std::nullopt;
  session->values_ = std::move(committed.values_);
  session->pending_flash_ = std::move(committed.incoming_flash_);
  session->times_ = committed.times_;
  return session;
}

}  // namespace edge_session
