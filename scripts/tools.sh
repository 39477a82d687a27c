#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is present.
#   scripts/tools.sh build   wasm32 target, wasm-bindgen-cli (the Cargo.lock version), wasm-split-cli,
#                            wasm-opt, brotli (Debian) for the .br copies
#   scripts/tools.sh test    the above, plus Chromium and chromedriver, nginx-light and openssl
#                            (for checking deploy/) (Debian), axe-core (npm), the campus sign-in
#                            tests' providers: django-cas-server (PyPI, in a virtualenv) and
#                            oidc-provider (npm)
#   scripts/tools.sh bench   the above, plus wrk (Debian)
#   scripts/tools.sh fuzz    schemathesis (PyPI) in a virtualenv under the tools folder
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-build}
say() { printf '\033[1m[tools]\033[0m %s\n' "$*"; }

# The npm binaryen (Debian's wasm-opt 108 corrupts wasm-bindgen output).
BINARYEN_VERSION=132.0.0
SCHEMATHESIS_VERSION=4.32.5
CAS_SERVER_VERSION=3.1.0
DJANGO_VERSION=5.2.19
WASM_SPLIT_VERSION=0.2.4
TOOLS_DIR=${LIAISON_TOOLS_DIR:-$HOME/.cache/liaison-tools}

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

wb_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  say "installing wasm-bindgen-cli $wb_version (about 5 minutes)"
  # No --locked: the registry lacks some of its locked dependencies. Without
  # default features: no TLS stack (only its test runner downloads anything).
  cargo install wasm-bindgen-cli --version "$wb_version" --no-default-features --force
fi

# Cuts each bundle at its lazy routes (Leptos #[lazy_route]; app/src/pages/gated.rs).
if ! command -v wasm-split-cli >/dev/null ||
   ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --force
fi

if [ ! -x "$TOOLS_DIR/node_modules/.bin/wasm-opt" ] ||
   [ "$("$TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
  say "installing wasm-opt (npm binaryen $BINARYEN_VERSION)"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION"
fi

# npm_tool NAME VERSION: an npm package in the tools folder, at that version.
npm_tool() {
  if ! grep -qs "\"version\": \"$2\"" "$TOOLS_DIR/node_modules/$1/package.json"; then
    say "installing $1 $2 (npm)"
    mkdir -p "$TOOLS_DIR"
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error "$1@$2"
  fi
}

# axe-core for the accessibility test (tests/browser/a11y.rs).
install_axe() { npm_tool axe-core 4.10.3; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    # Packages must not start services here (nginx would take port 80):
    # Debian's policy-rc.d says no, for the length of the install.
    local policy=/usr/sbin/policy-rc.d own_policy=""
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
      $sudo chmod +x "$policy"
      own_policy=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    if [ -n "$own_policy" ]; then $sudo rm -f "$policy"; fi
  fi
}

install_schemathesis() {
  local venv="$TOOLS_DIR/venv"
  if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    say "installing schemathesis $SCHEMATHESIS_VERSION (PyPI)"
    mkdir -p "$TOOLS_DIR"
    python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$venv"; }
    "$venv/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
  fi
}

# A real OpenID provider for tests/api/oidc.rs (tests/src/idp/oidc.rs starts it).
install_oidc_provider() { npm_tool oidc-provider 9.13.3; }

# A real CAS server for tests/api/campus.rs (tests/src/idp/cas.rs starts it).
install_cas_server() {
  local venv="$TOOLS_DIR/cas"
  if ! "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('django-cas-server') == '$CAS_SERVER_VERSION'" 2>/dev/null; then
    say "installing django-cas-server $CAS_SERVER_VERSION (PyPI)"
    mkdir -p "$TOOLS_DIR"
    python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$venv"; }
    "$venv/bin/pip" install -q "django-cas-server==$CAS_SERVER_VERSION" "Django==$DJANGO_VERSION"
  fi
}

# gcc and make also build jemalloc, the server's allocator (tikv-jemalloc-sys).
case "$what" in
  build) apt_install brotli gcc make ;;
  fuzz) install_schemathesis ;;
  test) apt_install brotli gcc make chromium chromium-driver fonts-noto-cjk nginx-light openssl; install_axe; install_cas_server; install_oidc_provider ;;
  bench) apt_install brotli gcc make chromium chromium-driver fonts-noto-cjk wrk ;;
  *) echo "usage: $0 build|test|bench|fuzz" >&2; exit 2 ;;
esac
