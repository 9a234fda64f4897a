// The cookie storage's Remix v3 save() writes Remix's payload, {"i":id,"d":[values,flash]}, which @remix-run/session's
// own cookie storage reads (README): with an ID, as Remix's Session always has one. A session without one
// (createSession's, or getSession's fresh one: React Router's '') gets a new random ID there. Mutation pass (s42):
// writing its '' passed every test (our read() makes one up for an empty "i"), and Remix's storage then read a
// session whose id is ''.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage as remixCookieStorage } from '@remix-run/session/cookie-storage';
import { createCookieSessionStorage, createSession } from 'edge-session';

const ID_SHAPE = /^[A-Za-z0-9_-]{16,}$/;

for (const [name, sessionWithoutId] of [
  ['createSession()', () => createSession()],
  ["getSession's fresh session", (storage) => storage.getSession(null)],
]) {
  it(`save() of ${name} writes a payload with a new ID, read with it by Remix's own storage and by ours`, async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] } });
    const session = await sessionWithoutId(storage);
    assert.equal(session.id, '');
    session.set('theme', 'dark');
    const value = await storage.save(session);
    const { i } = JSON.parse(value);
    assert.match(i, ID_SHAPE);
    const remixSession = await remixCookieStorage().read(value);
    assert.equal(remixSession.id, i);
    assert.equal(remixSession.get('theme'), 'dark');
    const ours = await storage.read(value);
    assert.equal(ours.id, i);
    assert.equal(ours.get('theme'), 'dark');
  });
}
