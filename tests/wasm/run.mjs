// Drives the crate as a wasm module (examples/wasm_module/, its own package, built for
// wasm32-unknown-unknown) from JavaScript, and checks every result against the native
// examples: the signed request byte for byte against `quickstart` and `mts sign --jsonl`,
// the decoded bodies against `mts decode`; then that repeated calls do not grow memory.
//
//   cargo build --release --target wasm32-unknown-unknown \
//       --manifest-path examples/wasm_module/Cargo.toml --target-dir target
//   node tests/wasm/run.mjs [--wasm PATH]
//
// The native examples are built with `cargo build --example ...` (the debug profile).
// Prints one line per check and a closing "N passed, N failed"; exits 1 on any mismatch.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argWasm = process.argv.indexOf('--wasm');
const wasmPath = argWasm > 0
  ? path.resolve(process.argv[argWasm + 1])
  : path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'),
    'wasm32-unknown-unknown/release/mts_codec_wasm_module.wasm');

// The fixed inputs of examples/quickstart.rs: fake credentials, fixed time and nonce.
const SEED = {
  keyId: 'LTAI-demo-key-id',
  secret: 'demo-secret-not-real',
  jobIds: ['88c6ca184c0e47098a5b665e2a126797'],
  timestamp: '2024-01-01T00:00:00Z',
  nonce: '0123456789abcdef0123456789abcdef',
  region: 'cn-hangzhou',
};
const SIGN_POST = 1;
const SIGN_XML = 2;
const BODY = { json: 0, xml: 1 };
const ERR = { utf8: -1, credentials: -2, jobIds: -3, timestamp: -4, region: -5, argument: -7 };

let passed = 0;
let failed = 0;
function check(name, actual, expected) {
  if (actual === expected) {
    passed += 1;
    console.log(`ok       ${name}`);
  } else {
    failed += 1;
    console.log(`MISMATCH ${name}\n  wasm:   ${JSON.stringify(actual)}\n  native: ${JSON.stringify(expected)}`);
  }
}

// ---- the module ------------------------------------------------------------------

const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const wasm = instance.exports;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Copies `bytes` into a fresh module buffer: [ptr, len]. */
function put(bytes) {
  const ptr = wasm.mts_alloc(bytes.length);
  if (ptr === 0 && bytes.length > 0) throw new Error('mts_alloc failed');
  // `memory.buffer` is re-read after every call: a memory.grow detaches the old one.
  new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes);
  return [ptr, bytes.length];
}

/**
 * Calls an exported function as fn(...head, ptr, len for each input, ...tail, out_ptr,
 * out_cap), which returns the output length snprintf-style; the output buffer grows as
 * needed.
 * Returns the output text, or the negative error code as a number.
 */
function callWithOutput(fn, inputs, { head = [], tail = [] } = {}) {
  const args = inputs.map((b) => put(typeof b === 'string' ? encoder.encode(b) : b));
  try {
    let want = 64; // small on purpose: the retry path runs too
    for (;;) {
      const cap = want;
      const out = wasm.mts_alloc(cap);
      try {
        const n = fn(...head, ...args.flat(), ...tail, out, cap);
        if (n < 0) return n;
        if (n <= cap) return decoder.decode(new Uint8Array(wasm.memory.buffer, out, n));
        want = n;
      } finally {
        wasm.mts_dealloc(out, cap);
      }
    }
  } finally {
    for (const [ptr, len] of args) wasm.mts_dealloc(ptr, len);
  }
}

function wasmSign({ keyId, secret, jobIds, timestamp, nonce, region }, flags) {
  return callWithOutput(wasm.mts_sign,
    [keyId, secret, jobIds.join(','), timestamp, nonce, region], { head: [], tail: [flags] });
}

function wasmDecode(status, format, body) {
  return callWithOutput(wasm.mts_decode, [body], { head: [status, BODY[format]], tail: [] });
}

// ---- the native side ------------------------------------------------------------------

/** Builds a native example and returns its executable, as cargo reports it. */
function nativeExample(name) {
  const messages = execFileSync('cargo',
    ['build', '--quiet', '--example', name, '--message-format=json-render-diagnostics'],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of messages.split('\n')) {
    if (!line.startsWith('{')) continue;
    const m = JSON.parse(line);
    if (m.reason === 'compiler-artifact' && m.target?.name === name && m.executable) return m.executable;
  }
  throw new Error(`cargo did not report the ${name} example's executable`);
}
const mts = nativeExample('mts');
const quickstart = nativeExample('quickstart');

