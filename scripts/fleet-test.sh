#!/usr/bin/env bash
# npm run test:fleet [-- --keep]: two gatewatch instances, each watching a demo gateway, a real Prometheus and a real
# Alertmanager on loopback, driven by test/fleet/run.ts (about a minute plus a build when dist/ is stale; docs/fleet.md).
# Needs Debian's prometheus and prometheus-alertmanager packages: installed here when missing and we are root (or
# have password-less sudo); otherwise the script says how and exits 2. PROMETHEUS_BIN / ALERTMANAGER_BIN override.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian puts alertmanager at /usr/bin/prometheus-alertmanager; upstream tarballs call it alertmanager.
find_bin() {
  local c d
  for c in "$@"; do
    if command -v "$c" >/dev/null 2>&1; then command -v "$c"; return 0; fi
    for d in /usr/bin /usr/sbin /usr/local/bin /opt/prometheus /opt/alertmanager; do
      if [ -x "$d/$c" ]; then echo "$d/$c"; return 0; fi
    done
  done
  return 1
}
PROMETHEUS_BIN="${PROMETHEUS_BIN:-$(find_bin prometheus || true)}"
ALERTMANAGER_BIN="${ALERTMANAGER_BIN:-$(find_bin prometheus-alertmanager alertmanager || true)}"

if [ -z "$PROMETHEUS_BIN" ] || [ -z "$ALERTMANAGER_BIN" ]; then
  install=(apt-get install -y --no-install-recommends prometheus prometheus-alertmanager)
  sudo=()
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); fi
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ ${#sudo[@]} -gt 0 ]; }; then
    echo "test:fleet: installing prometheus and prometheus-alertmanager (Debian packages)" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" "${install[@]}"
    PROMETHEUS_BIN="$(find_bin prometheus || true)"
    ALERTMANAGER_BIN="$(find_bin prometheus-alertmanager alertmanager || true)"
  fi
  if [ -z "$PROMETHEUS_BIN" ] || [ -z "$ALERTMANAGER_BIN" ]; then
    cat >&2 <<'EOF'
test:fleet needs a Prometheus and an Alertmanager binary, and found none (or could not install them).
  Debian/Ubuntu:  sudo apt-get install -y --no-install-recommends prometheus prometheus-alertmanager
  elsewhere:      put prometheus and alertmanager on PATH, or set PROMETHEUS_BIN=/path/to/prometheus
                  ALERTMANAGER_BIN=/path/to/alertmanager  (https://prometheus.io/download/)
EOF
    exit 2
  fi
fi
export PROMETHEUS_BIN ALERTMANAGER_BIN
echo "test:fleet: $("$PROMETHEUS_BIN" --version 2>&1 | head -1)" >&2
echo "test:fleet: $("$ALERTMANAGER_BIN" --version 2>&1 | head -1)" >&2

# The gatewatch instances run dist/, as an installed gatewatch does: built from this very source (again only when a
# source file is newer than the last build, e.g. not right after `npm test` in CI).
if [ ! -f dist/src/cli.js ] || [ -n "$(find src commands package.json tsconfig.json -newer dist/src/cli.js -print -quit)" ]; then
  npm run build --silent
fi

FLEET_DIR="$(mktemp -d "${TMPDIR:-/tmp}/gatewatch-fleet.XXXXXX")"
export FLEET_DIR
runner=""
keep=0
for a in "$@"; do [ "$a" = --keep ] && keep=1; done
# Ends what the runner started (it records every pid, and the demo gateways have their own pid files), even when the
# runner itself was killed; then keeps FLEET_DIR only when it holds a failure's logs.
cleanup() {
  local code=$? pid
  trap - EXIT INT TERM
  if [ -n "$runner" ] && kill -0 "$runner" 2>/dev/null; then
    kill -TERM "$runner" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$runner" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$runner" 2>/dev/null || true
  fi
  if [ -f "$FLEET_DIR/pids" ]; then
    while read -r pid; do
      # Only a pid that still runs something of this fleet (its argv names FLEET_DIR or the demo home in it).
      if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$FLEET_DIR"; then
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done <"$FLEET_DIR/pids"
  fi
  for home in "$FLEET_DIR"/*/hermes; do
    [ -d "$home" ] && node dist/src/demo/ctl.js stop --home "$home" >/dev/null 2>&1 || true
  done
  if [ "$code" = 0 ] && [ "$keep" = 0 ]; then rm -rf "$FLEET_DIR"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

node --import tsx test/fleet/run.ts "$@" &
runner=$!
wait "$runner"
