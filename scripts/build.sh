#!/usr/bin/env bash
# Builds the core. `wasm`: dist/edge_session.{mjs,wasm} with Emscripten.
# `native`: the C++ tests. `asan`: the C++ tests under ASan + UBSan.
# No argument: all three.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's emcc runs JS tools that need its node modules (acorn, terser).
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
jobs=$(nproc 2>/dev/null || echo 2)

require_toolchain() {
  local missing=()
  command -v cmake >/dev/null || missing+=(cmake)
  [ -f /usr/include/nlohmann/json.hpp ] || missing+=(nlohmann-json3-dev)
  if [ "$1" = wasm ]; then command -v emcmake >/dev/null || missing+=(emscripten); fi
  if [ "$1" != wasm ]; then
    [ -d /usr/include/gtest ] || missing+=(libgtest-dev)
    # npm test's lint step (scripts/lint.sh) needs both.
    command -v clang-format >/dev/null || missing+=(clang-format)
    command -v clang-tidy >/dev/null || missing+=(clang-tidy)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  # A root shell on Debian (CI, a fresh container) installs what is missing;
  # anyone else is told the exact command.
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "build: installing missing toolchain (${missing[*]})" >&2
    bash scripts/install-toolchain.sh
  else
    echo "build: missing ${missing[*]}. Install with: sudo bash scripts/install-toolchain.sh" >&2
    exit 1
  fi
}

build_wasm() {
  require_toolchain wasm
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/wasm -j"$jobs"
}

build_native() {  # $1: build folder, rest: cmake options
  require_toolchain native
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
}

case "${1:-all}" in
  wasm) build_wasm ;;
  native) build_native build/native ;;
  asan) build_native build/asan -DEDGE_SESSION_SANITIZE=ON ;;
  all) build_wasm; build_native build/native; build_native build/asan -DEDGE_SESSION_SANITIZE=ON ;;
  *) echo "usage: build.sh [wasm|native|asan|all]" >&2; exit 2 ;;
esac
