#include "raw_json_object.h"

#include "utf8.h"

namespace edge_session {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// The end of the string literal whose opening quote is at `i`.
std::size_t end_of_string(std::string_view text, std::size_t i) {
  for (++i; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') return i + 1;
    if (c == '\\') ++i;  // the escaped character cannot end the string
  }
  return text.size();
}

// The end of the valid JSON value starting at `i`.
std::size_t end_of_value(std::string_view text, std::size_t i) {
  int depth = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {
      i = end_of_string(text, i);
      if (depth == 0) return i;
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return i;  // the end of a number or literal
      if (--depth == 0) return i + 1;
    } else if (depth == 0 && (c == ',' || is_json_whitespace(c))) {
      return i;  // the end of a number or literal
    }
    ++i;
  }
  return i;
}

}  // namespace

std::vector<std::string_view> json_member_values(std::string_view text) {
  std::vector<std::string_view> values;
  json_member_values(text, values);
  return values;
}

void json_member_values(std::string_view text,
                        std::vector<std::string_view>& values) {
  std::size_t i = skip_json_whitespace(text, 0);
  if (i >= text.size() || (text[i] != '{' && text[i] != '[')) return;
  const bool object = text[i] == '{';
  i = skip_json_whitespace(text, i + 1);
  while (i < text.size() && text[i] != '}' && text[i] != ']') {
    if (object) {
      i = skip_json_whitespace(text, end_of_value(text, i));  // the key
      i = skip_json_whitespace(text, i + 1);                  // past ':'
    }
    const std::size_t end = end_of_value(text, i);
    values.push_back(text.substr(i, end - i));
    i = skip_json_whitespace(text, end);
    if (i < text.size() && text[i] == ',')
      i = skip_json_whitespace(text, i + 1);
  }
}

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  append_json_string_content(out, text);
  out.push_back('"');
}

void append_json_string_content(std::string& out, std::string_view text) {
  // Runs of bytes that need no escape (printable ASCII but '"' and '\\',
  // valid UTF-8) are appended whole: one call per run, not per byte.
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length != 0) {
        i += length;
        continue;
      }
    }
    out.append(text.data() + run, i - run);
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (c < 0x20) {
          const char escape[] = {
              '\\', 'u', '0', '0', kHexDigits[c >> 4], kHexDigits[c & 0x0F]};
          out.append(escape, sizeof(escape));
        } else {
          out.append("\xEF\xBF\xBD");  // invalid UTF-8: U+FFFD
        }
    }
    run = ++i;
  }
  out.append(text.data() + run, i - run);
}

RawJsonObject RawJsonObject::from_json(const Json& object) {
  RawJsonObject raw;
  if (!object.is_object()) return raw;
  raw.members_.reserve(object.size());
  for (auto it = object.begin(); it != object.end(); ++it) {
    raw.members_.emplace_back(it.key(), dump_json(it.value()));
    raw.text_bytes_ +=
        member_text_size(raw.members_.back().first, raw.members_.back().second);
  }
  return raw;
}

RawJsonObject RawJsonObject::from_members(std::span<const JsonMember> members) {
  RawJsonObject raw;
  raw.reserve(members.size());
  // The index set builds is the one lookups use: each key hashed once.
  for (const JsonMember& member : members) {
    raw.set(member.key, std::string(member.value));
  }
  raw.shrink_if_repeated(members.size());
  return raw;
}

RawJsonObject RawJsonObject::read_or_empty(std::string_view text) {
  JsonObjectReader& reader = JsonObjectReader::for_this_thread();
  const std::optional<std::span<const JsonMember>> members =
      reader.read(text, kMaxJsonDepth, RepeatedKeys::kKept);
  RawJsonObject raw = members ? from_members(*members) : RawJsonObject();
  reader.release_if_wide();
  return raw;
}

std::size_t RawJsonObject::index_of(std::string_view key) const {
  if (members_.size() < kIndexedFrom) {
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (members_[i].first == key) return i;
    }
    return KeyTable::kAbsent;
  }
  return index_.find(key, members_.size(), key_at(), /*add=*/false);
}

const std::string* RawJsonObject::find(std::string_view key) const {
  const std::size_t i = index_of(key);
  return i == KeyTable::kAbsent || is_gap(members_[i]) ? nullptr
                                                       : &members_[i].second;
}

void RawJsonObject::set(std::string_view key, std::string value_json) {
  // Indexed, a new key is added at the position it is appended to.
  const std::size_t i =
      members_.size() < kIndexedFrom
          ? index_of(key)
          : index_.find(key, members_.size(), key_at(), /*add=*/true);
  if (i == KeyTable::kAbsent) {
    text_bytes_ += member_text_size(key, value_json);
    members_.emplace_back(std::string(key), std::move(value_json));
  } else if (!is_gap(members_[i])) {
    text_bytes_ += value_json.size();
    text_bytes_ -= members_[i].second.size();
    members_[i].second = std::move(value_json);
  } else {
    bury(i);  // found already: no second lookup
    append_absent(std::string(key), std::move(value_json));  // last, as in JS
  }
}

void RawJsonObject::bury(std::size_t i) {
  // 0xFF is in no UTF-8 (nor WTF-8) text, and positions are unique: the
  // index keeps one entry per member, none of them found by a real key.
  members_[i].first = "\xFF" + std::to_string(i);
}

void RawJsonObject::erase(std::string_view key) {
  const std::size_t i = index_of(key);
  if (i == KeyTable::kAbsent || is_gap(members_[i])) return;
  text_bytes_ -= member_text_size(members_[i].first, members_[i].second);
  if (members_.size() < kIndexedFrom) {  // no index to keep: a short shift
    members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(i));
    return;
  }
  std::string().swap(members_[i].second);  // the value's memory goes now
  if (2 * ++erased_ > members_.size()) compact();
}

void RawJsonObject::compact() {
  std::erase_if(members_, is_gap);
  erased_ = 0;
  index_.clear();
}

// Punctuation goes in pairs ("{\"", "\":", ...): in the WASM every append is
// an out-of-line call, and append(1, c) a memset besides.
void RawJsonObject::append_to(std::string& out) const {
  if (empty()) {
    out.append("{}", 2);
    return;
  }
  bool first = true;
  for (const Member& member : members_) {
    if (is_gap(member)) continue;
    out.append(first ? "{\"" : ",\"", 2);
    first = false;
    append_json_string_content(out, member.first);
    out.append("\":", 2).append(member.second);
  }
  out.push_back('}');
}

std::string RawJsonObject::to_json_text() const {
  std::string out;
  out.reserve(json_text_size());
  append_to(out);
  return out;
}

}  // namespace edge_session
