// Hostile values at the public API that left the instance or the cookie worse off than a typed error would. Each
// test is named after the defect it pins (audit of hostile values and the WebAssembly instance's health):
// - commit options that throw when read were taken for a failed instance: it was replaced, and every other
//   request's session in it failed its commit (CORE_RESET);
// - createSession took values nested 61-63 levels (set() takes 60), and a Remix v3 cookie storage's commit of them
//   read back as a fresh session, the user signed out without a word;
// - a function or a symbol given as a cookie attribute was dropped by JSON.stringify, and the cookie written
//   without it (`secure: config.isProd`, a method not called, wrote no Secure);
// - createSession({ k: NaN }) stored null (set() refuses it);
// - a createData returning a BigInt made a bare TypeError (its error's message was JSON.stringify of the ID).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createCookie,
  createCookieSessionStorage,
  createSession,
  createSessionStorage,
  CookieOptionError,
  SessionDataError,
  SessionStorageError,
} from 'edge-session';
import { loadCore } from '../../js/loader.js';

const secret = 's3cr3t';
const nest = (depth) => {
  let value = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('commit options that throw when read', () => {
  for (const [name, options] of [
    ['a getter that throws', { get maxAge() { throw new Error('boom'); } }],
    ['a Proxy whose traps throw', new Proxy({}, { ownKeys() { throw new Error('boom'); }, get() { throw new Error('boom'); } })],
    ['an expires whose getTime throws', { expires: Object.assign(new Date(), { getTime() { throw new Error('boom'); } }) }],
  ]) {
    it(`commitSession(session, ${name}) fails that commit only; regression: the instance was replaced, and another request's commit failed`, async () => {
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: [secret] } });
      const otherUser = await storage.getSession(''); // another request, in flight on the same isolate
      otherUser.set('user', 'alice');
      const before = await loadCore();

      const session = await storage.getSession('');
      session.set('a', 1);
      await assert.rejects(storage.commitSession(session, options));

      const retired = (await loadCore()) !== before;
      let otherCommit;
      try { otherCommit = await storage.commitSession(otherUser); } catch (error) { otherCommit = error; }
      assert.ok(!retired && typeof otherCommit === 'string', `instance retired: ${retired}; the other request's commit: ${otherCommit?.code ?? otherCommit}`);
      const back = await storage.getSession(otherCommit.split(';')[0]);
      assert.equal(back.get('user'), 'alice');
    });
  }
});

describe('createSession nesting limit', () => {
  it('refuses a value nested past 60 levels, as set() does; regression: it took up to 63', async () => {
    const viaSet = await createSession();
    assert.throws(() => viaSet.set('k', nest(61)), (error) => error instanceof SessionDataError && error.code === 'INVALID_VALUE');
    viaSet.dispose();
    await assert.rejects(createSession({ k: nest(61) }), (error) => error instanceof SessionDataError && error.code === 'INVALID_VALUE');
  });

  // The depth is of nesting (js/json-depth.js), outside strings: many values side by side nest no deeper than one,
  // and brackets inside a string nest nothing. Regression (mutation pass): counting every bracket opened, or those in
  // strings, refused such data, and no test noticed.
  it('takes data 60 levels deep whatever the values beside it, or the brackets in its strings', async () => {
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, nest(60)]));
    const bracketed = { note: '[{'.repeat(100), deep: nest(60) };
    // Objects side by side too: a closing brace ends a level as a bracket does. Mutation pass (s47): only `]`
    // counted as closing went unnoticed, arrays being all the data nested.
    const wideObjects = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, { a: { b: 1 } }]));
    for (const data of [wide, bracketed, wideObjects]) {
      const session = await createSession(data);
      assert.deepEqual(session.data, data);
      session.dispose();
    }
  });

  it('a Remix v3 cookie commit of createSession data reads back, or the commit throws; regression: it read back as a fresh session', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: [secret] }, format: 'remix-v3' });
    for (const depth of [62, 63]) {
      let header;
      try {
        const session = await createSession({ user: 'alice', k: nest(depth) });
        header = await storage.commitSession(session);
      } catch (error) {
        assert.ok(error instanceof SessionDataError, `depth ${depth}: a typed error is fine`);
        continue;
      }
      const back = await storage.getSession(header.split(';')[0]);
      // observed: size 0, user undefined: the user is signed out without a word
      assert.equal(back.get('user'), 'alice', `depth ${depth}: the committed cookie read back as a fresh session`);
    }
  });
});

