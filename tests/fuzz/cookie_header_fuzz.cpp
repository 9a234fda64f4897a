// libFuzzer target: arbitrary bytes as a Cookie header, read by signed and
// unsigned cookies in both formats. Every header gives a session (never a
// crash) that commits, and what it commits reads back and commits to the
// same bytes. Build and run: scripts/fuzz.sh [seconds] cookie_header_fuzz.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"

using edge_session::CookieFormat;
using edge_session::SessionCookie;
using edge_session::fuzz::make_cookie;
using edge_session::fuzz::read_and_commit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Signed: only the header parsing and signature checks are reachable.
  static const SessionCookie kSigned =
      make_cookie({"s3cr3t", "old"}, CookieFormat::kReactRouter);
  // Unsigned: lets the fuzzer reach base64, UTF-8 and JSON decoding.
  static const SessionCookie kUnsignedRr =
      make_cookie({}, CookieFormat::kReactRouter);
  static const SessionCookie kUnsignedV3 =
      make_cookie({}, CookieFormat::kRemixV3);
  read_and_commit(kSigned, bytes);
  read_and_commit(kUnsignedRr, bytes);
  read_and_commit(kUnsignedV3, bytes);
  return 0;
}
