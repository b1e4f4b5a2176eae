#!/usr/bin/env bash
# Checks and unit-tests deploy/prometheus with promtool (and amtool for the Alertmanager example, when present).
# Debian/Ubuntu: apt-get install -y prometheus   (amtool: prometheus-alertmanager). Exits 0 with a note when absent.
set -euo pipefail
cd "$(dirname "$0")/../deploy/prometheus"
if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool not found: skipping the Prometheus rule tests (install it: apt-get install -y prometheus)" >&2
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
