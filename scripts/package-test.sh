#!/usr/bin/env bash
# npm run test:package [-- vitest args]: what a user installs, tested as npm and the build make it: `npm pack` from a
# checkout with no dist/ and a global install of its tarball (test/deploy/global-install.test.ts: the npm cache from
# `npm ci`, else the registry; it says why it skips without either), and two builds in a copy of the checkout
# (test/deploy/build-bin.test.ts). Some 40 CPU-s of npm and the build, so they run here rather than in `npm test`
# (.ci/run calls both; vitest.config.ts PACKAGING).
set -euo pipefail
cd "$(dirname "$0")/.."

# build-bin copies dist/ with the checkout, as `npm test` leaves it: the build makes it from this very source, and does
# nothing when its inputs are unchanged (dist/.build-stamp).
node scripts/build.mjs

export GATEWATCH_PACKAGE=1
exec npx vitest run --project package "$@"