describe('createSession of a value JSON writes as null', () => {
  for (const [name, value] of [['NaN', NaN], ['Infinity', -Infinity], ['an invalid Date', new Date(NaN)]]) {
    it(`refuses ${name}, as set() does; regression: it stored null, which has() then found`, async () => {
      const viaSet = await createSession();
      assert.throws(() => viaSet.set('k', value), (error) => error instanceof SessionDataError && error.code === 'INVALID_VALUE');
      viaSet.dispose();
      await assert.rejects(createSession({ k: value }), (error) => error instanceof SessionDataError && error.code === 'INVALID_VALUE' && error.message.includes('"k"'));
    });
  }
  it('a null-prototype object whose toJSON gives null is an INVALID_VALUE for set() and createSession; regression: a bare TypeError naming it in the message', async () => {
    const odd = Object.assign(Object.create(null), { toJSON: () => null });
    const session = await createSession();
    assert.throws(() => session.set('k', odd), (error) => error instanceof SessionDataError && error.code === 'INVALID_VALUE');
    session.dispose();
    await assert.rejects(createSession({ k: odd }), (error) => error instanceof SessionDataError && error.code === 'INVALID_VALUE');
  });
  it('takes null itself, a value nested NaN (null in JSON, as set() keeps it) and a flash', async () => {
    const session = await createSession({ a: null, b: [NaN], __flash_c__: 1 });
    assert.equal(session.has('a'), true);
    assert.deepEqual(session.get('b'), [null]);
    assert.equal(session.get('c'), 1);
    session.dispose();
  });
});

describe('cookie options of the wrong type', () => {
  for (const [name, options] of [
    ['secure: a function', { secure: () => true }],
    ['maxAge: a function', { maxAge: () => 60 }],
    ['domain: a Symbol', { domain: Symbol('example.com') }],
  ]) {
    it(`createCookie with ${name} is a CookieOptionError; regression: the cookie was written without it`, async () => {
      const cookie = createCookie('prefs', { secrets: [secret], ...options });
      await assert.rejects(cookie.serialize(1), (error) => error instanceof CookieOptionError);
    });
    it(`commitSession with ${name} is a CookieOptionError; regression: the cookie's own attribute was written`, async () => {
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: [secret] } });
      const session = await storage.getSession('');
      session.set('a', 1);
      await assert.rejects(storage.commitSession(session, options), (error) => error instanceof CookieOptionError);
    });
  }

  // maxAge's message shows the value it got: for a function or a Symbol, what it is, not "{}" (mutation pass, s42:
  // sending them as the empty object every other attribute gets passed every test).
  for (const [what, maxAge] of [['function', () => 60], ['symbol', Symbol('60')]]) {
    it(`maxAge: a ${what} is named in the refusal`, async () => {
      await assert.rejects(createCookie('prefs', { maxAge }).serialize(1), { code: 'INVALID_MAX_AGE', message: new RegExp(`got "\\(a ${what}\\)"`) });
    });
  }
});

describe('createSessionStorage createData returning an odd ID', () => {
  it('a BigInt ID is a SessionStorageError INVALID_SESSION_ID; regression: a bare TypeError', async () => {
    const storage = createSessionStorage({
      cookie: { name: '__session', secrets: [secret] },
      createData: async () => 1n,
      readData: async () => null,
      updateData: async () => {},
      deleteData: async () => {},
    });
    const session = await storage.getSession('');
    session.set('a', 1);
    await assert.rejects(storage.commitSession(session), (error) => error instanceof SessionStorageError && error.code === 'INVALID_SESSION_ID');
  });
});

describe('cookie options that throw when the core first reads them', () => {
  it('createCookie with an expires whose getTime throws fails its own use only; regression: the instance was replaced', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: [secret] } });
    const otherUser = await storage.getSession('');
    otherUser.set('user', 'alice');
    const before = await loadCore();
    const cookie = createCookie('prefs', { secrets: [secret], expires: Object.assign(new Date(Date.now() + 60_000), { getTime() { throw new Error('boom'); } }) });
    await assert.rejects(cookie.serialize(1), /boom/);
    assert.equal(await loadCore(), before, 'the instance was kept');
    const back = await storage.getSession((await storage.commitSession(otherUser)).split(';')[0]);
    assert.equal(back.get('user'), 'alice');
  });
});
