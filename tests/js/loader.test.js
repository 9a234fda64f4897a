// Guards that keep Workers working: the glue evaluates no code from strings,
// importing the package does no WASM work, the core is loaded once and
// reloaded after a trap, and every core error code has its JS error.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CookieOptionError,
  CookieTooLargeError,
  createCookieSessionStorage,
  createSession,
  createSessionStorage,
  EdgeSessionError,
  SessionDataError,
  SessionDestroyedError,
  SessionStorageError,
  withSession,
} from 'edge-session';
import { errorFromCode } from '../../js/errors.js';
import { coreGeneration, forgetCoreAfterTrap, loadCore } from '../../js/loader.js';
import { signedCookieHeader } from './support.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs an ES module source in a fresh node inside the package, so `edge-session` self-resolves. */
async function runModule(source) {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '--eval', source], { cwd: root });
  return JSON.parse(stdout);
}

// Counts WebAssembly compile/instantiate calls made from now on.
const countWasmWork = `
  const calls = [];
  for (const name of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) { calls.push(name); return original.apply(this, args); };
  }
  const OriginalModule = WebAssembly.Module;
  WebAssembly.Module = function (...args) { calls.push('new Module'); return new OriginalModule(...args); };
`;

describe('The generated glue', () => {
  it('contains no new Function( and no eval( (Workers forbid both)', async () => {
    const glue = await readFile(new URL('../../dist/edge_session.mjs', import.meta.url), 'utf8');
    assert.ok(glue.length > 0);
    assert.equal(glue.includes('new Function('), false);
    assert.equal(/\beval\(/.test(glue), false);
  });
});

describe('Loading the core', () => {
  it('importing the package does no WASM work; the first call does', async () => {
    const result = await runModule(`
      ${countWasmWork}
      const { createSession } = await import('edge-session');
      const atImport = [...calls];
      (await createSession({ a: 1 })).dispose();
      console.log(JSON.stringify({ atImport, afterCall: calls }));
    `);
    assert.deepEqual(result.atImport, []);
    assert.ok(result.afterCall.length > 0, 'the first call instantiates the module');
  });

  it('importing js/loader.js alone does no WASM work', async () => {
    const result = await runModule(`
      ${countWasmWork}
      await import('./js/loader.js');
      console.log(JSON.stringify({ calls }));
    `);
    assert.deepEqual(result.calls, []);
  });

  it('instantiates once: concurrent and later calls share one instance', async () => {
    const result = await runModule(`
      ${countWasmWork}
      const { createSession } = await import('edge-session');
      const sessions = await Promise.all(Array.from({ length: 5 }, () => createSession()));
      await createSession();
      console.log(JSON.stringify({ instantiations: calls.filter((c) => c === 'instantiate').length }));
    `);
    assert.equal(result.instantiations, 1);
  });

  it('loadCore without a module source rejects clearly, and is not memoised as failed', async () => {
    const result = await runModule(`
      const { loadCore, provideWasmModule } = await import('./js/loader.js');
      const { readFile } = await import('node:fs/promises');
      let message;
      try { await loadCore(); } catch (error) { message = error.message; }
      provideWasmModule(async () => WebAssembly.compile(await readFile('./dist/edge_session.wasm')));
      const core = await loadCore();
      console.log(JSON.stringify({ message, loaded: typeof core.liveSessionCount === 'function' }));
    `);
    assert.match(result.message, /no WebAssembly module source/);
    assert.equal(result.loaded, true);
  });

  it('loadCore returns the instance the package uses', async () => {
    (await createSession()).dispose();
    const core = await loadCore();
    assert.equal(await loadCore(), core);
    const before = core.liveSessionCount();
    const session = await createSession();
    assert.equal(core.liveSessionCount(), before + 1);
    session.dispose();
  });

  it('drops the instance after a WASM trap, so the next call gets a fresh one', async () => {
    const core = await loadCore();
    const ours = new SessionDataError('INVALID_KEY', 'a typed error of ours');
    assert.equal(forgetCoreAfterTrap(ours), ours);
    assert.equal(await loadCore(), core, 'our typed errors keep the instance');

    const trap = new WebAssembly.RuntimeError('unreachable');
    assert.equal(forgetCoreAfterTrap(trap), trap);
    const fresh = await loadCore();
    assert.notEqual(fresh, core);
    const session = await createSession({ a: 1 });
    assert.equal(session.get('a'), 1);
    session.dispose();
  });

  // Issue 10.2: a JS RangeError thrown through WASM frames (the stack ran
  // out inside a core call) is no WebAssembly.RuntimeError, so the instance
  // was kept with its stack pointer lost; after ~100 such requests any
  // request trapped. Any error escaping a core call now replaces it.
  it('a RangeError escaping a core call leaked the shadow stack: the instance is replaced, later requests work', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    let escaped = 0;
    for (let round = 0; round < 200; round++) {
      const session = await storage.getSession(null);
      const generation = coreGeneration();
      // Recurse until the JS stack is gone, then call into the core at every
      // depth on the way back: at one of them the stack runs out inside the
      // WASM frames of the call (deeper, in JS before it: no harm).
      const attempt = () => {
        try {
          session.set('k', 'v'.repeat(500));
        } catch {}
      };
      const dive = () => {
        try {
          dive();
        } catch {}
        attempt();
      };
      dive();
      if (coreGeneration() !== generation) {
        escaped += 1;
        assert.throws(() => session.get('k'), (error) => error.code === 'CORE_RESET');
      }
      session.dispose();
      // The next request of any user works, in whatever instance serves it.
      const next = await storage.getSession(null);
      next.set('n', round);
      assert.match(await storage.commitSession(next), /^__session=/);
      next.dispose();
    }
    assert.ok(escaped > 0, 'the test must make a RangeError escape a core call at least once');
  });

  it('a request whose core call overflowed the stack keeps its own answer; regression: CORE_RESET from the end of the request replaced it', async (t) => {
    t.mock.method(console, 'error', () => {});
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    /** Calls into the core at every depth back from the stack's end until one call fails inside it. */
    const overflowInCore = (session) => {
      const generation = coreGeneration();
      let rangeError;
      for (let round = 0; round < 200 && coreGeneration() === generation; round++) {
        const dive = () => {
          try {
            dive();
          } catch {}
          try {
            session.set('k', 'v'.repeat(500));
          } catch (error) {
            if (error instanceof RangeError) rangeError ??= error;
          }
        };
        dive();
      }
      return rangeError;
    };
    let replaced = false;
    const answering = withSession(storage, (request, { session }) => {
      const generation = coreGeneration();
      overflowInCore(session);
      replaced = coreGeneration() !== generation;
      return new Response('answered');
    });
    for (let tries = 0; tries < 20 && !replaced; tries++) {
      const response = await answering(new Request('https://example.com/'));
      assert.ok(response instanceof Response);
    }
    assert.ok(replaced, 'the test must make a core call overflow at least once');
    let thrown;
    const throwing = withSession(storage, (request, { session }) => {
      thrown = overflowInCore(session) ?? new RangeError('Maximum call stack size exceeded');
      throw thrown;
    });
    await assert.rejects(throwing(new Request('https://example.com/')), (error) => error === thrown);
  });

  it('makes a storage created before a trap use the fresh instance afterwards', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    const before = await storage.getSession(null);
    before.set('n', 1);
    const header = (await storage.commitSession(before)).split(';')[0];
    const oldCore = await loadCore();

    forgetCoreAfterTrap(new WebAssembly.RuntimeError('unreachable'));
    const fresh = await loadCore();
    assert.notEqual(fresh, oldCore);
    // The storage's cached cookie handle belonged to the dropped instance: it must be rebuilt in the
    // fresh one, or these calls would run on the trapped module.
    const liveBefore = fresh.liveSessionCount();
    const after = await storage.getSession(header);
    assert.equal(fresh.liveSessionCount(), liveBefore + 1, 'the session lives in the fresh instance');
    assert.equal(after.get('n'), 1);
    after.set('n', 2);
    assert.match(await storage.commitSession(after), /^__session=/);
    assert.equal(fresh.liveSessionCount(), liveBefore);
  });
});

