#!/usr/bin/env bash
# The core's style and static checks (STYLE.md): clang-format (Google, .clang-format) over the C++
# sources and tests, clang-tidy (.clang-tidy, warnings are errors) over src/ with the native build's
# compile_commands.json. bindings.cpp needs Emscripten's headers; the WASM build compiles it with -Werror.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/native/compile_commands.json ] || bash scripts/build.sh native >/dev/null
clang-format --dry-run -Werror src/*.cpp src/*.h tests/cpp/*.cpp tests/fuzz/*.cpp tests/fuzz/*.h
mapfile -t sources < <(ls src/*.cpp | grep -v '^src/bindings.cpp$')
clang-tidy -p build/native --quiet "${sources[@]}" 2> >(grep -v 'warnings generated' >&2)
echo "lint: clang-format and clang-tidy clean (${#sources[@]} core files)"
