#!/usr/bin/env node
// Assembles src/kernels/gemm.wat (WebAssembly text, SIMD) into src/kernels/gemm-wasm-bytes.ts,
// the base64 the fast GEMM instantiates. Run after editing the .wat: pnpm --filter @llm/tensor-core build:wasm
// (a test fails when the committed bytes are not the assembled .wat).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

export async function assemble() {
  const wabt = await wabtInit();
  const source = readFileSync(
    fileURLToPath(new URL('../src/kernels/gemm.wat', import.meta.url)),
    'utf8',
  );
  const mod = wabt.parseWat('gemm.wat', source, { simd: true });
  mod.validate();
  return Buffer.from(mod.toBinary({}).buffer).toString('base64');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const b64 = await assemble();
  const out = fileURLToPath(new URL('../src/kernels/gemm-wasm-bytes.ts', import.meta.url));
  writeFileSync(
    out,
    `// Generated from gemm.wat by scripts/build-wasm.mjs — do not edit by hand.\nexport const GEMM_WASM_BASE64 =\n  '${b64}';\n`,
  );
  console.log(`wrote ${out} (${Buffer.from(b64, 'base64').length} bytes of wasm)`);
}
