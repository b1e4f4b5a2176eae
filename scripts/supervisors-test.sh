#!/usr/bin/env bash
# npm run test:supervisors [-- vitest args]: the files that play the demo gateway under the real pm2, supervisord,
# runit, s6 and Podman (vitest.config.ts SUPERVISED): a third of the suite's worker time, nearly all of it waiting for
# the supervisors' states, so they run here rather than in `npm test` (.ci/run calls both). Needs what .ci/run installs
# (supervisor, runit, s6, podman; pm2 is a dev dependency); a file says why it skips when its supervisor is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# The demo gateway and the daemon run from dist/: the build makes it from this very source, and does nothing when its
# inputs are unchanged (the sources, commands/, the lockfile, its scripts and node: dist/.build-stamp).
node scripts/build.mjs

export GATEWATCH_SUPERVISORS=1
# Half of npm test's workers: every file here starts a supervisor and a gateway, and twelve at once on two cores
# starved one another's looks (init's find of a stopped s6 gateway ran past four minutes).
export GATEWATCH_TEST_WORKERS="${GATEWATCH_TEST_WORKERS:-6}"
exec npx vitest run --project supervisors "$@"
