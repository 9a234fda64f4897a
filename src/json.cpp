#include "json.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <utility>

#include "hex.h"
#include "json_object_scanner.h"
#include "raw_json_object.h"

namespace edge_session {
namespace {

// The code unit of a "\uXXXX" escape starting at `at`, if there is one.
std::optional<unsigned> escape_at(std::string_view text, std::size_t at) {
  if (at + 6 > text.size() || text[at] != '\\' || text[at + 1] != 'u') {
    return std::nullopt;
  }
  unsigned unit = 0;
  for (std::size_t i = at + 2; i < at + 6; ++i) {
    const int digit = hex_digit_value(text[i]);
    if (digit < 0) return std::nullopt;
    unit = unit * 16 + static_cast<unsigned>(digit);
  }
  return unit;
}

bool is_high_surrogate(unsigned unit) {
  return unit >= 0xD800 && unit <= 0xDBFF;
}
bool is_low_surrogate(unsigned unit) {
  return unit >= 0xDC00 && unit <= 0xDFFF;
}

// `text` with each unpaired surrogate escape replaced by "\ufffd"; nullopt
// when there is none (the common case: no copy).
std::optional<std::string> repair_lone_surrogates(std::string_view text) {
  std::optional<std::string> repaired;
  std::size_t copied = 0;
  // From one backslash to the next (a memchr each): most text has none.
  for (std::size_t i = text.find('\\'); i != std::string_view::npos;
       i = text.find('\\', i + 1)) {
    const std::optional<unsigned> unit = escape_at(text, i);
    if (!unit) {
      ++i;  // another escape ("\\", "\"", ...): skip its second character
      continue;
    }
    if (is_high_surrogate(*unit)) {
      const std::optional<unsigned> next = escape_at(text, i + 6);
      if (next && is_low_surrogate(*next)) {
        i += 11;  // a valid pair
        continue;
      }
    } else if (!is_low_surrogate(*unit)) {
      i += 5;
      continue;
    }
    if (!repaired) repaired.emplace();
    repaired->append(text.substr(copied, i - copied)).append("\\ufffd");
    copied = i + 6;
    i += 5;
  }
  if (repaired) repaired->append(text.substr(copied));
  return repaired;
}

// The text to hand nlohmann, with the guarantees of parse_json: nullopt when
// no valid JSON text can hold it, else `text` itself or, when it has lone
// surrogate escapes, a repaired copy kept in `storage`.
std::optional<std::string_view> parseable_text(std::string_view text,
                                               std::string& storage) {
  // nlohmann's lexer takes a NUL byte for the end of input, so "{}\0junk"
  // would parse; JSON.parse rejects it, and no valid JSON text holds a raw NUL
  // (RFC 8259 §2, §7: control characters must be escaped).
  if (text.find('\0') != std::string_view::npos) return std::nullopt;
  // nlohmann skips a leading UTF-8 byte order mark; JSON.parse refuses it
  // (U+FEFF is no JSON whitespace, RFC 8259 §2), and JS parses the text the
  // core accepts. Regression: a cookie value opening with one made
  // createCookie's parse throw a SyntaxError instead of reading as nothing.
  if (text.starts_with("\xEF\xBB\xBF")) return std::nullopt;
  if (std::optional<std::string> repaired = repair_lone_surrogates(text)) {
    storage = std::move(*repaired);
    return std::string_view(storage);
  }
  return text;
}

// SAX events in, the root object's keys and the kinds of their values out:
// nothing below the first level is kept. Writes into a JsonObjectReader's
// storage, reusing the members (and their keys' capacity) a previous read
// left there.
class TopLevelMembers {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  TopLevelMembers(std::vector<JsonMember>& members, std::size_t& count,
                  MemberIndex& index, std::vector<std::size_t>& slots,
                  std::deque<std::string>& decoded_keys, int max_depth)
      : max_depth_(static_cast<std::size_t>(max_depth)),
        members_(members),
        count_(count),
        index_(index),
        slots_(slots),
        decoded_keys_(decoded_keys) {
    count_ = 0;
    index_.clear();
    slots_.clear();
  }

  // A root that is not an object stops the parse at its first event.
  bool root_is_object() const { return root_is_object_; }

  bool null() { return value(Json::value_t::null); }
  bool boolean(bool /*value*/) { return value(Json::value_t::boolean); }
  bool number_integer(number_integer_t /*value*/) {
    return value(Json::value_t::number_integer);
  }
  bool number_unsigned(number_unsigned_t /*value*/) {
    return value(Json::value_t::number_unsigned);
  }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) {
    return value(Json::value_t::number_float);
  }
  bool string(string_t& /*value*/) { return value(Json::value_t::string); }
  bool binary(binary_t& /*value*/) { return value(Json::value_t::binary); }

  bool start_object(std::size_t /*elements*/) {
    return open(Json::value_t::object);
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*elements*/) {
    return open(Json::value_t::array);
  }
  bool end_array() { return close(); }

  // Per key in the order of the text, slots_ gets the index of its member,
  // where a repeated key points at its first occurrence.
  bool key(string_t& key) {
    if (depth_ != 1) return true;
    // nlohmann reuses `key`: a member views a copy that stays put.
    if (keys_used_ == decoded_keys_.size()) decoded_keys_.emplace_back();
    std::string& kept = decoded_keys_[keys_used_++];
    kept.assign(key);
    slots_.push_back(index_.slot(members_, count_, kept));
    return true;
  }

  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& /*error*/) {
    return false;
  }

