#!/usr/bin/env bash
# Builds the libFuzzer target (tests/fuzz/session_cookie_fuzz.cpp) with
# clang-14 + ASan/UBSan and runs it for N seconds (default 30).
# Needs Debian's clang-14 and libclang-rt-14-dev (libFuzzer's runtime).
#   scripts/fuzz.sh [seconds] [extra libFuzzer flags...]
set -euo pipefail

seconds="${1:-30}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/fuzz"
corpus="$build/corpus"

CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DEDGE_SESSION_FUZZ=ON >/dev/null
cmake --build "$build" --target session_cookie_fuzz -j"$(nproc)"

# Seeds: real cookies from reference/remix-sessions.md §2.2 and §3.3, a
# snapshot and an options object, so the fuzzer starts past the parsers.
mkdir -p "$corpus"
seed() { printf '%s' "$2" >"$corpus/seed-$1"; }
seed rr 's=eyJ1c2VySWQiOiJtaiIsIl9fZmxhc2hfbWVzc2FnZV9fIjoib2sifQ%3D%3D.Xsdv%2FCFpOcGi1w0FnuP%2FcpIIBlJY9yEMPjD%2Bn%2Bed4Zk'
seed v3 's=eyJpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAwIiwiZCI6W3sidXNlcklkIjoibWoifSx7Im1lc3NhZ2UiOiJvayJ9XX0='
seed flat 's=eyJ1c2VySWQiOiJtaiIsIl9fZmxhc2hfbWVzc2FnZV9fIjoib2sifQ=='
seed snapshot '{"id":"a","originalId":"b","values":{"k":1},"incomingFlash":{"m":"x"},"pendingFlash":{},"dirty":true,"destroyed":false,"deleteId":"b"}'
# Payloads whose strings hold escapes, brackets and quotes: the span scanner's hard cases.
seed escapes '{"a":"x\"y","b":[1,{"c":"]}\\"}],"n":-1.5e3,"t":true}'
seed v3escapes '{"i":"id","d":[{"k":"v\\","q":"\"}"},{"m":"\ud800"}]}'
# Deep and wide shapes (issue 10): nesting at and past the bound, many keys.
seed deep "$(printf '{"a":%s1%s}' "$(printf '[%.0s' $(seq 62))" "$(printf ']%.0s' $(seq 62))")"
seed deeper "$(printf '{"a":%s1%s}' "$(printf '[%.0s' $(seq 70))" "$(printf ']%.0s' $(seq 70))")"
seed wide "{$(for i in $(seq 400); do printf '"k%d":%d,' "$i" "$i"; done)\"z\":0}"
# Session times (issue 11): valid, malformed, huge, negative.
seed times '{"user":"mj","__es__":[1700000000,1700000100,1700003600]}'
seed badtimes '{"user":"mj","__es__":[-1,99999999999999999999,1e400]}'
seed v3times '{"i":"id","d":[{"k":1,"__es__":[1,2,0]},{}]}'
seed options '{"domain":"example.com","path":"/","maxAge":3600,"expires":0,"sameSite":"none","priority":"high","httpOnly":true}'

# -max_len: a browser sends at most a few KB of Cookie header per name.
exec "$build/session_cookie_fuzz" "$corpus" -max_total_time="$seconds" \
  -max_len=8192 -print_final_stats=1 "$@"