describe('The error table (js/errors.js)', () => {
  // Every ErrorCode of src/error.h, read from the header so a new code fails
  // this test until it is mapped.
  async function coreErrorCodes() {
    const header = await readFile(new URL('../../src/error.h', import.meta.url), 'utf8');
    const body = header.slice(header.indexOf('enum class ErrorCode'), header.indexOf('};'));
    return [...body.matchAll(/\bk(\w+)\s*=\s*(\d+)/g)]
      .map(([, name, value]) => ({ name: name.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toUpperCase(), value: Number(value) }))
      .filter(({ value }) => value !== 0);
  }

  const expectedClass = {
    INVALID_COOKIE_NAME: CookieOptionError,
    INVALID_DOMAIN: CookieOptionError,
    INVALID_PATH: CookieOptionError,
    INVALID_EXPIRES: CookieOptionError,
    INVALID_MAX_AGE: CookieOptionError,
    INVALID_SAME_SITE: CookieOptionError,
    INVALID_PRIORITY: CookieOptionError,
    COOKIE_TOO_LARGE: CookieTooLargeError,
    INVALID_SECRET: CookieOptionError,
    SESSION_DESTROYED: SessionDestroyedError,
    INVALID_KEY: SessionDataError,
    INVALID_VALUE: SessionDataError,
    INVALID_OPTIONS: CookieOptionError,
    INVALID_SESSION_ID: SessionDataError,
    VALUE_TOO_LARGE: SessionDataError,
    INVALID_PREFIX: CookieOptionError,
  };

  it('reads the core\'s codes from src/error.h', async () => {
    const codes = await coreErrorCodes();
    assert.ok(codes.length >= 14);
    assert.deepEqual(codes.map(({ value }) => value), codes.map((_, i) => i + 1), 'codes are 1..n with no gaps');
  });

  it('maps every core code to its error class, stable code name and message', async () => {
    for (const { name, value } of await coreErrorCodes()) {
      const ErrorClass = expectedClass[name];
      assert.ok(ErrorClass, `core code ${value} (${name}) has no expected class in this test`);
      const error = errorFromCode(value, `message ${value}`);
      assert.ok(error instanceof ErrorClass, `${name} -> ${error.name}`);
      assert.ok(error instanceof EdgeSessionError);
      assert.ok(error instanceof Error);
      assert.equal(error.code, name);
      assert.equal(error.name, ErrorClass.name);
      assert.equal(error.message, `message ${value}`);
    }
  });

  it('maps an unknown code to a plain EdgeSessionError named INTERNAL', () => {
    const error = errorFromCode(999, 'boom');
    assert.equal(error.constructor, EdgeSessionError);
    assert.equal(error.code, 'INTERNAL');
    assert.equal(error.message, 'boom');
  });

  it('a SessionStorageError keeps the store\'s error as its cause', async () => {
    const failure = new Error('database down');
    const storage = createSessionStorage({
      cookie: { secrets: ['s'] },
      createData: async () => { throw failure; },
      readData: async () => { throw failure; },
      updateData: async () => {},
      deleteData: async () => {},
    });
    await assert.rejects(storage.getSession(signedCookieHeader('__session', '"abc"', 's')), (error) => {
      assert.ok(error instanceof SessionStorageError);
      assert.equal(error.code, 'STORAGE_FAILED');
      assert.match(error.message, /database down/);
      assert.equal(error.cause, failure);
      return true;
    });
  });

  it('every error class extends EdgeSessionError and is named after itself', () => {
    for (const ErrorClass of [CookieOptionError, CookieTooLargeError, SessionDestroyedError, SessionDataError, SessionStorageError]) {
      const error = new ErrorClass('CODE', 'text');
      assert.ok(error instanceof EdgeSessionError);
      assert.equal(error.name, ErrorClass.name);
      assert.equal(error.code, 'CODE');
      assert.ok(error.stack.includes('text'));
    }
  });
});
