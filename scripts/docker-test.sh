#!/usr/bin/env bash
# npm run test:docker [-- vitest args]: the tests under test/docker/, which run the Hermes container rig
# (test/helpers/hermes-container.ts) on its docker engine: a private dockerd per container, started by the tests in a
# temporary directory with its own socket (never the machine's default one) and stopped by its pid whatever happens.
# test/docker/image.test.ts builds gatewatch's own image from the Dockerfile there and brings deploy/docker-compose*.yml up.
# Needs root, dockerd and the docker CLI, s6 and util-linux (and compose for the image's tests); the tests say why they
# skip when something is missing.
# Those tests skip unless GATEWATCH_DOCKER_RIG=1, which this script sets: `npm test` leaves them alone.
set -euo pipefail
cd "$(dirname "$0")/.."

# The demo gateway runs from dist/, as in every rig: the build makes it from this very source, and does nothing when
# its inputs are unchanged (the sources, commands/, the lockfile, its scripts and node: dist/.build-stamp).
node scripts/build.mjs

# The project the files belong to: a `docker` project of their own once vitest.config.ts has one, else `shared`
# (whose include, test/**/*.test.ts, covers them).
project=shared
if grep -qE "name: ['\"]docker['\"]" vitest.config.ts; then project=docker; fi

export GATEWATCH_DOCKER_RIG=1
exec npx vitest run --project "$project" test/docker/ "$@"
