#!/usr/bin/env bash
# Builds the browser client into dist/: wasm (release, wasm-opt), JS glue, CSS,
# all under content-hashed names in dist/assets, plus index.html pointing at them
# and .gz/.br copies for the server to send as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS_DIR=${LIAISON_TOOLS_DIR:-$HOME/.cache/liaison-tools}
WASM_OPT=${WASM_OPT:-$TOOLS_DIR/node_modules/.bin/wasm-opt}

hash() { cat "$@" | sha256sum | cut -c1-12; }

# bundle NAME [cargo args…]: one optimised wasm + JS glue under hashed names;
# sets NAME_js and NAME_wasm.
bundle() {
  local name=$1
  shift
  # erase_components type-erases Leptos components: measured −32 KB gzip at 349 KB.
  RUSTFLAGS="${RUSTFLAGS:-} --cfg erase_components" \
    cargo build --profile wasm-release --target wasm32-unknown-unknown -p app "$@"
  rm -rf "$out/wb"
  wasm-bindgen --target web --no-typescript --out-dir "$out/wb" --out-name app \
    target/wasm32-unknown-unknown/wasm-release/app.wasm
  "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/wb/app_bg.wasm" -o "$out/wb/app_bg.wasm"
  local h
  h=$(hash "$out/wb/app.js" "$out/wb/app_bg.wasm")
  mv "$out/wb/app.js" "$out/assets/$name-$h.js"
  mv "$out/wb/app_bg.wasm" "$out/assets/$name-$h.wasm"
  # Inline JS snippets of dependencies are imported relative to the glue.
  if [ -d "$out/wb/snippets" ]; then cp -r "$out/wb/snippets" "$out/assets/"; fi
  printf -v "${name}_js" '%s' "$name-$h.js"
  printf -v "${name}_wasm" '%s' "$name-$h.wasm"
}

out=dist.tmp
rm -rf "$out" && mkdir -p "$out/assets"
# One bundle per role, named after it (see app/src/lib.rs, BUNDLE): students
# (phones) get their pages only, every other role its own.
BUNDLES="student counselor dean office admin"
map=""
for b in $BUNDLES; do
  if [ "$b" = student ]; then bundle "$b"; else bundle "$b" --features "$b"; fi
  js_var="${b}_js" wasm_var="${b}_wasm"
  map="$map  $b: ['./${!js_var}', '/assets/${!wasm_var}'],\n"
done
rm -rf "$out/wb"

style="style-$(hash style/*.css).css"
cat style/*.css > "$out/assets/$style"

sed -e "s|^  __BUNDLES__$|$map|" public/boot.js > "$out/boot.js"
grep -q __BUNDLES__ "$out/boot.js" && { echo "boot.js: bundle table not filled in" >&2; exit 1; }
boot="boot-$(hash "$out/boot.js").js"
mv "$out/boot.js" "$out/assets/$boot"

# The service worker keeps the shell and the student's bundle for offline use.
precache="['/', '/assets/$boot', '/assets/$style', '/assets/$student_js', '/assets/$student_wasm']"
sed -e "s|__VERSION__|$(hash "$out/assets/$boot" "$out/assets/$style")|" -e "s|__PRECACHE__|$precache|" \
  public/sw.js > "$out/sw.js"
sed -e "s/__STUDENT_JS__/$student_js/g" \
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
  w_var="${b}_wasm"; w=${!w_var}
  echo "client built: dist/assets/$w ($(stat -c %s "dist/assets/$w") bytes, $(stat -c %s "dist/assets/$w.gz") gzip, $(stat -c %s "dist/assets/$w.br") brotli)"
done
