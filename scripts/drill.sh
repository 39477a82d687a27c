#!/usr/bin/env bash
# `make drill`: the three durability drills, bounded, each ending in one
# summary line (issue #37):
#  1. crash: 200 SIGKILLs mid-write (also during backups) on the release
#     binary, the store checked and every acknowledged write looked up after
#     each (cli/tests/drill.rs; make test runs 10);
#  2. load: 200 simulated users through the API for 60 s, then every
#     invariant of the chain (tests/api/load.rs; make test runs 40 for 8 s);
#  3. restore: the 60,000-student set backed up during the deadline spike,
#     restored into an empty folder, checked, compared record by record
#     (tests/benches/scale.rs, BENCH_ONLY=backup; also in make bench).
set -euo pipefail
cd "$(dirname "$0")/.."
DRILL_CYCLES=${DRILL_CYCLES:-200} cargo test -q --release -p cli --test drill -- --nocapture 2>&1 | grep -E '^crash drill|test result|panicked|cycle'
LOAD_USERS=${LOAD_USERS:-200} LOAD_SECONDS=${LOAD_SECONDS:-60} LIAISON_DIST=$PWD/dist \
  cargo test -q -p tests --test api load::many_users -- --nocapture 2>&1 | grep -E '^load:|test result|panicked'
cargo build -q --release -p cli
BENCH_ONLY=backup BENCH_SECONDS=5 LIAISON_DIST=$PWD/dist cargo bench -q -p tests --bench scale 2>&1 \
  | grep -E 'online backup|restore into'
