// The leak test: 100,000 Post/Redirect/Get cycles through the cookie storage,
// then no WASM session is alive and WASM memory stopped growing after
// warm-up. Sizes are compared, never times.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createCookieSessionStorage, createSession } from 'edge-session';
import { MAX_LIVE_SESSIONS } from '../../js/core-calls.js';
import { loadCore } from '../../js/loader.js';
import { cookiePair } from './support.js';

const CYCLES = 100_000;
const WARM_UP = 10_000;

/** The instance's linear memory (the export is minified, so found by type). */
function wasmMemory(core) {
  const { module } = core;
  const memory = Object.values(module.asm ?? {}).find((value) => value instanceof WebAssembly.Memory);
  return memory ?? { get buffer() { return module.HEAPU8.buffer; } };
}

describe('WASM memory over many requests', () => {
  let core;
  let memory;

  before(async () => {
    (await createSession()).dispose(); // first use through the package entry instantiates the core
    core = await loadCore();
    memory = wasmMemory(core);
  });

  it('uses the same core instance as the package (one loader module)', async () => {
    const entry = import.meta.resolve('edge-session');
    const loader = import.meta.resolve('../../js/loader.js');
    assert.equal(new URL('./loader.js', entry).href, loader);
    const live = core.liveSessionCount();
    const session = await createSession({ a: 1 });
    assert.equal(core.liveSessionCount(), live + 1, 'a package session is counted by this core');
    session.dispose();
    assert.equal(core.liveSessionCount(), live);
  });

  it(`${CYCLES.toLocaleString('en')} Post/Redirect/Get cycles with commits leak nothing`, async (t) => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'], httpOnly: true } });
    const user = { id: 42, name: 'Zoë Müller', roles: ['admin', 'éditeur'], prefs: { theme: 'dark', lang: 'fr' } };
    let header = null;
    let afterWarmUp;
    const started = performance.now();

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      // POST: update the session, flash a notice, redirect with Set-Cookie.
      const post = await storage.getSession(header);
      post.set('user', user);
      post.set('counter', (post.get('counter') ?? 0) + 1);
      post.flash('notice', `saved #${cycle}`);
      const redirect = cookiePair(await storage.commitSession(post));

      // GET: show the flash once, commit to clear it.
      const get = await storage.getSession(redirect);
      if (get.get('notice') !== `saved #${cycle}`) assert.fail(`cycle ${cycle}: flash ${get.get('notice')}`);
      header = cookiePair(await storage.commitSession(get));

      if (cycle === WARM_UP) afterWarmUp = memory.buffer.byteLength;
    }

    const seconds = (performance.now() - started) / 1000;
    const afterAll = memory.buffer.byteLength;
    t.diagnostic(`${CYCLES} cycles in ${seconds.toFixed(1)} s; WASM memory ${afterWarmUp} bytes after ${WARM_UP}, ${afterAll} after ${CYCLES}`);

    const last = await storage.getSession(header);
    assert.equal(last.get('counter'), CYCLES);
    assert.equal(last.get('notice'), undefined);
    last.dispose();

    assert.equal(afterAll, afterWarmUp, 'WASM memory grew after warm-up');
    assert.equal(core.liveSessionCount(), 0);
  });

  it(`${CYCLES.toLocaleString('en')} cycles that never commit but dispose() leak nothing`, async (t) => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    const seed = await storage.getSession(null);
    seed.set('user', { id: 42 });
    seed.flash('notice', 'hello');
    const withFlash = cookiePair(await storage.commitSession(seed));
    seed.dispose();
    let afterWarmUp;

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const post = await storage.getSession(withFlash);
      post.set('counter', cycle);
      post.flash('notice', 'again');
      post.dispose();

      const get = await storage.getSession(withFlash);
      if (get.get('notice') !== 'hello') assert.fail(`cycle ${cycle}: flash ${get.get('notice')}`);
      get.dispose();

      if (cycle === WARM_UP) afterWarmUp = memory.buffer.byteLength;
    }

    const afterAll = memory.buffer.byteLength;
    t.diagnostic(`WASM memory ${afterWarmUp} bytes after ${WARM_UP}, ${afterAll} after ${CYCLES}`);
    assert.equal(afterAll, afterWarmUp, 'WASM memory grew after warm-up');
    assert.equal(core.liveSessionCount(), 0);
  });

  // Before parking, a FinalizationRegistry freed such a session once collected: after a full GC, which a small JS
  // heap rarely needs (tests/js/unfreed-sessions-memory.test.js has the audit's figures).
  it(`frees sessions that are never committed nor disposed without any GC: at most ${MAX_LIVE_SESSIONS} hold memory (parking)`, async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    const kept = await storage.getSession(null);
    for (let i = 0; i < 100; i++) (await storage.getSession(null)).set('n', i);
    assert.ok(core.liveSessionCount() <= MAX_LIVE_SESSIONS, `${core.liveSessionCount()} sessions hold memory`);
    kept.set('a', 1);
    assert.equal(kept.get('a'), 1, 'the first, parked, still works');
    assert.ok(core.liveSessionCount() <= MAX_LIVE_SESSIONS);
  });

  it('frees the cookies of storages made per request once collected; regression: a factory given a new env per request (@hono/node-server) grew WASM memory ~380 bytes a request, for good', async () => {
    const source = `
      import { Hono } from 'hono';
      import { createCookieSessionStorage } from 'edge-session';
      import { sessionMiddleware } from 'edge-session/hono';
      import { loadCore } from './js/loader.js';
      const app = new Hono();
      app.use(sessionMiddleware(() => createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } })));
      app.get('/', (c) => (c.var.session.set('v', 1), c.text('ok')));
      const core = await loadCore();
      const requests = async (count) => {
        for (let i = 0; i < count; i++) {
          await app.request('/', {}, { incoming: {}, outgoing: {} }); // a new env each time, as @hono/node-server's
          if (i % 1000 === 999) { globalThis.gc(); await new Promise((resolve) => setTimeout(resolve, 1)); }
        }
      };
      await requests(2000);
      const before = core.module.HEAPU8.length;
      await requests(30000);
      console.log(JSON.stringify({ before, after: core.module.HEAPU8.length }));
    `;
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '--eval', source], { cwd: root });
    const { before, after } = JSON.parse(stdout);
    assert.ok(after - before < 2 ** 20, `WASM memory grew from ${before} to ${after} bytes over 30,000 requests (~11 MB when leaking)`);
  });

  it('lets a core replaced after a trap go while a storage made before it lives on; regression (review): the cookies\' safety net held every replaced WebAssembly instance', async () => {
    const source = `
      import { createCookieSessionStorage } from 'edge-session';
      import { forgetCoreAfterTrap, loadCore } from './js/loader.js';
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
      const replaced = [];
      for (let i = 0; i < 10; i++) {
        const session = await storage.getSession(null); // makes the storage's cookie in this core
        session.set('n', i);
        await storage.commitSession(session);
        replaced.push(new WeakRef((await loadCore()).module));
        forgetCoreAfterTrap(new WebAssembly.RuntimeError('unreachable')); // the next call gets a new core
      }
      await storage.getSession(null);
      for (let round = 0; round < 10; round++) {
        globalThis.gc();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      console.log(JSON.stringify({ alive: replaced.filter((ref) => ref.deref() !== undefined).length, storageWorks: (await storage.getSession(null)).id === '' }));
    `;
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '--eval', source], { cwd: root });
    const { alive, storageWorks } = JSON.parse(stdout);
    assert.ok(alive <= 1, `${alive} of 10 replaced WebAssembly instances still alive`);
    assert.equal(storageWorks, true);
  });

  it('keeps working across WASM memory growth (the JS views of memory are renewed)', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    const first = await storage.getSession(null);
    first.set('n', 1);
    const header = cookiePair(await storage.commitSession(first));
    const before = memory.buffer.byteLength;
    // Sessions holding values near the limit, of non-ASCII text (TextEncoder's
    // path), cannot all fit in the memory so far: it grows.
    const bigs = [];
    for (let i = 0; i < 24; i++) {
      const big = await createSession();
      big.set('big', 'é'.repeat(60_000));
      bigs.push(big);
    }
    assert.ok(memory.buffer.byteLength > before, 'memory grew');
    for (const big of bigs) {
      assert.equal(big.get('big').length, 60_000);
      big.dispose();
    }
    // Every path after growth: header in, values in and out, a commit out.
    const again = await storage.getSession(header);
    assert.equal(again.get('n'), 1);
    again.set('name', 'Zoë');
    const next = await storage.getSession(cookiePair(await storage.commitSession(again)));
    assert.deepEqual(next.data, { n: 1, name: 'Zoë' });
    next.dispose();
  });
});