function run(exe, args, input) {
  // `mts decode` exits 1 for a malformed body and still prints its JSON object.
  try {
    return execFileSync(exe, args, { cwd: root, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'inherit'] });
  } catch (e) {
    if (typeof e.stdout === 'string' && e.stdout.length > 0) return e.stdout;
    throw e;
  }
}

function nativeSignJsonl(inputs, method, format) {
  const line = JSON.stringify({
    access_key_id: inputs.keyId,
    access_key_secret: inputs.secret,
    method,
    format,
    timestamp: inputs.timestamp,
    nonce: inputs.nonce,
    job_ids: inputs.jobIds,
    region_id: inputs.region,
  });
  const out = JSON.parse(run(mts, ['sign', '--jsonl'], `${line}\n`));
  if (out.error) throw new Error(`mts sign --jsonl: ${out.error}`);
  return out;
}

/** `mts decode` rendered as the module's summary lines. */
function nativeDecodeLines(status, format, body) {
  const out = JSON.parse(run(mts, ['decode', '--format', format, '--status', String(status)], body));
  const field = (v) => (v === undefined || v === null ? '-' : String(v).replace(/[\r\n]/g, ' '));
  switch (out.outcome) {
    case 'ok': {
      const r = out.response;
      const lines = [`ok ${field(r.RequestId)}`];
      for (const job of r.SnapshotJobList?.SnapshotJob ?? []) lines.push(`job ${field(job.Id)} ${field(job.State)}`);
      for (const id of r.NonExistSnapshotJobIds?.String ?? []) lines.push(`missing ${field(id)}`);
      return lines.join('\n') + '\n';
    }
    case 'api_error':
      return `error ${field(out.error.Code)} ${field(out.error.Message)}\n`;
    case 'error':
      return `invalid ${field(out.message)}\n`;
    default:
      throw new Error(`mts decode: unknown outcome ${out.outcome}`);
  }
}

// ---- signing ---------------------------------------------------------------------

{
  const url = wasmSign(SEED, 0);
  const native = run(quickstart, []).split('\n').find((l) => l.startsWith('URL:'))?.slice(4).trim();
  check('sign GET JSON: URL equals the quickstart example\'s', url, native);
  const jsonl = nativeSignJsonl(SEED, 'GET', 'JSON');
  const prefix = `https://mts.${SEED.region}.aliyuncs.com/?`;
  check('sign GET JSON: URL is the endpoint and `mts sign --jsonl` query',
    url, typeof url === 'string' ? prefix + jsonl.query : jsonl.query);

  const body = wasmSign(SEED, SIGN_POST | SIGN_XML);
  check('sign POST XML: form body equals `mts sign --jsonl` body',
    body, nativeSignJsonl(SEED, 'POST', 'XML').body);

  const two = { ...SEED, jobIds: [...SEED.jobIds, '72dfa5e679ab4be9a3ed9974c7360002'] };
  const twoUrl = wasmSign(two, 0);
  check('sign GET JSON, two job ids: query equals `mts sign --jsonl` query',
    typeof twoUrl === 'string' ? twoUrl.slice(prefix.length) : twoUrl, nativeSignJsonl(two, 'GET', 'JSON').query);

  check('sign: an empty job id is ERR_JOB_IDS', wasmSign({ ...SEED, jobIds: ['a', ''] }, 0), ERR.jobIds);
  check('sign: a bad timestamp is ERR_TIMESTAMP', wasmSign({ ...SEED, timestamp: '2024-01-01 00:00:00' }, 0), ERR.timestamp);
  check('sign: a bad region is ERR_REGION', wasmSign({ ...SEED, region: 'cn hangzhou' }, 0), ERR.region);
  check('sign: an unknown flag is ERR_ARGUMENT', wasmSign(SEED, 4), ERR.argument);
  check('sign: a secret that is not UTF-8 is ERR_UTF8',
    callWithOutput(wasm.mts_sign, [SEED.keyId, new Uint8Array([0xff]), SEED.jobIds[0], SEED.timestamp, SEED.nonce, SEED.region],
      { head: [], tail: [0] }), ERR.utf8);
}

