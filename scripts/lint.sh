#!/usr/bin/env bash
# The core's style and static checks (STYLE.md): clang-format (Google, .clang-format) over the C++
# sources and tests, clang-tidy (.clang-tidy, warnings are errors) over src/ with the native build's
# compile_commands.json. bindings.cpp needs Emscripten's headers; the WASM build compiles it with -Werror.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/native/compile_commands.json ] || bash scripts/build.sh native >/dev/null
clang-format --dry-run -Werror src/*.cpp src/*.h tests/cpp/*.cpp tests/fuzz/*.cpp tests/fuzz/*.h
# A MAC or an AEAD tag is compared only by constant_time_equal (hmac_sha256.h: no early exit). The function's own
# timing is pinned by a test; no result shows whether its two callers still call it, so this does. Regression
# (s47 mutation pass): the tag compared with std::equal, or the signature with ==, passed every test.
for file in src/aead.cpp src/signing.cpp; do
  if ! grep -q 'constant_time_equal(' "$file" || grep -Eq 'std::equal|memcmp|std::ranges::equal|expected ==|== expected' "$file"; then
    echo "lint: $file must compare its MAC or tag with constant_time_equal only" >&2
    exit 1
  fi
done
# Likewise the CSRF token (js/csrf-token.js tokenMatchesSecret; README CSRF: compared in constant time, every
# character XOR-accumulated with no early exit): its two returns are the length check and the accumulated result.
# Regression (s52 mutation pass): the token unmasked to a string and compared with === passed every test.
compare=$(awk '/^export function tokenMatchesSecret/,/^}/' js/csrf-token.js)
if [ "$(grep -c 'return' <<<"$compare")" != 2 ] || ! grep -q 'difference |= ' <<<"$compare" \
  || ! grep -q 'return (difference | (invalid & 0xc0)) === 0;' <<<"$compare"; then
  echo "lint: js/csrf-token.js tokenMatchesSecret must XOR-accumulate every character, returning only after its loop" >&2
  exit 1
fi
mapfile -t sources < <(ls src/*.cpp | grep -v '^src/bindings.cpp$')
clang-tidy -p build/native --quiet "${sources[@]}" 2> >(grep -v 'warnings generated' >&2)
echo "lint: clang-format and clang-tidy clean (${#sources[@]} core files)"
