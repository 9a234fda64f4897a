#include "utf8.h"

namespace edge_session {

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t at) {
    return at < text.size() ? static_cast<unsigned char>(text[at]) : 0u;
  };
  const unsigned lead = byte(i);
  const auto continuation = [&](std::size_t at, unsigned low = 0x80,
                                unsigned high = 0xBF) {
    const unsigned b = byte(at);
    return b >= low && b <= high;
  };
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (lead == 0xE0)
    return continuation(i + 1, 0xA0) && continuation(i + 2) ? 3 : 0;
  // 0xED followed by 0xA0-0xBF would encode a surrogate: invalid.
  if (lead == 0xED)
    return continuation(i + 1, 0x80, 0x9F) && continuation(i + 2) ? 3 : 0;
  if (lead >= 0xE1 && lead <= 0xEF)
    return continuation(i + 1) && continuation(i + 2) ? 3 : 0;
  if (lead == 0xF0) {
    return continuation(i + 1, 0x90) && continuation(i + 2) &&
                   continuation(i + 3)
               ? 4
               : 0;
  }
  if (lead >= 0xF1 && lead <= 0xF3) {
    return continuation(i + 1) && continuation(i + 2) && continuation(i + 3)
               ? 4
               : 0;
  }
  if (lead == 0xF4) {
    return continuation(i + 1, 0x80, 0x8F) && continuation(i + 2) &&
                   continuation(i + 3)
               ? 4
               : 0;
  }
  return 0;
}

}  // namespace edge_session
