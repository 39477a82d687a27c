// wasm-opt -Oz over many modules in one process: `node wasm-opt.mjs BINARYEN_DIR FILE…`
// optimises each FILE in place. The npm binaryen is binaryen compiled to
// WebAssembly; its CLI starts node and compiles that (~10 MB) once per file,
// which for a bundle's hundred small chunks costs more than optimising them.
// Same passes and features as
//   wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
//     --enable-mutable-globals --enable-reference-types --enable-multivalue
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, ...files] = process.argv.slice(2);
const { default: binaryen } = await import(pathToFileURL(join(dir, 'index.js')).href);
const F = binaryen.Features;
const features = F.BulkMemory | F.NontrappingFPToInt | F.SignExt | F.MutableGlobals |
  F.ReferenceTypes | F.Multivalue | F.BulkMemoryOpt | F.CallIndirectOverlong;
// -Oz: optimisation level 2, shrink level 2.
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
binaryen.setDebugInfo(false);
// As the CLI does when it writes an optimised module.
binaryen.setGenerateStackIR(true);
binaryen.setOptimizeStackIR(true);
for (const file of files) {
  const module = binaryen.readBinary(readFileSync(file), features);
  module.optimize();
  writeFileSync(file, module.emitBinary());
  module.dispose();
}
