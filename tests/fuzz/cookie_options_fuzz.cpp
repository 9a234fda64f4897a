// libFuzzer target: the bytes as a cookie options object (JSON from JS), and
// what it accepts serialized into a Set-Cookie. Build and run:
// scripts/fuzz.sh [seconds] cookie_options_fuzz.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cookie.h"
#include "cookie_options.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  edge_session::Result<edge_session::CookieAttributes> options =
      edge_session::apply_cookie_options(edge_session::CookieAttributes{},
                                         bytes);
  if (options.ok()) {
    (void)edge_session::serialize_set_cookie("s", "v", options.value);
  }
  return 0;
}
