// The one-time warning for a migrateFrom cookie without secrets must say it is the migration's cookie and what to do
// about it. It read as the storage cookie's ("Pass secrets: [...] to sign it"): the app had passed secrets to its
// storage cookie, and this cookie is never written, only read; what stops forged sessions being migrated is the
// secrets the old cookies were signed with, or no migration at all.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { capturedWarnings } from '../helpers/captured-warnings.js';

const warned = capturedWarnings();

it('names migrateFrom and the secrets the old cookies were signed with', () => {
  createCookieSessionStorage({
    cookie: { name: '__session', secrets: ['V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='] },
    migrateFrom: { cookie: { name: 'old-session-w' }, format: 'react-router' },
  });
  const [warning] = warned().filter((text) => text.includes('old-session-w'));
  assert.ok(warning, JSON.stringify(warned()));
  assert.match(warning, /migrateFrom/);
  assert.doesNotMatch(warning, /to sign it/);
});

// Mutation pass (s44): the migration's warning was keyed as the unsigned storage cookie's ("unsigned:<name>"), so an
// app whose legacy storage still serves that unsigned cookie (warned of as a storage's) was never told that its new
// storage migrates forgeable sessions from it; no test noticed.
it('is given for a cookie name already warned of as an unsigned storage cookie', () => {
  createCookieSessionStorage({ cookie: { name: 'legacy-session-w' } }); // the old storage, still running beside
  assert.ok(warned().some((text) => text.includes('"legacy-session-w" cookie is not signed')), JSON.stringify(warned()));
  createCookieSessionStorage({
    cookie: { name: '__session', secrets: ['V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='] },
    migrateFrom: { cookie: { name: 'legacy-session-w' }, format: 'react-router' },
  });
  assert.ok(warned().some((text) => text.includes('legacy-session-w') && /migrateFrom/.test(text)), JSON.stringify(warned()));
});
