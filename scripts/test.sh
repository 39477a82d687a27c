#!/usr/bin/env bash
# `make test`: install what is missing, build the client, lint, run every test,
# and close with one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/tools.sh test
bash scripts/build-client.sh
cargo fmt --all --check
cargo clippy --all-targets -- -D warnings
# Every bundle of the client compiles different pages: lint each.
for f in "" counselor dean office admin; do
  cargo clippy -p app --target wasm32-unknown-unknown ${f:+--features "$f"} -- -D warnings
done
# deploy/: the units as systemd reads them, the nginx site as nginx does.
bash scripts/check-deploy.sh
mkdir -p target
log=target/test-output.log
status=0
LIAISON_DIST=$PWD/dist cargo test --workspace --exclude app 2>&1 | tee "$log" || status=$?
passed=$(awk '/^test result:/ {sum += $4} END {print sum + 0}' "$log")
failed=$(awk '/^test result:/ {sum += $6} END {print sum + 0}' "$log")
echo
echo "tests: $passed passed, $failed failed"
exit "$status"
