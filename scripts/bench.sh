#!/usr/bin/env bash
# Prints the figures of the performance budgets; asserts nothing.
#  1. client transfer size (wasm + js + css, raw, gzip and brotli; budget 300 KB gzip)
#  2. time for the login page to render in headless Chromium
#  3. wrk against a release server on loopback, 64 connections:
#     GET /health, authenticated GET /me, durable PATCH /me (audited write)
#  4. a university's size (tests/benches/scale.rs): 60,000 students built
#     through the store's write paths, start-up, per-class pages and lists
#     beside /health, the deadline spike of mixed durable writes, the alumni
#     export, a 500-row directory import, a 5,000-row roster job, peak RSS
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_SECONDS:-10}

echo "== client transfer size (dist/assets), per bundle =="
# What one visitor downloads: the shared boot script and CSS, plus one bundle.
for b in student counselor dean office admin; do
  total_raw=0; total_gz=0; total_br=0
  for f in dist/assets/$b-*.wasm dist/assets/$b-*.js dist/assets/boot-*.js dist/assets/style-*.css; do
    case "$f" in *.gz|*.br) continue ;; esac
    raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
    printf '  %-34s %8d B raw %8d B gzip %8d B brotli\n' "$(basename "$f")" "$raw" "$gz" "$br"
  done
  printf '  %-34s %8d B raw %8d B gzip %8d B brotli  (budget 307200 B gzip: %s)\n' "total, $b" "$total_raw" "$total_gz" "$total_br" \
    "$([ "$total_gz" -le 307200 ] && echo within || echo OVER)"
done

echo "== login page render in headless Chromium =="
LIAISON_DIST=$PWD/dist cargo bench -q -p tests --bench client

echo "== server throughput (wrk, 64 connections, ${DURATION}s each) =="
cargo build -q --release -p server
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
