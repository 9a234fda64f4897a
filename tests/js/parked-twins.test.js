// Regression (second review of the parking of sessions): sealed / chunked / migrating cookie sessions committed after being parked make the same Set-Cookie(s) as
// an unparked twin under a frozen clock (nonces made deterministic).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, createSession, withSession } from 'edge-session';
import { MAX_LIVE_SESSIONS } from '../../js/core-calls.js';
import { needsResign, recordSignIn } from '../../js/internal.js';
import { loadCore } from '../../js/loader.js';

const secrets = ['s3cr3t'];
let restoreRandom;
let thaw;
before(() => {
  const real = crypto.getRandomValues.bind(crypto);
  let zero = true;
  crypto.getRandomValues = (a) => (zero && a.length === 3072 ? a.fill(7) : real(a));
  restoreRandom = () => { zero = false; crypto.getRandomValues = real; };
  const realNow = Date.now;
  const now = realNow();
  Date.now = () => now;
  thaw = () => void (Date.now = realNow);
});
after(() => { restoreRandom(); thaw(); });

async function parkAll() {
  const fillers = [];
  for (let i = 0; i < MAX_LIVE_SESSIONS; i++) fillers.push(await createSession({ filler: i }));
  for (const filler of fillers) filler.dispose();
  await null;
}
const pairs = (headers) => headers.map((h) => h.split(';')[0]).join('; ');

for (const [label, options] of Object.entries({
  sealed: { encrypt: true },
  chunked: { chunks: 4 },
  'sealed+chunked': { encrypt: true, chunks: 4 },
  'sealed migrate': { encrypt: 'migrate' },
  idle: { idleTimeout: 3600, touchInterval: 1 },
})) {
  it(`${label}: commit after parking == unparked twin`, async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets }, ...options });
    const seed = await storage.getSession(null);
    seed.set('user', 'ada');
    seed.flash('note', 'n'.repeat(label.includes('chunked') ? 5000 : 10));
    const header = pairs(await storage.commitSessionHeaders(seed));
    const mutate = (s) => { s.set('k', 'v'.repeat(label.includes('chunked') ? 3000 : 5)); s.flash('next', 1); };
    const twin = await storage.getSession(header);
    mutate(twin);
    const twinOut = await storage.commitSessionHeaders(twin);
    const parked = await storage.getSession(header);
    await parkAll();
    mutate(parked);
    await parkAll();
    assert.equal(parked.dirty, true);
    const parkedOut = await storage.commitSessionHeaders(parked);
    assert.deepEqual(parkedOut, twinOut);
    await parkAll();
    assert.deepEqual(parked.data, twin.data);
    assert.equal(parked.dirty, twin.dirty);
  });
}

it('migrateFrom: a parked hand session still rewrites, and commits like its twin', async () => {
  const old = createCookieSessionStorage({ cookie: { name: '__old', secrets } });
  const s0 = await old.getSession(null);
  s0.set('user', 'ada');
  const header = (await old.commitSession(s0)).split(';')[0];
  const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets }, format: 'remix-v3', migrateFrom: { cookie: { name: '__old', secrets }, format: 'react-router' } });
  const twin = await storage.getSession(header);
  const parked = await storage.getSession(header);
  await parkAll();
  assert.equal(parked[needsResign], twin[needsResign]);
  assert.equal(parked.renewalDue, true);
  const norm = (hs) => hs.map((h) => (h.startsWith('__s=') ? JSON.parse(atob(decodeURIComponent(h.slice(4, h.indexOf('.'))))).d : h));
  // The remix-v3 payload's "i" is a fresh random ID per read: compared without it.
  assert.deepEqual(norm(await storage.commitSessionHeaders(parked)), norm(await storage.commitSessionHeaders(twin)));
});

it('createSession(data, id) parked, then committed to a memory storage: same record as its twin', async () => {
  const storage = createMemorySessionStorage({ cookie: { name: '__s', secrets } });
  const a = await createSession({ x: 1, __flash_f__: 2 }, 'abc');
  const b = await createSession({ x: 1, __flash_f__: 2 }, 'abc');
  await parkAll();
  assert.equal(a.id, 'abc');
  const ha = await storage.commitSession(a);
  const hb = await storage.commitSession(b);
  assert.equal(ha.replace(/__s=[^;]*/, ''), hb.replace(/__s=[^;]*/, ''));
  // The records themselves (each under an ID the storage made: 'abc' is none of its IDs). Vacuous (s46, ID audit):
  // only the attributes were compared, and a parked session's data was never looked at.
  const stored = async (header) => {
    const session = await storage.getSession(header.split(';')[0]);
    return { x: session.get('x'), f: session.get('f') };
  };
  // Its flash came in with the data: read this request only, as React Router's createSession has it.
  assert.deepEqual(await stored(ha), { x: 1, f: undefined });
  assert.deepEqual(await stored(hb), await stored(ha));
});
