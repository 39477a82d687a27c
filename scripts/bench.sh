#!/usr/bin/env bash
# `make bench`: prints every figure beside its target (scripts/bench-figures.sh)
# and replaces the latest-run section of docs/PERFORMANCE.md with this run's
# output; the targets above it are written by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
bash scripts/bench-figures.sh "$@" 2>&1 | tee "$out"
doc=docs/PERFORMANCE.md
marker='## Latest run'
head=$(awk -v m="$marker" 'index($0, m) == 1 {exit} {print}' "$doc")
{
  printf '%s\n\n%s\n\n' "$head" "$marker"
  printf '%s, %s cores (%s), %s GiB, `BENCH_SECONDS=%s`:\n\n' "$(date -u +%Y-%m-%d)" "$(nproc)" \
    "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)" \
    "$(awk '/MemTotal/ {printf "%d", $2 / 1048576}' /proc/meminfo)" "${BENCH_SECONDS:-10}"
  echo '```text'
  cat "$out"
  echo '```'
} >"$doc.tmp"
mv "$doc.tmp" "$doc"
echo "bench: the figures are in $doc"
