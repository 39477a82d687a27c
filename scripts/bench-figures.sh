#!/usr/bin/env bash
# Prints the figures of the performance budgets; asserts nothing (scripts/bench.sh
# runs it and keeps the output in docs/PERFORMANCE.md).
#  1. the client per role: first-load gzip and brotli bytes (target ≤ 200 KB gzip),
#     every page chunk, and time to interactive of the login page, the class
#     link's page, a student's home and 推荐表 on a throttled phone, cold and
#     warm (tests/benches/client.rs)
#  2. wrk against a release server on loopback, 64 connections:
#     GET /health, authenticated GET /me, durable PATCH /me (audited write)
#  3. a university's size (tests/benches/scale.rs): 60,000 students built
#     through the store's write paths, start-up, per-class pages and lists
#     beside /health, the deadline spike of mixed durable writes, the alumni
#     export, a 500-row directory import, a 5,000-row roster job, peak RSS
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_SECONDS:-10}

echo "== the client: bytes per role, and a slow phone (tests/benches/client.rs) =="
LIAISON_DIST=$PWD/dist cargo bench -q -p tests --bench client

echo "== server throughput (wrk, 64 connections, ${DURATION}s each) =="
cargo build -q --release -p cli
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LIAISON_ADDR=127.0.0.1:$port LIAISON_DATA=$data LIAISON_DEMO=1 LIAISON_DIST=$PWD/dist RUST_LOG=warn \
  ./target/release/liaison-server serve >"$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
base=http://127.0.0.1:$port/api/v1
for _ in $(seq 50); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
cookie=$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
  -d '{"username":"office","password":"demo-pass-2024"}' "$base/session" |
  awk -F'[ ;]' 'tolower($1)=="set-cookie:" {print $2}')
[ -n "$cookie" ] || { echo "login failed"; exit 1; }

cat >"$data/patch.lua" <<'LUA'
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["If-Match"] = "*"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"email":"bench' .. n .. '@example.com"}')
end
LUA

run() { # name, then wrk arguments; prints "rps p99"
  local out; out=$(wrk -t2 -c64 -d"${DURATION}s" --latency "$@")
  local rps p99 non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "$rps $p99 ${non2xx:-0}"
}
read -r h_rps h_p99 h_bad < <(run "$base/health")
read -r m_rps m_p99 m_bad < <(run -H "Cookie: $cookie" "$base/me")
read -r w_rps w_p99 w_bad < <(run -H "Cookie: $cookie" -s "$data/patch.lua" "$base/me")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '  %-28s %10s req/s  p99 %-9s ratio %s  non-2xx %s\n' \
  "GET /health" "$h_rps" "$h_p99" "1.00" "$h_bad" \
  "GET /me (authenticated)" "$m_rps" "$m_p99" "$(ratio "$m_rps" "$h_rps")" "$m_bad" \
  "PATCH /me (durable, audited)" "$w_rps" "$w_p99" "$(ratio "$w_rps" "$h_rps")" "$w_bad"

echo "== a university's size: 60,000 students, 1,500 classes, 10,000 nominations (${DURATION}s per load) =="
BENCH_SECONDS=$DURATION LIAISON_BIN=$PWD/target/release/liaison-server cargo bench -q -p tests --bench scale