// ---- decoding --------------------------------------------------------------------

/** The HTTP status a golden body was sent with (as tests/it/support/mod.rs tells it). */
function statusFor(name) {
  if (name.includes('forbidden_ram')) return 403;
  if (name.includes('internal')) return 500;
  if (name.startsWith('api_error')) return 400;
  return 200;
}

{
  const cases = [];
  for (const format of ['json', 'xml']) {
    const dir = path.join(root, 'tests/data', format);
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith(`.${format}`) || file.endsWith('.expected.json')) continue;
      const name = file.slice(0, -(format.length + 1));
      cases.push({ label: `${format}/${file}`, status: statusFor(name), format, body: readFileSync(path.join(dir, file)) });
    }
  }
  const seeds = cases.filter((c) => c.label.endsWith('/seed.json') || c.label.endsWith('/seed.xml'));
  if (seeds.length !== 2) throw new Error('tests/data/{json/seed.json,xml/seed.xml} are missing');
  // Bodies that do not decode: the message (what and where) must be the same.
  const seedJson = seeds[0].body;
  cases.push(
    { label: 'json: truncated seed body', status: 200, format: 'json', body: seedJson.subarray(0, 120) },
    { label: 'xml: wrong root element', status: 200, format: 'xml', body: Buffer.from('<Other/>') },
    { label: 'json: HTTP status 302', status: 302, format: 'json', body: seedJson },
    { label: 'json: invalid UTF-8', status: 200, format: 'json', body: Buffer.from([0x7b, 0x22, 0xff, 0x22]) },
  );
  for (const c of cases) {
    check(`decode ${c.label} (status ${c.status})`, wasmDecode(c.status, c.format, c.body),
      nativeDecodeLines(c.status, c.format, c.body));
  }
  // The seed's sample responses, spelled out, so that agreeing on nothing cannot pass.
  const expected = 'ok 25818875-5F78-4A13-BEF6-D7393642CA58\njob 88c6ca184c0e47098a5b665e2a126797 Success\n';
  check('decode json/seed.json is the documented job', wasmDecode(200, 'json', seeds[0].body), expected);
  check('decode xml/seed.xml is the documented job', wasmDecode(200, 'xml', seeds[1].body), expected);
  check('decode: an unknown format is ERR_ARGUMENT',
    callWithOutput(wasm.mts_decode, [seedJson], { head: [200, 9], tail: [] }), ERR.argument);
}

// ---- memory ----------------------------------------------------------------------

{
  // The module's allocator (examples/wasm_module/src/size_classes.rs) keeps freed blocks
  // for reuse: once each call has run, running the same calls again must not grow memory.
  const seedJson = readFileSync(path.join(root, 'tests/data/json/seed.json'));
  const seedXml = readFileSync(path.join(root, 'tests/data/xml/seed.xml'));
  // As long as the default body limit (1 MiB, `Limits::max_body_bytes`) lets it be.
  const bigId = 'x'.repeat((1 << 20) - 100);
  const big = Buffer.from(`{"RequestId":"${bigId}","SnapshotJobList":{"SnapshotJob":[{"Id":"a","State":"Fail"}]}}`);
  const round = () => [
    wasmSign(SEED, 0),
    wasmSign(SEED, SIGN_POST | SIGN_XML),
    wasmDecode(200, 'json', seedJson),
    wasmDecode(200, 'xml', seedXml),
    wasmDecode(200, 'json', big),
  ];
  const first = round();
  check('memory: a text of almost 1 MiB decodes through the module', first[4], `ok ${bigId}\njob a Fail\n`);
  const grown = wasm.memory.buffer.byteLength;
  let same = true;
  for (let i = 0; i < 100; i += 1) same &&= JSON.stringify(round()) === JSON.stringify(first);
  check('memory: 100 more rounds give the same results', same, true);
  check('memory: 100 more rounds reuse freed blocks (no growth)', wasm.memory.buffer.byteLength, grown);
}

console.log(`\nwasm module ${path.relative(root, wasmPath)}: ${readFileSync(wasmPath).length} bytes`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
