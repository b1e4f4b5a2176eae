#!/usr/bin/env bash
# Checks and unit-tests deploy/prometheus with promtool (and amtool for the Alertmanager example, when present).
# Debian/Ubuntu: apt-get install -y prometheus   (amtool: prometheus-alertmanager).
# Without promtool nothing is tested: it says SKIPPED and exits 0 on a workstation, but fails under CI=true (CI's
# .ci/run installs it), where a quiet skip would read as rules that passed.
set -euo pipefail
cd "$(dirname "$0")/../deploy/prometheus"
if ! command -v promtool >/dev/null 2>&1; then
  if [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; then
    echo "FAILED: promtool not found, and CI=$CI requires the Prometheus rule tests (apt-get install -y prometheus)" >&2
    exit 1
  fi
  echo "SKIPPED: promtool not found: the Prometheus rule tests did NOT run (install it: apt-get install -y prometheus)" >&2
  exit 0
fi
promtool check rules gatewatch.rules.yml
promtool test rules gatewatch.rules.test.yml gatewatch.rules.long.test.yml
promtool check config --syntax-only prometheus.example.yml
if command -v amtool >/dev/null 2>&1; then
  amtool check-config alertmanager.example.yml
else
  echo "amtool not found: alertmanager.example.yml not checked (apt-get install -y prometheus-alertmanager)" >&2
fi
