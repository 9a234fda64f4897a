#!/usr/bin/env bash
# Installs what building and testing edge-session needs on Debian 12:
# Emscripten 3.1.6 (clang-14), nlohmann/json, CMake, GoogleTest, clang-format and
# clang-tidy, Chromium for the browser tests, and openssl (the browser tests' https site makes its certificate).
# Run as root (or through sudo).
set -euo pipefail
packages=(emscripten nlohmann-json3-dev cmake g++ make libgtest-dev clang-format clang-tidy chromium openssl)
if [ "$(id -u)" -ne 0 ]; then
  echo "install-toolchain: run as root: sudo bash scripts/install-toolchain.sh" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "install-toolchain: installed ${packages[*]}"
