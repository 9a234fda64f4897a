// Integers as decimal text, appended in place: std::to_string goes through
// printf (larger in WASM) and allocates past libc++'s 10-character inline
// buffer on wasm32, which a 13-digit time in milliseconds passes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace edge_session {

// Appends `value` in decimal; INT64_MIN without negating it.
inline void append_int(std::string& out, std::int64_t value) {
  char buffer[24];
  std::size_t pos = sizeof(buffer);
  std::uint64_t magnitude = value < 0 ? 0 - static_cast<std::uint64_t>(value)
                                      : static_cast<std::uint64_t>(value);
  do {
    buffer[--pos] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (value < 0) buffer[--pos] = '-';
  out.append(buffer + pos, sizeof(buffer) - pos);
}

}  // namespace edge_session
