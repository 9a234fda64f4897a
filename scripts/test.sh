#!/usr/bin/env bash
# `npm test`: builds everything, then runs the three suites: C++ (natively and
# under ASan + UBSan), the type check, and node:test (JS against the real
# .wasm, the example inside workerd, the browser).
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false

bash scripts/build.sh all

echo "== C++ core (native)"
ctest --test-dir build/native --output-on-failure
echo "== C++ core (AddressSanitizer + UndefinedBehaviorSanitizer)"
ctest --test-dir build/asan --output-on-failure

echo "== C++ style and static checks (clang-format, clang-tidy)"
bash scripts/lint.sh

echo "== TypeScript types"
npx tsc -p tests/types/tsconfig.json          # the node condition (NodeNext)
npx tsc -p tests/types/tsconfig.workerd.json  # the workerd condition
npx tsc -p tests/types/tsconfig.default.json  # no runtime condition
npx tsc -p tests/types/tsconfig.strictest.json  # exactOptionalPropertyTypes and the other strictest flags

echo "== JavaScript, WebAssembly, workerd and browser suites"
# Two workerd instances at most at once on a 2-core machine.
node --test --test-concurrency=2 tests/
