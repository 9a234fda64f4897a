// What `wrangler deploy` would upload for the example: built offline with --dry-run, then checked for the things
// Workers refuse (code generation from strings, WASM compiled from bytes) and measured.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules/.bin/wrangler');

let outdir;
let wranglerOutput;
let modules; // [{ name, bytes }] of the modules that would be uploaded

before(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'edge-session-bundle-'));
  const { stdout, stderr } = await promisify(execFile)(
    WRANGLER,
    ['deploy', '--dry-run', '--outdir', outdir, '--config', join(ROOT, 'wrangler.toml')],
    {
      cwd: ROOT,
      timeout: 60_000,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    },
  );
  wranglerOutput = `${stdout}\n${stderr}`;
  const names = (await readdir(outdir)).filter((name) => /\.(m?js|wasm)$/.test(name));
  modules = await Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(outdir, name)) })));
}, { timeout: 70_000 });

after(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

const jsModules = () => modules.filter(({ name }) => /\.m?js$/.test(name));
const wasmModules = () => modules.filter(({ name }) => name.endsWith('.wasm'));

describe('example bundle (wrangler deploy --dry-run)', () => {
  it('builds and ships the WASM as its own module, not inlined', () => {
    assert.match(wranglerOutput, /--dry-run: exiting now/);
    const wasm = wasmModules();
    assert.equal(wasm.length, 1, `one .wasm module, got ${modules.map((m) => m.name).join(', ')}`);
    assert.ok(wasm[0].name.endsWith('edge_session.wasm'));
    assert.deepEqual([...wasm[0].bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'WASM magic number');
    assert.ok(jsModules().some(({ bytes }) => bytes.includes(wasm[0].name)), 'the JS imports the .wasm module');
  });

  it('contains no code generation from strings', () => {
    for (const { name, bytes } of jsModules()) {
      const source = bytes.toString('utf8');
      assert.doesNotMatch(source, /new Function\s*\(/, `${name} must not use new Function(`);
      assert.doesNotMatch(source, /(?<![\w$.])eval\s*\(/, `${name} must not call eval(`);
    }
  });

  it('uses the workerd entry of the package, not the Node one', () => {
    for (const { name, bytes } of jsModules()) {
      assert.doesNotMatch(bytes.toString('utf8'), /["']node:fs(\/promises)?["']/, `${name} must not import node:fs`);
    }
  });

  it('reports the upload size', (t) => {
    const raw = modules.reduce((sum, { bytes }) => sum + bytes.length, 0);
    const gzip = modules.reduce((sum, { bytes }) => sum + gzipSync(bytes).length, 0);
    const kib = (n) => `${(n / 1024).toFixed(2)} KiB`;
    for (const { name, bytes } of modules) {
      t.diagnostic(`${name}: ${kib(bytes.length)} (gzip ${kib(gzipSync(bytes).length)})`);
    }
    t.diagnostic(`total upload: ${kib(raw)} raw, ${kib(gzip)} gzip`);
    const wranglerLine = /Total Upload:.*/.exec(wranglerOutput)?.[0];
    if (wranglerLine) t.diagnostic(`wrangler says: ${wranglerLine.trim()}`);
    // Workers' free plan limit is 3 MiB gzip per Worker; a session library should be a small part of it.
    assert.ok(gzip < 1024 * 1024, `gzip size ${kib(gzip)} should stay under 1 MiB`);
  });
});
