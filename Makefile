# 校友联络员 — two commands on a fresh Debian machine:
#   make run    build everything, start http://127.0.0.1:8080 with the demo data
#   make test   install what is missing, then format, lint, unit, API and browser tests
.PHONY: run build client server test lint bench drill fuzz clean install uninstall

LIAISON_ADDR ?= 127.0.0.1:8080
LIAISON_DATA ?= ./data
export LIAISON_ADDR LIAISON_DATA

run: build
	LIAISON_DEMO=1 LIAISON_DIST=$(CURDIR)/dist ./target/release/liaison-server serve

build: client server

client:
	bash scripts/tools.sh build
	bash scripts/build-client.sh

server:
	cargo build --release -p cli

lint:
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p app --target wasm32-unknown-unknown -- -D warnings

test:
	bash scripts/test.sh

# The durability drills: crash (200 SIGKILLs), load with invariants, restore at scale.
drill:
	bash scripts/drill.sh

bench:
	bash scripts/tools.sh bench
	bash scripts/build-client.sh
	bash scripts/bench.sh

# Production on Debian (root): the service, nightly backups, the nginx site (docs/OPERATIONS.md).
install:
	bash scripts/install.sh install

uninstall:
	bash scripts/install.sh uninstall

# Longer fuzzing: property tests with many cases, schemathesis per role (bounded).
fuzz:
	bash scripts/fuzz.sh

clean:
	cargo clean
	rm -rf dist dist.tmp
