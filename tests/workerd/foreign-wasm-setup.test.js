// Workers built otherwise than README's `wrangler deploy` of `main`: the .wasm must arrive as a compiled
// WebAssembly.Module, from the package's `workerd` entry. Two ways users get it wrong, each with an error that
// must say what to change:
// - a bundle made by their own bundler without the `workerd`/`worker` condition (esbuild's `--platform=neutral` or
//   `browser`, then `no_bundle = true`): the package's Node entry runs in workerd (with `nodejs_compat`, whose
//   `node:` modules it imports) and cannot read its .wasm from a file. The error said "Bundled for Node? Keep
//   edge-session out of the bundle (esbuild --packages=external ...)": advice for Node, which in a Worker cannot work;
// - a wrangler `rules` entry that makes `.wasm` files `Data` (an ArrayBuffer, as some other WASM libraries ask):
//   the package's import then gets bytes, which workerd refuses to compile, and the error was V8's bare
//   "CompileError: WebAssembly.instantiate(): Wasm code generation disallowed by embedder".
// Regression (deployment-configurations pass).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startWorker } from '../helpers/start-worker.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ESBUILD = join(ROOT, 'node_modules/.bin/esbuild');
const TEST = { timeout: 90_000 };

// Answers with the error the first session's read threw, so that the test reads its name and message.
const WORKER = `
import { createCookieSessionStorage } from 'edge-session';
let storage;
export default {
  async fetch() {
    storage ??= createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'.repeat(32)] } });
    try {
      await storage.getSession(null);
      return new Response('ok');
    } catch (error) {
      return new Response(\`\${error?.name} \${error?.code ?? ''}: \${error?.message}\`, { status: 500 });
    }
  },
};
`;

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edge-session-foreign-wasm-'));
  await mkdir(join(dir, 'node_modules'));
  await symlink(ROOT, join(dir, 'node_modules', 'edge-session'));
  await writeFile(join(dir, 'worker.js'), WORKER);
});
after(() => dir && rm(dir, { recursive: true, force: true }));

async function firstAnswer(config) {
  const worker = await startWorker({ config, logLevel: 'none' });
  try {
    const response = await fetch(worker.url);
    return { status: response.status, text: await response.text() };
  } finally {
    await worker.dispose();
  }
}

describe('a Worker whose .wasm does not arrive as a compiled module', () => {
  it('bundled without the workerd condition (the Node entry in workerd): the error names the condition, not a Node bundle', TEST, async () => {
    await promisify(execFile)(ESBUILD, [
      join(dir, 'worker.js'), '--bundle', '--format=esm', '--platform=neutral', '--main-fields=module,main',
      '--external:cloudflare:workers', '--external:node:*', '--loader:.wasm=copy', `--outdir=${join(dir, 'neutral')}`,
    ], { cwd: dir });
    const config = join(dir, 'neutral.toml');
    await writeFile(config, 'name = "neutral"\nmain = "neutral/worker.js"\ncompatibility_date = "2026-04-20"\n' +
      'compatibility_flags = ["nodejs_compat"]\nno_bundle = true\n');
    const { status, text } = await firstAnswer(config);
    assert.equal(status, 500);
    assert.match(text, /EdgeSessionError WASM_NOT_FOUND/);
    assert.match(text, /workerd/, `the error should say the bundle needs the workerd condition: ${text}`);
    assert.doesNotMatch(text, /Bundled for Node\?/, `a Worker is no Node bundle: ${text}`);
  });

  it('a wrangler rule that makes .wasm Data: the error names the rule, not a bare CompileError', TEST, async () => {
    const config = join(dir, 'data-rule.toml');
    await writeFile(config, 'name = "data-rule"\nmain = "worker.js"\ncompatibility_date = "2026-04-20"\n' +
      'rules = [{ type = "Data", globs = ["**/*.wasm"] }]\n');
    const { status, text } = await firstAnswer(config);
    assert.equal(status, 500);
    assert.match(text, /EdgeSessionError/, `an error of the package, not V8's: ${text}`);
    assert.match(text, /CompiledWasm/, `the error should name the module type the .wasm needs: ${text}`);
  });
});
