// Found by a black-box pass over the public surface: mistakes a user makes with the helpers and options get an
// error that names the mistake, at the call. Before, a helper handed no session failed on a bare property read
// ("Cannot read properties of undefined"), a string option was shown unquoted ("got 1800", as if 1800 were
// refused), a cookie name given as the cookie option was "Unknown cookie option "0"", createSessionStorage()
// failed destructuring, and the flash shortcuts stored a number or null as a message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import {
  CookieOptionError,
  createCookie,
  createCookieSessionStorage,
  createSessionStorage,
  csrfToken,
  flashError,
  flashInfo,
  flashMessage,
  flashSuccess,
  flashWarning,
  getFlash,
  getFlashMessages,
  getKeptForm,
  keepForm,
} from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

const SECRET = 'argument-errors-test-secret-0123456789';
const storage = () => createCookieSessionStorage({ cookie: { secrets: [SECRET] } });
const namesTheSession = (caller) => (error) =>
  error instanceof TypeError && error.message.startsWith(caller) && /expected the request's session/.test(error.message) && /got undefined/.test(error.message);

describe('a helper handed something that is no session', () => {
  const calls = {
    'csrfToken(session)': () => csrfToken(undefined),
    'flashSuccess(session, message)': () => flashSuccess(undefined, 'Saved.'),
    'flashError(session, message)': () => flashError(undefined, 'No.'),
    'flashWarning(session, message)': () => flashWarning(undefined, 'Careful.'),
    'flashInfo(session, message)': () => flashInfo(undefined, 'FYI.'),
    'flashMessage(session, severity, message)': () => flashMessage(undefined, 'success', 'Saved.'),
    'getFlash(session, key)': () => getFlash(undefined, 'success'),
    'getFlashMessages(session)': () => getFlashMessages(undefined),
    'keepForm(session, form)': () => keepForm(undefined, { title: 'x' }),
    'getKeptForm(session)': () => getKeptForm(undefined),
  };
  for (const [caller, call] of Object.entries(calls)) {
    it(`${caller}: a TypeError that names the helper and the session`, () => assert.throws(call, namesTheSession(caller)));
  }

  it('a Hono route registered before app.use(sessionMiddleware): the 500 says why', async () => {
    const app = new Hono();
    let error;
    app.get('/', (c) => {
      try {
        return c.text(csrfToken(c.var.session));
      } catch (thrown) {
        error = thrown;
        throw thrown;
      }
    });
    app.use(sessionMiddleware(storage()));
    assert.equal((await app.request('/')).status, 500);
    assert.ok(namesTheSession('csrfToken(session)')(error), error?.message);
  });
});

describe('the flash shortcuts take a string message', () => {
  for (const message of [123, null, undefined, { text: 'x' }]) {
    it(`refuse ${message === null ? 'null' : typeof message}, and flash nothing`, async () => {
      const session = await storage().getSession(null);
      assert.throws(() => flashSuccess(session, message), /flashSuccess\(session, message\): message must be a string/);
      assert.throws(() => flashMessage(session, 'info', message), /flashMessage\(session, severity, message\): message must be a string/);
      assert.equal(session.dirty, false);
    });
  }
});

describe('an option of the wrong type is shown as it was given', () => {
  const quoted = (value) => (error) => error instanceof CookieOptionError && error.message.endsWith(`got "${value}"`);
  for (const name of ['idleTimeout', 'absoluteTimeout', 'touchInterval']) {
    it(`${name}: '1800' (a Worker's [vars] value is a string) is quoted`, () => {
      const options = name === 'touchInterval' ? { idleTimeout: 3600, touchInterval: '1800' } : { [name]: '1800' };
      assert.throws(() => createCookieSessionStorage({ cookie: { secrets: [SECRET] }, ...options }), quoted('1800'));
    });
  }
  it("chunks: '2' is quoted", () => {
    assert.throws(() => createCookieSessionStorage({ cookie: { secrets: [SECRET] }, chunks: '2' }), quoted('2'));
  });
  it("encrypt: 'yes' is quoted", () => {
    assert.throws(() => createCookie('c', { secrets: [SECRET], encrypt: 'yes' }), quoted('yes'));
  });
  it("keepForm's maxBytes: '10' is quoted", async () => {
    const session = await storage().getSession(null);
    assert.throws(() => keepForm(session, { title: 'x' }, {}, { maxBytes: '10' }), /maxBytes must be a whole number of bytes, got "10"$/);
  });
  it('a number is shown as it is', () => {
    assert.throws(() => createCookieSessionStorage({ cookie: { secrets: [SECRET] }, idleTimeout: 1.5 }), /got 1\.5$/);
  });
});

describe('storage options given in the wrong shape', () => {
  it("the cookie's name as the cookie option: says what the option takes", () => {
    for (const cookie of ['__session', 42, ['__session']]) {
      assert.throws(
        () => createCookieSessionStorage({ cookie }),
        (error) => error instanceof CookieOptionError && error.code === 'INVALID_OPTIONS' && /cookie must be the cookie's options \(\{ name, secrets/.test(error.message),
      );
    }
  });
  it('createSessionStorage() with no options names the first missing callback', () => {
    assert.throws(() => createSessionStorage(), /^TypeError: createSessionStorage: createData must be a function$/);
  });
});
