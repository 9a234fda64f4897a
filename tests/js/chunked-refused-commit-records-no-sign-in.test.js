// README, Sessions beyond one cookie: "A refused `commitSession` writes nothing and leaves the session to be
// written"; revokeUserSessions resolves to how many sign-ins it ended, those recorded. A sign-in whose commitSession
// was refused (SEVERAL_COOKIES) reached no browser: it is not recorded, and a revocation ends none; once written
// (commitSessionHeaders), it is, once. Mutation pass (s49): commitHeaders recording the sign-in whatever became of
// the headers went unnoticed; the refused commit's sign-in was counted as ended.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const storageOf = () =>
  createCookieSessionStorage({ cookie: { secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t'] }, chunks: 3, userKey: 'userId', revocation: { kv: mapKV() } });

async function bigSignIn(storage) {
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  session.set('notes', 'n'.repeat(7000)); // three cookies
  return session;
}

it('a sign-in refused by commitSession (SEVERAL_COOKIES) is none a revocation ends', async () => {
  const storage = storageOf();
  await assert.rejects(storage.commitSession(await bigSignIn(storage)), { code: 'SEVERAL_COOKIES' });
  assert.equal(await storage.revokeUserSessions('ada'), 0);
});

it('the same sign-in written by commitSessionHeaders after the refusal is one (the control)', async () => {
  const storage = storageOf();
  const session = await bigSignIn(storage);
  await assert.rejects(storage.commitSession(session), { code: 'SEVERAL_COOKIES' });
  assert.equal((await storage.commitSessionHeaders(session)).length, 3);
  assert.equal(await storage.revokeUserSessions('ada'), 1);
});
