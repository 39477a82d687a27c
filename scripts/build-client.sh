#!/usr/bin/env bash
# Builds the browser client into dist/: wasm (release, wasm-opt), JS glue, CSS,
# all under content-hashed names in dist/assets, plus index.html pointing at them
# and .gz/.br copies for the server to send as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS_DIR=${LIAISON_TOOLS_DIR:-$HOME/.cache/liaison-tools}
BINARYEN=${BINARYEN:-$TOOLS_DIR/node_modules/binaryen}

hash() { cat "$@" | sha256sum | cut -c1-12; }

# squeeze FILE…: JavaScript without its comment lines, indentation and blank
# lines — the glue, the chunk loader and the boot script are on every role's
# first load. Newlines stay, so no statement changes meaning (none of these
# files has a string spanning lines).
squeeze() { perl -i -ne 'next if m{^\s*//}; s/^[ \t]+//; print if /\S/' "$@"; }

# bundle NAME [cargo args…]: one role's client in $out/NAME.wb: the main
# module (shell, login, home; app.js + app_bg.wasm), the loader
# __wasm_split.js, one wasm module per page (split_*: the `lazy_gated!`
# routes) and the code pages share (chunk_*). Their optimisation starts in
# the background: the next bundle's compile (one LTO unit) leaves a core to it.
bundle() {
  local name=$1
  shift
  # erase_components type-erases Leptos components: a markedly smaller first load.
  # --emit-relocs lets wasm-split-cli cut the module at the lazy routes.
  RUSTFLAGS="${RUSTFLAGS:-} --cfg erase_components -Clink-args=--emit-relocs" \
    cargo build --profile wasm-release --target wasm32-unknown-unknown -p app "$@"
  local wb="$out/$name.wb"
  rm -rf "$out/split" "$wb"
  wasm-split-cli target/wasm32-unknown-unknown/wasm-release/app.wasm "$out/split" \
    --target web --out-name app >/dev/null
  wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
    --out-dir "$wb" --out-name app "$out/split/app.wasm"
  rm "$out/split/app.wasm"
  mv "$out/split"/* "$wb/"
  squeeze "$wb/app.js" "$wb/__wasm_split.js"
  # The imports' hashed names, in the module and in app.js, become short
  # ones: kilobytes of every first load (scripts/short-imports.mjs).
  node scripts/short-imports.mjs "$wb" >/dev/null
  # wasm-opt -Oz over every module in one node process (scripts/wasm-opt.mjs);
  # binaryen's complaint about the name section wasm-split leaves is noise.
  node scripts/wasm-opt.mjs "$BINARYEN" "$wb"/*.wasm 2> >(grep -v 'unknown name subsection' >&2) &
  optimising+=($!)
}

# seal NAME: once its optimisation is done, the bundle moves to
# assets/NAME-HASH/. Sets NAME_dir.
seal() {
  local name=$1 h
  h=$(cd "$out/$name.wb" && find . -type f | sort | xargs cat | sha256sum | cut -c1-12)
  mv "$out/$name.wb" "$out/assets/$name-$h"
  printf -v "${name}_dir" '%s' "$name-$h"
}

out=dist.tmp
rm -rf "$out" && mkdir -p "$out/assets"
# One bundle per role, named after it (see app/src/lib.rs, BUNDLE): students
# (phones) get their pages only, every other role its own. LIAISON_BUNDLES
# builds fewer while working on one role's pages (the others then do not load).
BUNDLES=${LIAISON_BUNDLES:-"student counselor dean office admin"}
optimising=()
for b in $BUNDLES; do
  if [ "$b" = student ]; then bundle "$b"; else bundle "$b" --features "$b"; fi
done
for pid in "${optimising[@]}"; do wait "$pid"; done
rm -rf "$out/split"
map=""
for b in $BUNDLES; do
  seal "$b"
  dir_var="${b}_dir"
  map="$map  $b: '${!dir_var}',\n"
done

style="style-$(hash style/*.css).css"
# Minified (comments, runs of blank, spaces around punctuation): every role's
# first load carries it. Perl is in every Debian.
cat style/*.css | perl -0777 -pe 's{/\*.*?\*/}{}gs; s/\s+/ /g; s/\s*([{};,>])\s*/$1/g; s/:\s+/:/g; s/;}/}/g' \
  > "$out/assets/$style"

sed -e "s|^  __BUNDLES__$|$map|" public/boot.js > "$out/boot.js"
grep -q __BUNDLES__ "$out/boot.js" && { echo "boot.js: bundle table not filled in" >&2; exit 1; }
squeeze "$out/boot.js"
boot="boot-$(hash "$out/boot.js").js"
mv "$out/boot.js" "$out/assets/$boot"

# The service worker keeps the shell and the student's whole bundle (every
# page a student or liaison may open offline) on the device.
precache="'/', '/assets/$boot', '/assets/$style'"
for f in $(cd "$out/assets" && find "$student_dir" -type f | sort); do precache="$precache, '/assets/$f'"; done
precache="[$precache]"
sed -e "s|__VERSION__|$(hash "$out/assets/$boot" "$out/assets/$style")|" -e "s|__PRECACHE__|$precache|" \
  public/sw.js > "$out/sw.js"
sed -e "s|__STUDENT_JS__|$student_dir/app.js|g" \
    -e "s/__STYLE__/$style/g" -e "s/__BOOT__/$boot/g" public/index.html > "$out/index.html"
for f in public/*; do
  case "$(basename "$f")" in index.html|boot.js|sw.js) ;; *) cp -r "$f" "$out/" ;; esac
done

# Precompressed copies; the server picks them by Accept-Encoding.
find "$out" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) \
  -print0 | while IFS= read -r -d '' f; do
    gzip -9 -k -n "$f"
    brotli -q 11 -k "$f"
  done

rm -rf dist && mv "$out" dist
for b in $BUNDLES; do
  d_var="${b}_dir"; w=${!d_var}/app_bg.wasm
  echo "client built: dist/assets/$w ($(stat -c %s "dist/assets/$w") bytes, $(stat -c %s "dist/assets/$w.gz") gzip, $(stat -c %s "dist/assets/$w.br") brotli) + $(ls "dist/assets/${!d_var}"/split_*.wasm | wc -l) pages in $(ls "dist/assets/${!d_var}"/*_*.wasm | wc -l) chunks"
done
