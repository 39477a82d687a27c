#!/usr/bin/env bash
# `make fuzz`: a longer, bounded run of every fuzzer.
#   1. the property tests of every parser of untrusted input (domain, server)
#      with FUZZ_CASES cases each (default 20000), in release;
#   2. schemathesis against /api/v1/openapi.json of a real server with the demo
#      data, signed in as each role (and anonymous), FUZZ_EXAMPLES examples per
#      operation (default 40), at most FUZZ_SECONDS per role (default 120).
# It passes when nothing failed, no answer was a 5xx and the server is still
# answering /health and a login at the end; it prints what it ran.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/tools.sh fuzz
CASES=${FUZZ_CASES:-20000}
EXAMPLES=${FUZZ_EXAMPLES:-40}
SECONDS_PER_ROLE=${FUZZ_SECONDS:-120}
ST="${LIAISON_TOOLS_DIR:-$HOME/.cache/liaison-tools}/venv/bin/schemathesis"
say() { printf '\033[1m[fuzz]\033[0m %s\n' "$*"; }
rm -rf target/fuzz && mkdir -p target/fuzz
status=0

say "property tests: $CASES cases each"
PROPTEST_CASES=$CASES cargo test --release --no-fail-fast -p domain -p server fuzz 2>&1 | tee target/fuzz/properties.log || status=1
props=$(grep -cE '^test .*fuzz::.* \.\.\. ok$' target/fuzz/properties.log || true)
prop_failed=$(grep -cE '^test .*fuzz::.* \.\.\. FAILED$' target/fuzz/properties.log || true)

say "building the server"
cargo build --release -p cli
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
LIAISON_DEMO=1 LIAISON_DATA="$data" LIAISON_ADDR="127.0.0.1:$port" LIAISON_DIST="$PWD/dist" \
  RUST_LOG=warn ./target/release/liaison-server serve >target/fuzz/server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -fs "$base/api/v1/health" >/dev/null && break; sleep 0.1; done

# A session per role; anonymous requests go without a cookie.
login() {
  curl -fs -c - -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"demo-pass-2024\"}" "$base/api/v1/session" |
    awk '$6 == "liaison_session" {print $7}'
}
run_role() {
  local role=$1 cookie=$2
  local args=("$base/api/v1/openapi.json" --checks not_a_server_error --max-examples "$EXAMPLES"
    --max-time "$SECONDS_PER_ROLE" --request-timeout 10 --seed 20261130 --workers 1
    --suppress-health-check all --no-color --report junit
    --report-junit-path "target/fuzz/schemathesis-$role.xml")
  # Signing out or changing the password would end the session under test.
  [ -n "$cookie" ] && args+=(-H "Cookie: liaison_session=$cookie" --exclude-path /api/v1/session
    --exclude-path /api/v1/me/password)
  say "schemathesis as $role"
  "$ST" run "${args[@]}" 2>&1 | tee "target/fuzz/schemathesis-$role.log" | tail -n 25 || status=1
}
run_role anonymous ""
for user in admin office dean.xx counselor.xx 2023110101; do
  cookie=$(login "$user")
  [ -n "$cookie" ] || { say "login as $user failed"; status=1; continue; }
  run_role "$user" "$cookie"
done

server_errors=$(grep -c 'internal error\|panicked' target/fuzz/server.log || true)
alive=no
curl -fs "$base/api/v1/health" >/dev/null && [ -n "$(login office)" ] && alive=yes
# Totals over the roles, from schemathesis's own summary lines.
cases=$(cat target/fuzz/schemathesis-*.log | awk '/ generated, / {s += $1} END {print s + 0}')
st_failed=$(cat target/fuzz/schemathesis-*.log | awk '/ generated, / {for (i = 1; i < NF; i++) if ($(i+1) ~ /^failed/) s += $i} END {print s + 0}')
st_errors=$(cat target/fuzz/schemathesis-*.log | awk '/^=+ .* in [0-9.]+s =+$/ {for (i = 1; i < NF; i++) if ($(i+1) ~ /^errors?,?$/) s += $i} END {print s + 0}')
echo
echo "fuzz: property tests $props passed, $prop_failed failed ($CASES cases each)"
echo "fuzz: schemathesis $cases cases over 6 roles (anonymous and 5 signed in), $st_failed failed, $st_errors errors; server 5xx/panics logged: $server_errors; server alive at the end: $alive"
[ "$alive" = yes ] && [ "$server_errors" = 0 ] && [ "$st_failed" = 0 ] && [ "$st_errors" = 0 ] || status=1
exit "$status"
