// README (Flash helpers): keepForm's default maxBytes is KEPT_FORM_MAX_BYTES, "2048 by default, 1536 for a session
// from Remix v3's `read()` with `encrypt`", whose sealed text Remix's Cookie base64-encodes once more. Without
// encrypt, Remix v3's read/save carries the payload as it is: a kept field of about 1900 bytes, past 1536 and within
// 2048, comes back through Remix's real Cookie, its cookie within the browser's 4096 bytes.
// Mutation pass (s51): read() marking every session it makes as encoded twice (sealed or not) went unnoticed; the
// field was left out, as under encrypt.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie as createRemixCookie } from '@remix-run/cookie';
import { createCookieSessionStorage, getKeptForm, keepForm } from 'edge-session';

const remixCookie = createRemixCookie('__session', { secrets: ['remix-secret'], httpOnly: true, secure: true, sameSite: 'Lax' });
const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t'] } });
const text = 'a'.repeat(1900);

for (const [name, cookieValue] of [
  ['a first visit (read(null))', async () => null],
  ['a returning visitor (a saved payload)', async () => {
    const session = await storage.read(null);
    session.set('visits', 1);
    return storage.save(session);
  }],
]) {
  it(`${name}: a field of 1900 bytes is kept and comes back`, async () => {
    const session = await storage.read(await cookieValue());
    keepForm(session, new URLSearchParams({ title: '', text }), { title: 'Please give a title.' });
    const setCookie = await remixCookie.serialize(await storage.save(session));
    const pair = setCookie.split(';')[0];
    assert.ok(pair.length <= 4096, `the cookie is ${pair.length} bytes`);
    const next = await storage.read(await remixCookie.parse(pair));
    assert.deepEqual(getKeptForm(next), { fields: { title: '', text }, errors: { title: 'Please give a title.' } });
  });
}
