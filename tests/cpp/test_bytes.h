// Byte strings for the crypto tests, written as the RFCs print them: hex
// pairs with any spaces, colons or line breaks between them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hex.h"

namespace edge_session::test {

inline std::vector<std::uint8_t> unhex(std::string_view text) {
  std::vector<std::uint8_t> out;
  int high = -1;
  for (const char c : text) {
    const int value = hex_digit_value(c);
    if (value < 0) continue;
    if (high < 0) {
      high = value;
    } else {
      out.push_back(static_cast<std::uint8_t>(high * 16 + value));
      high = -1;
    }
  }
  return out;
}

inline std::string hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

inline std::vector<std::uint8_t> bytes_of(std::string_view text) {
  return {text.begin(), text.end()};
}

// The RFC's printed hex, normalised like hex() prints it.
inline std::string norm(std::string_view printed) {
  return hex(unhex(printed));
}

}  // namespace edge_session::test
