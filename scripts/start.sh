#!/usr/bin/env bash
# `npm start`: run the example Worker locally, from a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."

# wrangler dev reads SESSION_SECRET from .dev.vars (gitignored); seed it with the dev-only example value.
if [[ ! -f .dev.vars ]]; then
  cp .dev.vars.example .dev.vars
  echo "start.sh: created .dev.vars from .dev.vars.example (dev-only SESSION_SECRET)"
fi

bash scripts/build.sh wasm
exec npx wrangler dev "$@"
