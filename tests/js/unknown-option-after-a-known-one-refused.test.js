// README (withSession): "Any other option name is a `TypeError` (a typo such as `crsf` would leave the protection
// off), here, in the middlewares, and in `listUserSessions`/`revokeUserSessions`' options"; keepForm and csrf too. A
// typo is refused wherever it stands among the options, not only first: written after a right name, it would
// otherwise leave its default in place silently. Mutation pass (s48): refuseUnknownKeys looking at the first name
// alone went unnoticed; every test gave the typo alone.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, keepForm, withSession } from 'edge-session';

const cookie = { name: '__session', secrets: ['unknown-option-after-a-known-one-000'] };

it('withSession: a misspelt csrf option after a right one', () => {
  const storage = createMemorySessionStorage({ cookie });
  const handler = () => new Response('ok');
  assert.throws(() => withSession(storage, handler, { csrf: { trustedOrigins: ['https://partner.example'], maxBodyByte: 1024 } }), /unknown option "maxBodyByte"/);
  assert.throws(() => withSession(storage, handler, { csrf: true, crsf: true }), /unknown option "crsf"/);
});

it('keepForm: a misspelt option after a right one (every other field kept)', async () => {
  const session = await createMemorySessionStorage({ cookie }).getSession(null);
  const form = new URLSearchParams('title=Hi&password=hunter2');
  assert.throws(() => keepForm(session, form, {}, { omit: ['password'], onlyy: ['title'] }), /unknown option "onlyy"/);
});

it('revokeUserSessions and listUserSessions: a misspelt option after a right one (the kept session revoked)', async () => {
  const storage = createMemorySessionStorage({ cookie, userKey: 'userId' });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  await storage.commitSession(session);
  await assert.rejects(storage.revokeUserSessions('ada', { except: undefined, exept: session }), /unknown option "exept"/);
  await assert.rejects(storage.listUserSessions('ada', { current: undefined, curent: session }), /unknown option "curent"/);
  assert.equal((await storage.listUserSessions('ada')).length, 1, 'nothing revoked');
});
