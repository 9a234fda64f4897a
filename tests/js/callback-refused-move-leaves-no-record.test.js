// createSessionStorage's callbacks, two isolates over one database. A session read at A before "sign out
// everywhere" at B, then given a new ID (regenerateId(true)) and committed at A once A knows the mark: the new
// record createData made is refused at its listing, and goes. README (Signing out everywhere): the commit is refused
// and nothing of it is left written. Mutation pass (s46): the refused record's delete left out went unnoticed; a
// row of the revoked user's data, named by no cookie, stayed in the database until its expiry, one per such commit.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

it('a new ID refused by a revocation another isolate made leaves no record', async () => {
  const backend = mapBackend();
  const callbacks = callbacksOf(backend);
  const [A, B] = copies.isolates.map(({ createSessionStorage }) => createSessionStorage({ cookie, ...callbacks, userKey: 'userId' }));
  const device = await signIn(A, 'ada');
  clock.now += 1_000;
  const session = await A.getSession(device); // a slow request at A
  clock.now += 1_000;
  assert.equal(await B.revokeUserSessions('ada'), 1);
  clock.now += 6_000; // past A's cache: its commit looks the mark up

  session.regenerateId(true);
  assert.match(await A.commitSession(session), /Max-Age=0/, 'refused');
  const rows = [...backend.records.keys()].filter((id) => !String(id).startsWith('es:'));
  assert.deepEqual(rows, [], 'no session row is left');
});
