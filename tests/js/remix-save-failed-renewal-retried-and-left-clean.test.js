// Remix v3's save() of a cookie session written only to renew it claims the renewal for its burst (rewrite-window.js)
// before it writes. A write that fails must give the claim back, "not written: the next request tries again", as
// withSession's does (failed-renewal-forgets-change-note.test.js), and must not leave the session dirty: nothing of
// it changed. Mutation pass (s42): with the claim kept, the next request's renewal answered null for the whole
// window; with the failure taken for a change, the session read dirty; no test noticed either. The write fails as
// it does when another request's trap breaks the instance while save() awaits it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { instanceBreaker } from './broken-core.js';
import { handClock } from '../helpers/hand-clock.js';

const clock = handClock();

it("save(): a renewal whose write failed is made by the next request's save, and the session stays clean", async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] }, idleTimeout: 60 });
  const signIn = await storage.read('');
  signIn.set('user', 'ann');
  const value = await storage.save(signIn);
  clock.now += 20_000; // the renewal is due (touchInterval 15 s)
  const session = await storage.read(value);
  assert.equal(session.renewalDue, true);
  const breakTheInstance = await instanceBreaker();
  const saving = storage.save(session);
  breakTheInstance(); // while save() awaits the instance, once it has claimed the renewal
  await assert.rejects(saving, { code: 'CORE_RESET' });
  assert.equal(session.dirty, false, 'a renewal that failed changed nothing');

  const next = await storage.read(value); // the next request, at once
  assert.equal(next.renewalDue, true);
  const renewed = await storage.save(next);
  assert.equal(typeof renewed, 'string', 'the renewal is made, not left to the end of the window');
  assert.equal((await storage.read(renewed)).get('user'), 'ann');
});
