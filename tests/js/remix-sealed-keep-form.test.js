// keepForm under Remix v3's read/save with `encrypt`, through Remix's real Cookie: what our storage seals, Remix's
// Cookie base64-encodes again and percent-encodes. Regressions (review): save sealed the payload as a JSON string
// of it, so every `"` and `\` was escaped once more, and keepForm gave these sessions its whole budget, which the
// second base64 (4/3 again) cannot carry: fields within the budget made save throw COOKIE_TOO_LARGE (a 500).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie as createRemixCookie } from '@remix-run/cookie';
import { createCookieSessionStorage as createRemixCookieStorage } from '@remix-run/session/cookie-storage';
import { createCookie, createCookieSessionStorage, flashError, getKeptForm, keepForm } from 'edge-session';

const secrets = ['s3cr3t'];
const remixCookie = createRemixCookie('__session', { secrets: ['remix-secret'], httpOnly: true, secure: true, sameSite: 'Lax', maxAge: 604_800 });

/** A redirect back to the form after keepForm, and the next request's read: the Set-Cookie and what it kept. */
async function keepAndRead(options, form, setUp = () => {}) {
  const storage = createCookieSessionStorage({ cookie: { secrets }, encrypt: true, ...options });
  const session = await storage.read(null);
  setUp(session);
  keepForm(session, form, { title: 'Please give a title.' });
  flashError(session, 'The post was not saved.'); // README's idiom
  const setCookie = await remixCookie.serialize(await storage.save(session));
  const pair = setCookie.split(';')[0];
  const next = await storage.read(await remixCookie.parse(pair));
  return { pair, kept: getKeptForm(next).fields };
}

// Dense in what each encoding grows: quotes and backslashes (escaped in JSON), halfwidth katakana (3 UTF-8 bytes,
// base64 full of + and /), astral emoji, control characters. The largest cookie here is ~3240 bytes.
const HOSTILE = ['"', '\\', '\uff7f', '\u{1f600}', '\u0001', '\u2028', 'a'];

describe('keepForm within its default budget, Remix v3 read/save with encrypt', () => {
  for (const [name, options, setUp] of [
    ['no times', {}, undefined],
    ['idleTimeout and absoluteTimeout', { idleTimeout: 600, absoluteTimeout: 86_400 }, undefined],
    ['a signed-in user (userKey)', { userKey: 'user', idleTimeout: 600 }, (session) => session.set('user', 'ada@example.com')],
  ]) {
    it(`${name}: the cookie fits, whatever the fields hold, and the fields that fit the budget come back`, async () => {
      for (const char of HOSTILE) {
        for (const length of [300, 700, 1000, 1500, 2000]) {
          const form = new URLSearchParams({ title: '', text: char.repeat(length) });
          const { pair, kept } = await keepAndRead(options, form, setUp);
          assert.ok(pair.length <= 4096, `${JSON.stringify(char)} x ${length}: ${pair.length} bytes`);
          assert.equal(kept.title, '');
        }
      }
      // Plain text up to the budget is kept whole.
      const { kept } = await keepAndRead(options, new URLSearchParams({ title: '', text: 'a'.repeat(1500) }), setUp);
      assert.equal(kept.text.length, 1500);
    });
  }

  it('many small fields: the budget holds them, the cookie fits', async () => {
    const form = new URLSearchParams();
    for (let i = 0; i < 300; i++) form.append(`f${i}`, '"\\');
    const { pair, kept } = await keepAndRead({ idleTimeout: 600 }, form);
    assert.ok(pair.length <= 4096, `${pair.length} bytes`);
    assert.ok(Object.keys(kept).length > 50);
  });

  it('an explicit maxBytes is the caller\'s: not scaled', async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets }, encrypt: true });
    const session = await storage.read(null);
    keepForm(session, new URLSearchParams({ text: 'a'.repeat(1800) }), {}, { maxBytes: 2048 });
    assert.ok(JSON.stringify(session.data).includes('a'.repeat(1800)), 'kept: within the 2048 given');
    const byDefault = await storage.read(null);
    keepForm(byDefault, new URLSearchParams({ text: 'a'.repeat(1800) }));
    assert.ok(!JSON.stringify(byDefault.data).includes('a'.repeat(1800)), 'left out: past the default 1536 here');
  });
});

describe('a sealed payload written before 2026-12-03 (a JSON string of the payload) still reads', () => {
  it('its values and flash come back, and its next save seals the payload text itself', async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets }, encrypt: true });
    const sealer = createCookie('__session', { secrets, encrypt: true });
    const payload = JSON.stringify({ i: 'old-id', d: [{ user: 'ada', note: 'say "hi"' }, { notice: 'Saved!' }] });
    const old = (await sealer.serialize(payload)).split(';')[0].slice('__session='.length);
    const session = await storage.read(old);
    assert.equal(session.id, 'old-id');
    assert.equal(session.get('note'), 'say "hi"');
    assert.equal(session.get('notice'), 'Saved!');
    session.set('visits', 1);
    const value = await storage.save(session);
    const opened = await sealer.parse(`__session=${value}`);
    assert.equal(typeof opened, 'object', 'sealed as the payload itself, not a string of it');
    assert.equal(opened.i, 'old-id');
    assert.equal((await storage.read(value)).get('note'), 'say "hi"');
  });
});

// Regression (review): sealed as its own JSON text, the payload's wrapper ({"i":..,"d":[{..},{}]}) counts toward the
// core's 64 levels, so a value of 62 (Remix's own storage writes them) could no longer be saved, on every request.
describe('a payload nested past the core\'s limit with its wrapper', () => {
  it('is sealed as a JSON string of itself, as before, and reads back', async () => {
    let deep = 'x';
    for (let i = 0; i < 62; i++) deep = [deep]; // past what set() takes (60), within what a read takes
    const theirs = createRemixCookieStorage();
    const written = await theirs.read(null);
    written.set('deep', deep);
    const storage = createCookieSessionStorage({ cookie: { secrets }, encrypt: 'migrate' });
    const session = await storage.read(await theirs.save(written)); // unsealed: sealed by this save
    assert.deepEqual(session.get('deep'), deep);
    const value = await storage.save(session);
    assert.deepEqual((await storage.read(value)).get('deep'), deep);
  });
});

