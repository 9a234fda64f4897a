// README, "Your own backend (createSessionStorage)": IDs starting with `es:` (in any case, width or accents) are
// reserved: a cookie naming one is no session, whatever `isValidId` says. A database comparing IDs case- and
// width-insensitively (MySQL's utf8mb4_0900_ai_ci) finds the user's revocation mark under "ＥＳ:REVOKED:…", or under
// "ES:…" behind a zero-width space; read, committed or destroyed it would show the index or bring revoked sessions
// back. Mutation pass (s45): isReservedId folding such an ID without lowering its case went unnoticed (the tests'
// capitals were ASCII, and their folded IDs lower case).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { signedCookieHeader } from './support.js';

const secrets = ['s3cr3t'];

it('a cookie naming a reserved record in capitals of another width, or behind a zero-width space, is never read', async () => {
  const backend = mapBackend();
  const storage = createSessionStorage({ cookie: { secrets }, ...callbacksOf(backend), userKey: 'userId', isValidId: () => true });
  const digest = await userDigest('ada');
  const forged = [`\uff25\uff33:REVOKED:${digest}`, `\u200bES:USER:${digest}`, `\u200bEs:revoked:${digest}`];
  for (const id of forged) {
    const session = await storage.getSession(signedCookieHeader('__session', JSON.stringify(id), secrets[0]));
    assert.equal(session.id, '', `${JSON.stringify(id)} is not adopted`);
  }
  assert.deepEqual(backend.reads.filter((id) => forged.includes(id)), [], 'readData never saw them');
});
