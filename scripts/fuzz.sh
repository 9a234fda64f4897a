#!/usr/bin/env bash
# Builds the libFuzzer targets in tests/fuzz with clang-14 + ASan/UBSan and
# runs them one after another, each for a time or a number of executions.
# Needs Debian's clang-14 and libclang-rt-14-dev (libFuzzer's runtime).
#   scripts/fuzz.sh [seconds | -runs=N] [target...] [-- libFuzzer flags...]
#     seconds     per target (default 30)
#     -runs=N     per target, N executions instead of a time
#     target      any of the names below (default: all of them)
# e.g. nice -n 19 scripts/fuzz.sh -runs=10000000 json_fuzz
#      ... -runs=10000000 json_fuzz -- -max_total_time=3600  (what ends first)
# Each target keeps its corpus in build/fuzz/corpus-<target> (seeded below)
# and a crash input in build/fuzz/crash-<target>-*; the last line of a run
# gives its executions, wall time, exec/s and corpus size.
set -euo pipefail

# Each target with its -max_len: a browser sends a few KB of Cookie header
# per name; a stored record or a snapshot may be larger (the wide seed is
# 4.4 KB); an options object is small.
declare -A max_len=(
  [cookie_header_fuzz]=8192
  [sealed_cookie_fuzz]=8192
  [session_payload_fuzz]=16384
  [json_fuzz]=16384
  [cookie_options_fuzz]=2048
)
all=(cookie_header_fuzz sealed_cookie_fuzz session_payload_fuzz json_fuzz
  cookie_options_fuzz)

limit=(-max_total_time=30)
case "${1:-}" in
  -runs=*) limit=("$1") && shift ;;
  '' | *[!0-9]*) ;;
  *) limit=(-max_total_time="$1") && shift ;;
esac
targets=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  [ -n "${max_len[$1]:-}" ] || { echo "fuzz.sh: no target $1 (${all[*]})" >&2; exit 2; }
  targets+=("$1") && shift
done
[ "${1:-}" = -- ] && shift
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/fuzz"
# -O2 for more executions a second (ASan and UBSan keep their checks at any
# -O), -g for symbolised reports.
mkdir -p "$build"
# One build at a time when two runs start together (flock, util-linux).
(
  flock 9
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" \
    -DEDGE_SESSION_FUZZ=ON >/dev/null
  cmake --build "$build" --target "${targets[@]}" -j"$(nproc)"
) 9>"$build/build.lock"

# Seeds: real cookies from reference/remix-sessions.md §2.2 and §3.3, a
# snapshot and an options object, so the fuzzer starts past the parsers.
seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds/header" "$seeds/payload" "$seeds/options"
seed() { printf '%s' "$3" >"$seeds/$1/seed-$2"; }
seed header rr 's=eyJ1c2VySWQiOiJtaiIsIl9fZmxhc2hfbWVzc2FnZV9fIjoib2sifQ%3D%3D.Xsdv%2FCFpOcGi1w0FnuP%2FcpIIBlJY9yEMPjD%2Bn%2Bed4Zk'
seed header v3 's=eyJpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAwIiwiZCI6W3sidXNlcklkIjoibWoifSx7Im1lc3NhZ2UiOiJvayJ9XX0='
seed header flat 's=eyJ1c2VySWQiOiJtaiIsIl9fZmxhc2hfbWVzc2FnZV9fIjoib2sifQ=='
seed payload snapshot '{"id":"a","originalId":"b","values":{"k":1},"incomingFlash":{"m":"x"},"pendingFlash":{},"dirty":true,"destroyed":false,"deleteId":"b"}'
# Payloads whose strings hold escapes, brackets and quotes: the span scanner's hard cases.
seed payload escapes '{"a":"x\"y","b":[1,{"c":"]}\\"}],"n":-1.5e3,"t":true}'
seed payload v3escapes '{"i":"id","d":[{"k":"v\\","q":"\"}"},{"m":"\ud800"}]}'
# Deep and wide shapes (issue 10): nesting at and past the bound, many keys.
seed payload deep "$(printf '{"a":%s1%s}' "$(printf '[%.0s' $(seq 62))" "$(printf ']%.0s' $(seq 62))")"
seed payload deeper "$(printf '{"a":%s1%s}' "$(printf '[%.0s' $(seq 70))" "$(printf ']%.0s' $(seq 70))")"
seed payload wide "{$(for i in $(seq 400); do printf '"k%d":%d,' "$i" "$i"; done)\"z\":0}"
# Session times (issue 11): valid, malformed, huge, negative; with a sign-in time (issue 14).
seed payload times '{"user":"mj","__es__":[1700000000,1700000100,1700003600]}'
seed payload badtimes '{"user":"mj","__es__":[-1,99999999999999999999,1e400]}'
seed payload v3times '{"i":"id","d":[{"k":1,"__es__":[1,2,0]},{}]}'
seed payload signedin '{"user":"mj","__es__":[1700000000,1700000100,1700003600,1700000000123]}'
seed options options '{"domain":"example.com","path":"/","maxAge":3600,"expires":0,"sameSite":"none","priority":"high","httpOnly":true}'
# The payloads as unsigned cookies too, so the header targets start with
# deep, wide and timed sessions behind the base64 layer.
for file in "$seeds"/payload/seed-*; do
  seed header "b64-${file##*/seed-}" "s=$(base64 -w0 "$file")"
done

for target in "${targets[@]}"; do
  corpus="$build/corpus-$target"
  mkdir -p "$corpus"
  case $target in
    cookie_header_fuzz | sealed_cookie_fuzz) from=(header payload) ;;
    session_payload_fuzz | json_fuzz) from=(payload) ;;
    cookie_options_fuzz) from=(options) ;;
  esac
  for dir in "${from[@]}"; do cp "$seeds/$dir"/seed-* "$corpus/"; done
  log="$build/$target.log"
  echo "== $target ${limit[*]} -max_len=${max_len[$target]} (log: $log)"
  start=$(date +%s)
  status=0
  (cd "$build" && "./$target" "$corpus" "${limit[@]}" \
    -max_len="${max_len[$target]}" -artifact_prefix="crash-$target-" \
    -print_final_stats=1 "$@") 2>"$log" || status=$?
  seconds=$(($(date +%s) - start))
  tail -n 25 "$log"
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "$target: ${runs:-?} executions in ${seconds} s" \
    "($(( ${runs:-0} / (seconds > 0 ? seconds : 1) )) exec/s)," \
    "corpus $(ls "$corpus" | wc -l) files, -max_len=${max_len[$target]}," \
    "exit $status"
  [ "$status" -eq 0 ] || exit "$status"
done