 private:
  // A value at the first level is the value of the last key read.
  bool value(Json::value_t type) {
    if (depth_ == 0) return false;  // a scalar root: not an object
    if (depth_ == 1) members_[slots_.back()].type = type;
    return true;
  }
  bool open(Json::value_t type) {
    if (depth_ == max_depth_) return false;  // too deep: bad input
    if (depth_ == 0) {
      if (type != Json::value_t::object) return false;
      root_is_object_ = true;
    } else if (depth_ == 1) {
      members_[slots_.back()].type = type;
    }
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }

  std::size_t depth_ = 0;
  std::size_t max_depth_;
  bool root_is_object_ = false;
  std::vector<JsonMember>& members_;
  std::size_t& count_;
  MemberIndex& index_;
  std::vector<std::size_t>& slots_;
  std::deque<std::string>& decoded_keys_;
  std::size_t keys_used_ = 0;  // decoded_keys_'s first, this read's
};

// Until seeded: the reference test vectors' key (bytes 0-15), so native
// runs hash alike.
SipHashKey key_hash_key{0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};

}  // namespace

void seed_key_hash(std::uint64_t k0, std::uint64_t k1) {
  key_hash_key = {k0, k1};
}

SipHashKey key_hash_seed() { return key_hash_key; }

std::size_t MemberIndex::slot(std::vector<JsonMember>& members,
                              std::size_t& count, std::string_view key) {
  // Most sessions hold a few keys: below 8 a scan is cheaper than hashing.
  constexpr std::size_t kScanBelow = 8;
  if (repeated_ == RepeatedKeys::kKept) {
    // No lookup: the caller merges.
  } else if (count < kScanBelow) {
    for (std::size_t i = 0; i < count; ++i) {
      if (members[i].key == key) return i;
    }
  } else {
    // The first keys a read scanned are indexed when it passes them.
    const std::size_t found = table_.find(
        key, count,
        [&members](std::size_t i) -> std::string_view {
          return members[i].key;
        },
        /*add=*/true);
    if (found != KeyTable::kAbsent) return found;
  }
  if (count == members.size()) members.emplace_back();
  members[count].key = key;
  members[count].type = Json::value_t::null;
  return count++;
}

bool json_nests_deeper_than(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

Json parse_json(std::string_view text) {
  std::string storage;
  const std::optional<std::string_view> input = parseable_text(text, storage);
  if (!input || json_nests_deeper_than(*input, kMaxJsonDepth)) {
    return Json(Json::value_t::discarded);
  }
  return Json::parse(input->begin(), input->end(), nullptr,
                     /*allow_exceptions=*/false);
}

std::optional<std::span<const JsonMember>> JsonObjectReader::read(
    std::string_view text, int max_depth, RepeatedKeys repeated) {
  index_.set_repeated_keys(repeated);
  // The one-pass scanner first: it reads what our commits write at a
  // fraction of the cost of nlohmann's lexer (~19% of a Post/Redirect/Get
  // cycle in workerd, measured), and leaves anything it is not sure of,
  // invalid text included, to nlohmann below.
  if (try_scan_json_object(text, members_, count_, index_)) {
    return std::span<const JsonMember>(members_.data(), count_);
  }
  const std::optional<std::string_view> input = parseable_text(text, repaired_);
  if (!input) return std::nullopt;
  TopLevelMembers handler(members_, count_, index_, slots_, decoded_keys_,
                          max_depth);
  if (!Json::sax_parse(input->begin(), input->end(), &handler,
                       nlohmann::detail::input_format_t::json,
                       /*strict=*/true) ||
      !handler.root_is_object()) {
    return std::nullopt;
  }
  // Cut from the original text: a repair keeps every length ("\ud800" and
  // "\ufffd" are both six bytes), and the value stays as it was written.
  // One value per key read: reserved at once, not grown by doubling (which
  // held a third more and left holes the next allocations could not use).
  values_.clear();
  values_.reserve(slots_.size());
  json_member_values(text, values_);
  if (values_.size() != slots_.size()) return std::nullopt;  // never: valid
  // In text order, so the last value of a repeated key wins.
  for (std::size_t i = 0; i < values_.size(); ++i) {
    members_[slots_[i]].value = values_[i];
  }
  return std::span<const JsonMember>(members_.data(), count_);
}

void JsonObjectReader::release_if_wide() {
  if (members_.capacity() <= kKeptMembers &&
      slots_.capacity() <= kKeptMembers && values_.capacity() <= kKeptMembers) {
    return;
  }
  std::vector<JsonMember>().swap(members_);
  count_ = 0;
  index_.release();
  std::vector<std::size_t>().swap(slots_);
  std::vector<std::string_view>().swap(values_);
  std::deque<std::string>().swap(decoded_keys_);
}

JsonObjectReader& JsonObjectReader::for_this_thread() {
  thread_local JsonObjectReader reader;
  return reader;
}

std::optional<std::vector<OwnedJsonMember>> parse_json_object_members(
    std::string_view text) {
  JsonObjectReader reader;
  const std::optional<std::span<const JsonMember>> members = reader.read(text);
  if (!members) return std::nullopt;
  std::vector<OwnedJsonMember> owned;
  owned.reserve(members->size());
  for (const JsonMember& member : *members) {
    owned.push_back({std::string(member.key), member.type, member.value});
  }
  return owned;
}

}  // namespace edge_session
