// The package as a user gets it: `npm pack`, installed into a separate project, imported by name in
// Node and bundled into a Worker by wrangler (which must pick the workerd build and ship the .wasm).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
const tsc = join(root, 'node_modules', '.bin', 'tsc');
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', npm_config_update_notifier: 'false' };

describe('the packed npm package in a separate project', { timeout: 120_000 }, () => {
  let dir;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edge-session-consumer-'));
    // --ignore-scripts: prepack would rebuild the .wasm; npm test has just built it.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: root, env });
    const tarball = stdout.trim().split('\n').pop();
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { 'edge-session': `file:./${tarball}` } }),
    );
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund'], { cwd: dir, env });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('ships the .wasm, the glue, the JS and the types, and no sources or tests', async () => {
    const installed = join(dir, 'node_modules', 'edge-session');
    assert.deepEqual((await readdir(join(installed, 'dist'))).sort(), ['edge_session.mjs', 'edge_session.wasm']);
    const js = await readdir(join(installed, 'js'));
    assert.ok(js.includes('index.d.ts') && js.includes('index.workerd.js') && js.includes('index.node.js'));
    for (const types of ['index.node.d.ts', 'index.workerd.d.ts', 'index.default.d.ts', 'hono.d.ts', 'react-router.d.ts', 'remix.d.ts', 'remix.js']) {
      assert.ok(js.includes(types), types);
    }
    const top = await readdir(installed);
    assert.ok(top.includes('LICENSE'), 'the MIT license text package.json names');
    assert.ok(top.includes('THIRD_PARTY_NOTICES.md'), 'the notices of the code compiled into the .wasm (nlohmann/json, musl, Emscripten)');
    for (const absent of ['src', 'tests', 'worker-example', 'bench', 'CMakeLists.txt']) assert.ok(!top.includes(absent), absent);
  });

  it('imports by name in Node and runs a session round trip', async () => {
    const script = `
      import { createCookieSessionStorage } from 'edge-session';
      const storage = createCookieSessionStorage({ cookie: { secrets: ['s'] } });
      const session = await storage.getSession(null);
      session.flash('notice', 'hi');
      const cookie = (await storage.commitSession(session)).split(';')[0];
      console.log((await storage.getSession(cookie)).get('notice'));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env });
    assert.equal(stdout.trim(), 'hi');
  });

  it('needs neither hono, react-router nor @remix-run/* (optional peers): the main and Hono entries load without them', async () => {
    const script = `
      import { withSession } from 'edge-session';
      import { sessionMiddleware } from 'edge-session/hono';
      console.log(typeof withSession, typeof sessionMiddleware);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env });
    assert.equal(stdout.trim(), 'function function');
    const top = await readdir(join(dir, 'node_modules'));
    assert.ok(!top.includes('hono') && !top.includes('react-router') && !top.includes('@remix-run'), 'npm did not install the optional peers');
  });

  it('type-checks under TypeScript\'s classic resolution (`moduleResolution: "node"`, older Workers templates), the framework subpaths included; regression: they were "Cannot find module \'edge-session/hono\'"', async () => {
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ES2022', moduleResolution: 'node', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      files: ['typed.ts'],
    }));
    // Each @ts-expect-error holds only if its import resolved to the package's real types (an unresolved one is TS2307).
    await writeFile(join(dir, 'typed.ts'), `
      import { createCookieSessionStorage } from 'edge-session';
      import { sessionMiddleware } from 'edge-session/hono';
      import { sessionMiddleware as routerMiddleware } from 'edge-session/react-router';
      // @ts-expect-error a storage factory is no number
      export const a: number = createCookieSessionStorage;
      // @ts-expect-error a middleware factory is no number
      export const b: number = sessionMiddleware;
      // @ts-expect-error a middleware factory is no number (react-router, an optional peer, is not installed here)
      export const c: number = routerMiddleware;`);
    await run(tsc, ['-p', dir], { cwd: dir, env }).catch((error) => assert.fail(error.stdout || error.message));
  });

  it('bundles into a Worker with the workerd build and the .wasm as its own module', async () => {
    await writeFile(
      join(dir, 'worker.js'),
      `import { withSession, createCookieSessionStorage } from 'edge-session';
       export default { fetch: withSession((env) => createCookieSessionStorage({ cookie: { secrets: [env.S] } }),
         (request, { session }) => new Response(String(session.get('x')))) };`,
    );
    await writeFile(join(dir, 'wrangler.toml'), 'name = "consumer"\nmain = "worker.js"\ncompatibility_date = "2026-04-20"\n');
    const out = join(dir, 'out');
    await run(wrangler, ['deploy', '--dry-run', '--outdir', out], { cwd: dir, env });
    const files = await readdir(out);
    assert.ok(files.some((f) => f.endsWith('.wasm')), `a .wasm module in ${files}`);
    const bundle = await readFile(join(out, files.find((f) => f.endsWith('.js'))), 'utf8');
    assert.match(bundle, /index\.workerd\.js/);
    assert.doesNotMatch(bundle, /node:fs/);
  });
});
