// A sealed value is base64url, which has no '%': one with a percent-escape is no value we wrote. Regression
// (review of the secret-handling code): it was percent-decoded before the strict base64url decoder, so one sealed
// value had many accepted cookie strings ("A" as "%41", or every character escaped).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage } from 'edge-session';

const valueOf = (setCookie, name) => setCookie.slice(name.length + 1, setCookie.indexOf(';'));
const escapeAll = (v) => [...v].map((c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')).join('');

it('createCookie(encrypt): a sealed value with every character percent-escaped (3x longer) reads as the original', async () => {
  const c = createCookie('prefs', { secrets: ['s3cr3t'], encrypt: true });
  const v = valueOf(await c.serialize({ admin: false }), 'prefs');
  assert.deepEqual(await c.parse(`prefs=${v}`), { admin: false });
  const extended = escapeAll(v);
  assert.notEqual(extended, v);
  assert.equal(await c.parse(`prefs=${extended}`), null);
});

it('sealed storage: a percent-escaped copy of the session cookie opens the same session', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, encrypt: true });
  const s = await storage.getSession();
  s.set('userId', 'mj');
  const v = valueOf(await storage.commitSession(s), '__session');
  const variant = v.replace(/[A-Za-z]/, (ch) => '%' + ch.charCodeAt(0).toString(16));
  assert.notEqual(variant, v);
  const read = await storage.getSession(`__session=${variant}`);
  assert.equal(read.get('userId'), undefined, 'a non-canonical sealed value should read as a fresh session');
});
