// Shortens the names the main module imports its JavaScript by:
//   node short-imports.mjs DIR
// rewrites DIR/app_bg.wasm and DIR/app.js in place. wasm-bindgen names each
// import `__wbg_<method>_<16 hex digits>`; a role's main module imports a
// few hundred, and the hex digits (in the module and again in app.js) do
// not compress: a few kilobytes of every first load. Each such name becomes
// `_w<n>`, in the module's import section and in app.js alike. The page
// modules import only from `__wasm_split` (memory, table, shared code), so
// the main module and app.js are all there is to rewrite.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const wasmPath = join(dir, 'app_bg.wasm');
const jsPath = join(dir, 'app.js');
const bytes = readFileSync(wasmPath);
const HASHED = /^__wbg_[A-Za-z0-9_]*_[0-9a-f]{16}$/;

function leb(buf, at) {
  let n = 0, shift = 0, b;
  do {
    b = buf[at++];
    n |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return [n >>> 0, at];
}

function enc(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/// A name (length and UTF-8 bytes) at `at`: [string, next offset].
function name(buf, at) {
  const [len, p] = leb(buf, at);
  return [buf.subarray(p, p + len).toString('utf8'), p + len];
}

/// Skips an import's description (after its kind byte) from `at`.
function skipDesc(buf, kind, at) {
  const limits = (p) => {
    const flags = buf[p++];
    [, p] = leb(buf, p);
    if (flags & 1) [, p] = leb(buf, p);
    return p;
  };
  switch (kind) {
    case 0: return leb(buf, at)[1]; // function: type index
    case 1: return limits(at + 1); // table: reference type, limits
    case 2: return limits(at); // memory: limits
    case 3: return at + 2; // global: value type, mutability
    case 4: return leb(buf, at + 1)[1]; // tag: attribute, type index
    default: throw new Error(`unknown import kind ${kind}`);
  }
}

if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${wasmPath}: not a wasm module`);
const renamed = new Map();
const parts = [bytes.subarray(0, 8)];
let at = 8;
while (at < bytes.length) {
  const id = bytes[at];
  const [size, body] = leb(bytes, at + 1);
  const end = body + size;
  if (id !== 2) {
    parts.push(bytes.subarray(at, end));
    at = end;
    continue;
  }
  let [count, p] = leb(bytes, body);
  const out = [...enc(count)];
  for (let i = 0; i < count; i++) {
    let module, field;
    const start = p;
    [module, p] = name(bytes, p);
    [field, p] = name(bytes, p);
    const kind = bytes[p];
    const descEnd = skipDesc(bytes, kind, p + 1);
    if (HASHED.test(field)) {
      const short = `_w${renamed.size.toString(36)}`;
      renamed.set(field, short);
      field = short;
    }
    const m = Buffer.from(module, 'utf8');
    const f = Buffer.from(field, 'utf8');
    out.push(...enc(m.length), ...m, ...enc(f.length), ...f, ...bytes.subarray(p, descEnd));
    p = descEnd;
    if (p <= start) throw new Error('import section did not advance');
  }
  if (p !== end) throw new Error(`import section: ${end - p} bytes left over`);
  parts.push(Buffer.from([2, ...enc(out.length), ...out]));
  at = end;
}
writeFileSync(wasmPath, Buffer.concat(parts));

let js = readFileSync(jsPath, 'utf8');
const uses = js.match(/__wbg_[A-Za-z0-9_]*_[0-9a-f]{16}\b/g) ?? [];
for (const old of uses) {
  if (!renamed.has(old)) throw new Error(`app.js names ${old}, which the module does not import`);
}
js = js.replace(/__wbg_[A-Za-z0-9_]*_[0-9a-f]{16}\b/g, (old) => renamed.get(old));
writeFileSync(jsPath, js);
console.log(`short-imports: ${renamed.size} imports renamed in ${dir}`);
