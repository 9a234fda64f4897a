#include "json.h"

#include <optional>

namespace edge_session {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of a "\uXXXX" escape starting at `at`, if there is one.
std::optional<unsigned> escape_at(std::string_view text, std::size_t at) {
  if (at + 6 > text.size() || text[at] != '\\' || text[at + 1] != 'u') {
    return std::nullopt;
  }
  unsigned unit = 0;
  for (std::size_t i = at + 2; i < at + 6; ++i) {
    const int digit = hex_digit(text[i]);
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
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') continue;
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

}  // namespace

Json parse_json(std::string_view text) {
  // nlohmann's lexer takes a NUL byte for the end of input, so "{}\0junk"
  // would parse; JSON.parse rejects it, and no valid JSON text holds a raw NUL
  // (RFC 8259 §2, §7: control characters must be escaped).
  if (text.find('\0') != std::string_view::npos) {
    return Json(Json::value_t::discarded);
  }
  if (std::optional<std::string> repaired = repair_lone_surrogates(text)) {
    return Json::parse(repaired->begin(), repaired->end(), nullptr,
                       /*allow_exceptions=*/false);
  }
  return Json::parse(text.begin(), text.end(), nullptr,
                     /*allow_exceptions=*/false);
}

}  // namespace edge_session
