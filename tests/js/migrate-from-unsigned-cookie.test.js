// A migrateFrom cookie without secrets (React Router lets an app run its session cookie unsigned, with a warning):
// any client can write one, and the migration reads it into the storage's own cookie, signed (or sealed) with
// secrets[0], after which nothing tells the forged session from a real one. The storage's own unsigned cookie is
// called out once ("clients can forge its sessions"); the old cookie it reads sessions from was not, so an app
// moving to signed cookies with migrateFrom kept accepting forged sessions, and laundered them, without a word.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { capturedWarnings } from '../helpers/captured-warnings.js';

const SECRET = 'V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc=';
const warned = capturedWarnings();

it('a forged unsigned old cookie becomes a signed session (what migrateFrom does with it)', async () => {
  const storage = createCookieSessionStorage({
    cookie: { name: '__session', secrets: [SECRET] },
    migrateFrom: { cookie: { name: 'unsigned-old-a' }, format: 'react-router' },
  });
  const forged = `unsigned-old-a=${encodeURIComponent(Buffer.from('{"userId":"admin"}').toString('base64'))}`;
  const fetch = withSession(storage, (request, { session }) => new Response(session.get('userId') ?? 'none'));
  const response = await fetch(new Request('https://app.example/', { headers: { Cookie: forged } }), {}, { waitUntil() {} });
  assert.equal(await response.text(), 'admin');
  const signed = response.headers.getSetCookie().find((header) => header.startsWith('__session='));
  assert.equal((await storage.getSession(signed.split(';')[0])).get('userId'), 'admin');
});

it('so a migrateFrom cookie without secrets is called out once, naming it, as an unsigned storage cookie is', () => {
  for (let i = 0; i < 2; i++) {
    createCookieSessionStorage({
      cookie: { name: '__session', secrets: [SECRET] },
      migrateFrom: { cookie: { name: 'unsigned-old-b' }, format: 'react-router' },
    });
  }
  const about = warned().filter((warning) => warning.includes('unsigned-old-b'));
  assert.equal(about.length, 1, `warnings: ${JSON.stringify(warned())}`);
  assert.match(about[0], /not signed|forge/i);
});

it('a signed migrateFrom cookie is not called out', () => {
  createCookieSessionStorage({
    cookie: { name: '__session', secrets: [SECRET] },
    migrateFrom: { cookie: { name: 'signed-old-c', secrets: [SECRET] }, format: 'react-router' },
  });
  assert.deepEqual(warned().filter((warning) => warning.includes('signed-old-c')), []);
});
