// Cargo's runner for `--target wasm32-wasip1`: runs a test binary (or example) under
// Node's built-in WASI, so `cargo test --target wasm32-wasip1` needs no downloaded runtime.
//
//   node .cargo/wasi-runner.mjs path/to/binary.wasm [args...]
//
// The tests read `tests/data/**` through `CARGO_MANIFEST_DIR`, an absolute host path baked
// in at compile time, so the host's root directory is preopened as `/` in the guest: the
// same absolute paths work inside and out. The environment is passed through (libtest
// reads RUST_TEST_THREADS, RUST_BACKTRACE, ...). The exit code is the guest's.
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import v8 from 'node:v8';

// Node 20's WASI host functions have V8 "fast API call" variants that keep using the
// guest memory as it was before a `memory.grow`: once a test grows the heap past a few
// hundred MiB (the 5,000,000-deep nesting tests do), later WASI calls (printing the
// results) touch freed memory, and node dies *after* the tests passed with SIGSEGV,
// SIGTRAP or "abort: Invalid bytecode", about one run in two (seen with node v20.20.2;
// nodejs/node#53087 reports the same fast-call crash on v22). The slow path re-reads
// the memory on every call. Set before any host function is optimized.
v8.setFlagsFromString('--no-turbo-fast-api-calls');

// `node:wasi` prints an ExperimentalWarning on first use; it would clutter every test
// binary's output, so warnings are dropped before it is loaded.
process.removeAllListeners('warning');
const { WASI } = await import('node:wasi');

const [wasmPath, ...args] = process.argv.slice(2);
if (!wasmPath) {
  console.error('usage: node wasi-runner.mjs BINARY.wasm [ARGS...]');
  process.exit(2);
}

const wasi = new WASI({
  version: 'preview1',
  args: [wasmPath, ...args],
  env: process.env,
  preopens: { '/': '/' },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const code = wasi.start(instance);
process.exitCode = code ?? 0;
