// The session model: values, flash data that lives exactly one request, dirty
// tracking, destroy and ID regeneration. Semantics follow Remix v3's Session
// (reference/remix-sessions.md §1.1-1.2); the persisted layout is React
// Router's flat object with flash entries under "__flash_<key>__" (§3.2).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "json.h"
#include "raw_json_object.h"
#include "session_times.h"

namespace edge_session {

// "__flash_<key>__": where React Router stores a flash value.
std::string flash_storage_key(std::string_view key);
// The <key> of a "__flash_<key>__" storage key, or nullopt for a plain key.
std::optional<std::string_view> flash_key_of(std::string_view storage_key);

// What one session may hold, as UTF-8 JSON text (documented in the README,
// "Limits"). Past these, set/flash fail with kValueTooLarge: the WASM
// memory a session can claim stays bounded (issue 10.4). The JS layer
// checks the same limits before copying anything into WASM memory.
constexpr std::size_t kMaxValueBytes = std::size_t{128} * 1024;
// The session's data as a store holds it (append_flat_data with its
// times): the most decode_session_payload reads back. set/flash count each
// flash under its "__flash_<key>__" name and keep kMaxTimesMemberBytes for
// the times, so what they built always reads back after its commit. Audit
// of issue 10.4: the times and flash names were not counted, and a session
// filled to the limit committed a record over it, which read back empty.
constexpr std::size_t kMaxSessionBytes = std::size_t{512} * 1024;

class Session {
 public:
  Session() = default;
  // Values and incoming flash (set during the previous request). Incoming
  // flash makes the session dirty: the next commit must drop it (Remix v3
  // 0.2.1 fix).
  Session(std::string id, RawJsonObject values, RawJsonObject incoming_flash);

  // From React Router's flat layout: "__flash_k__" entries are incoming flash.
  // Non-objects give an empty session.
  static Session from_flat_data(std::string id, const Json& flat);
  // The same, from the members a JsonObjectReader read out of the text (no
  // tree), a repeated key merged or not (RepeatedKeys): values are kept as
  // written. The "__es__" member becomes the session's times; nullopt when
  // it is malformed (bad input).
  static std::optional<Session> from_flat_members(
      std::string id, std::span<const JsonMember> members);

  const std::string& id() const { return id_; }
  const SessionTimes& times() const { return times_; }
  void set_times(const SessionTimes& times) { times_ = times; }
  // After a successful commit: what was written is what the store holds, so
  // nothing is dirty until the session changes again (issue 11).
  void mark_committed() { dirty_ = false; }
  bool dirty() const { return dirty_; }
  bool destroyed() const { return destroyed_; }
  // The ID the session was loaded or created with, or a store last created
  // it under (assign_stored_id); regenerate_id leaves it.
  const std::string& original_id() const { return original_id_; }
  // The original ID, set by regenerate_id(.., true): storages delete it.
  const std::optional<std::string>& delete_id() const { return delete_id_; }

  // The value's JSON text. A value wins over an incoming flash of the same
  // key. nullptr when absent or destroyed. A value flashed in this request
  // is not visible yet.
  const std::string* get(std::string_view key) const;
  // The incoming flash's JSON text, whatever value has the same key (getFlash
  // reads only what the previous request flashed). nullptr when absent or
  // destroyed.
  const std::string* get_flash(std::string_view key) const;
  // The stored value's JSON text, never an incoming flash of the same key
  // (who the session's user is: a flash under the userKey's name is not).
  // nullptr when absent or destroyed.
  const std::string* get_value(std::string_view key) const;
  bool has(std::string_view key) const;
  // Values plus incoming flash; 0 when destroyed.
  std::size_t size() const;

  // Values are JSON text, which the caller guarantees is valid (the JS layer
  // passes JSON.stringify's output; see RawJsonObject). "null" removes the
  // key. Dirty even when the value is unchanged (Remix). kInvalidValue past
  // kMaxValueDepth levels, kValueTooLarge past kMaxValueBytes or when the
  // session's data, as stored with its times, could pass kMaxSessionBytes.
  Status set(std::string_view key, std::string value_json);
  // Removes a value (not an incoming flash, as in Remix v3).
  Status unset(std::string_view key);
  // A value readable during the next request only; "" (no value: JS's
  // undefined) removes one set earlier in this request.
  Status flash(std::string_view key, std::string value_json);
  void destroy() { destroyed_ = true; }
  // Keeps the data under `new_id`. With delete_old, the ID the session was
  // loaded with (never an intermediate one) is marked for deletion.
  Status regenerate_id(std::string new_id, bool delete_old);

  // Records the ID a store just created the session under: both the
  // current and the original ID, so a second commit updates that record
  // (instead of creating another) and regenerate_id(true) deletes it.
  void assign_stored_id(std::string id) {
    original_id_ = id;
    id_ = std::move(id);
  }
  // The ID regenerate_id(true) marked was deleted by the commit that stands:
  // a later commit has nothing left to delete.
  void forget_delete_id() { delete_id_.reset(); }

  const RawJsonObject& values() const { return values_; }
  const RawJsonObject& incoming_flash() const { return incoming_flash_; }
  const RawJsonObject& pending_flash() const { return pending_flash_; }

  // What a commit persists, as JSON text in React Router's flat layout:
  // values, then the flash set during this request under "__flash_<key>__".
  // Incoming flash is dropped. "{}" if destroyed.
  std::string flat_data_text() const;
  // The same, appended to `out`; with_times adds the "__es__" member when
  // the session has times (payloads and records; not the public data).
  void append_flat_data(std::string& out, bool with_times = false) const;
  // The values object, with the "__es__" member when the session has times
  // (Remix v3's payload keeps them among its values).
  void append_values_with_times(std::string& out) const;

  // Whole state as JSON, so the JS layer can free the WASM object yet keep
  // the session usable (restore() brings it back).
  std::string snapshot() const;
  // The same, appended to `out` (no allocation once `out` has room).
  void append_snapshot(std::string& out) const;
  static std::optional<Session> restore(std::string_view snapshot);

  // The snapshot without the values and the pending flash: after a commit,
  // the committed payload holds those, so a commit keeps only this.
  void append_state(std::string& out) const;
  // From append_state's text and the session the committed payload decodes
  // to, whose incoming flash is the flash this session had pending.
  static std::optional<Session> restore(std::string_view state,
                                        Session&& committed);

 private:
  Status check_writable(std::string_view key) const;
  // Depth and size limits of a value about to be stored beside `others`
  // (the other object the session commits).
  Status check_value(std::string_view key, std::string_view value_json,
                     const RawJsonObject& into,
                     const RawJsonObject& others) const;
  void append_snapshot(std::string& out, bool with_data) const;

  std::string original_id_;
  std::string id_;
  std::optional<std::string> delete_id_;
  RawJsonObject values_;
  RawJsonObject incoming_flash_;
  RawJsonObject pending_flash_;
  SessionTimes times_;
  bool dirty_ = false;
  bool destroyed_ = false;
};

}  // namespace edge_session
