// libFuzzer target: sealed cookies (XChaCha20-Poly1305). The bytes as a
// Cookie header read by a sealed cookie and by one migrating from signed
// values; the bytes sealed as a payload open to themselves, read and commit,
// and fail to open once changed. Build and run:
// scripts/fuzz.sh [seconds] sealed_cookie_fuzz.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "sealing.h"

using edge_session::CookieFormat;
using edge_session::CookieSealing;
using edge_session::SessionCookie;
using edge_session::fuzz::make_cookie;
using edge_session::fuzz::read_and_commit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Sealed, and sealed reading signed values: the bytes as a header.
  static const SessionCookie kSealed = make_cookie(
      {"s3cr3t", "old"}, CookieFormat::kReactRouter, CookieSealing::kSealed);
  static const SessionCookie kMigrating =
      make_cookie({"s3cr3t"}, CookieFormat::kReactRouter,
                  CookieSealing::kSealedReadsSigned);
  read_and_commit(kSealed, bytes);
  read_and_commit(kMigrating, bytes);
  // The bytes sealed as a payload: they open to themselves, the session read
  // from them commits, and a change of any one bit fails to open.
  static const std::vector<edge_session::SealingKey> kKeys = {
      edge_session::SealingKey("s3cr3t")};
  const std::array<std::uint8_t, edge_session::kSealNonceSize> nonce{1, 2};
  std::string sealed;
  edge_session::append_sealed(sealed, bytes, "s", kKeys.front(), nonce);
  std::string opened;
  std::size_t index = 9;
  if (!edge_session::open_sealed(sealed, "s", kKeys, opened, index) ||
      opened != bytes || index != 0) {
    std::abort();
  }
  read_and_commit(kSealed, "s=" + sealed);
  std::string changed = sealed;
  const std::size_t at = size % changed.size();
  changed[at] = changed[at] == 'A' ? 'B' : 'A';
  if (edge_session::open_sealed(changed, "s", kKeys, opened, index) ||
      edge_session::open_sealed(sealed, "t", kKeys, opened, index)) {
    std::abort();
  }
  // The raw bytes as a sealed value: never opens, never crashes.
  if (edge_session::open_sealed(bytes, "s", kKeys, opened, index)) {
    std::abort();
  }
  return 0;
}
