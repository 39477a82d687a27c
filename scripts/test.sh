#!/usr/bin/env bash
# `make test`: install what is missing, build the client, lint, run every test,
# and close with each phase's time, the slowest tests and one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
times=target/phase-times.log
: >"$times"
# phase NAME COMMAND…: runs it and notes how long it took.
phase() {
  local name=$1 t=$SECONDS rc=0
  shift
  "$@" || rc=$?
  printf '  %-26s %5d s\n' "$name" $((SECONDS - t)) >>"$times"
  return "$rc"
}
clippy_wasm() {
  # Every bundle of the client compiles different pages: lint each.
  for f in "" counselor dean office admin; do
    cargo clippy -p app --target wasm32-unknown-unknown ${f:+--features "$f"} -- -D warnings
  done
}
phase "tools" bash scripts/tools.sh test
phase "client build" bash scripts/build-client.sh
phase "fmt" cargo fmt --all --check
phase "clippy (native)" cargo clippy --all-targets -- -D warnings
phase "clippy (client bundles)" clippy_wasm
log=target/test-output.log
export LIAISON_TEST_TIMES=$PWD/target/test-times.log
: >"$LIAISON_TEST_TIMES"
status=0
t=$SECONDS
LIAISON_DIST=$PWD/dist cargo test --workspace --exclude app 2>&1 | tee "$log" || status=$?
printf '  %-26s %5d s\n' "build and run tests" $((SECONDS - t)) >>"$times"
# deploy/: the units as systemd reads them, the nginx site as nginx does,
# with the server binary the tests just built.
phase "deploy checks" bash scripts/check-deploy.sh || status=$?
passed=$(awk '/^test result:/ {sum += $4} END {print sum + 0}' "$log")
failed=$(awk '/^test result:/ {sum += $6} END {print sum + 0}' "$log")
echo
echo "phases:"
cat "$times"
echo "slowest tests (seconds holding a server):"
awk 'NR <= 10 { print "  " $0 }' < <(sort -rn "$LIAISON_TEST_TIMES")
echo "tests: $passed passed, $failed failed"
exit "$status"
