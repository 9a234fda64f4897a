// Model-based test of session TIME and CONCURRENCY (written by an outside audit), extending tests/js/session-model.test.js.
//
// A reference model written from README ("Session lifetime", "Security model: Logout", "Signing out everywhere",
// "withSession") and issues 11 and 14, driven by seeded random sequences against createMemorySessionStorage,
// createFileSessionStorage and createCookieSessionStorage (+ revocation: { kv }), all with userKey and a random
// lifetime (maxAge, idleTimeout, absoluteTimeout, touchInterval). The clock is node:test's mock Date, moved by the
// model only. Several requests are open at once ("slots"): hand requests (getSession ... commitSession) and
// withSession requests whose handler stops at a gate, so one request reads, another commits / destroys / revokes,
// then the first finishes. After every step each browser's cookie is read by a probe and compared with the model.
//
// Env: MODEL_SEEDS (comma list), MODEL_STEPS, MODEL_KINDS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { mapKV } from './map-kv.js';
import { applySetCookies, cookieHeader } from './model-jar.js';
import { mulberry32 } from './seeded-random.js';
import { shrinkSteps } from './shrink-steps.js';

const SEEDS = (process.env.MODEL_SEEDS ?? '1,2,3,4,5,6').split(',').map(Number);
const STEPS = Number(process.env.MODEL_STEPS ?? 300);
const USER_KEY = 'userId';
const USERS = ['u1', 'u2'];
const CLIENTS = 3;
const SLOTS = 3;
const T0 = 1_800_000_000_000;



const LIFETIMES = [
  { maxAge: 20, idleTimeout: 8, absoluteTimeout: 30 },
  { idleTimeout: 4, touchInterval: 1 },
  { maxAge: 5 },
  { absoluteTimeout: 10, idleTimeout: 6 },
  { maxAge: 60, idleTimeout: 2 },
];

function makeStorage(kind, life) {
  const secrets = ['model-time-secret-0123456789abcdef'];
  const { maxAge, ...timeouts } = life;
  const cookie = { name: '__session', secrets, httpOnly: true, ...(maxAge ? { maxAge } : {}) };
  if (kind === 'cookie') {
    return { serverSide: false, storage: createCookieSessionStorage({ cookie, userKey: USER_KEY, revocation: { kv: mapKV() }, ...timeouts }), cleanup() {} };
  }
  if (kind === 'memory') return { serverSide: true, storage: createMemorySessionStorage({ cookie, userKey: USER_KEY, ...timeouts }), cleanup() {} };
  const dir = mkdtempSync(join(tmpdir(), 'session-model-time-'));
  return {
    serverSide: true,
    storage: createFileSessionStorage({ cookie, dir, userKey: USER_KEY, ...timeouts }),
    cleanup() { try { rmSync(dir, { recursive: true, force: true }); } catch {} },
  };
}

const isExpiring = (h) => /max-age=0/i.test(h) || /^__session=;/.test(h);

// ---------------------------------------------------------------- operations

const TICKS = (life) => {
  const t = (life.touchInterval ?? (life.idleTimeout ?? 0) / 4) * 1000;
  const i = (life.idleTimeout ?? 0) * 1000;
  const m = (life.maxAge ?? 0) * 1000;
  const a = (life.absoluteTimeout ?? 0) * 1000;
  return [0, 1, 250, 999, 1000, 3000, t - 1, t, t + 1, i - 1, i, m - 1, m, a - 1, a / 2].filter((x) => x >= 0);
};

function genOps(seed, steps, life) {
  const rng = mulberry32(seed);
  const pick = (a) => a[Math.floor(rng() * a.length)];
  const ticks = TICKS(life);
  const ops = [];
  for (let i = 0; i < steps; i++) {
    const r = rng();
    const s = Math.floor(rng() * SLOTS);
    const c = Math.floor(rng() * CLIENTS);
    if (r < 0.15) ops.push({ t: 'tick', ms: pick(ticks) });
    else if (r < 0.27) ops.push({ t: 'open', s, c });
    else if (r < 0.37) ops.push({ t: 'set', s, k: pick(['a', 'b', 'c']), v: Math.floor(rng() * 100) });
    else if (r < 0.42) ops.push({ t: 'signIn', s, u: pick(USERS) });
    else if (r < 0.44) ops.push({ t: 'signOut', s });
    else if (r < 0.47) ops.push({ t: 'regen', s });
    else if (r < 0.49) ops.push({ t: 'destroy', s });
    else if (r < 0.58) ops.push({ t: 'commit', s });
    else if (r < 0.62) ops.push({ t: 'dispose', s });
    else if (r < 0.70) ops.push({ t: 'wsStart', s, c, act: pick(['none', 'none', 'set', 'signIn', 'destroy', 'commitSelf']), k: pick(['a', 'b']), v: Math.floor(rng() * 100), u: pick(USERS) });
    else if (r < 0.78) ops.push({ t: 'wsEnd', s });
    else if (r < 0.82) ops.push({ t: 'burst', c, n: 2 + Math.floor(rng() * 6) });
    else if (r < 0.86) ops.push({ t: 'revoke', u: pick(USERS) });
    else if (r < 0.90) ops.push({ t: 'copyJar', from: c, to: (c + 1) % CLIENTS });
    else ops.push({ t: 'open', s, c });
  }
  return ops;
}
const describeOp = (op) => JSON.stringify(op);

// ---------------------------------------------------------------- the run

class Mismatch extends Error {}

async function run(kind, ops, life, mockTimers) {
  mockTimers.enable({ apis: ['Date'], now: T0 });
  const { storage, serverSide, cleanup } = makeStorage(kind, life);
  const I = (life.idleTimeout ?? 0) * 1000;
  const A = (life.absoluteTimeout ?? 0) * 1000;
  const MAXAGE = (life.maxAge ?? 0) * 1000;
  const T = I ? (life.touchInterval ?? life.idleTimeout / 4) * 1000 : 0;
  const WINDOW = I ? Math.min(2000, T / 2) : 2000;
  let now = T0;
  let seq = 0;
  const jars = Array.from({ length: CLIENTS }, () => new Map());
  // model: server-side records id -> rec; cookie: mjars[c] = rec. rec = { values, user, lo, hi, touched, expires, signIn, key }
  const records = new Map();
  const mjars = Array.from({ length: CLIENTS }, () => null);
  const revokedAt = new Map(); // cookie: user -> seq
  const lastWrite = new Map(); // session identity (rec.key) -> time of its last write
  const slots = Array.from({ length: SLOTS }, () => null);
  let step = -1;
  const fail = (msg) => { throw new Mismatch(`${kind} ${JSON.stringify(life)} step ${step} (${describeOp(ops[step] ?? {})}): ${msg}`); };
  const eq = (a, b, what) => { try { assert.deepStrictEqual(a, b); } catch { fail(`${what}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`); } };

  /** true / false / '?' (the start of a fresh session is known only within [lo, hi]). */
  function alive(rec) {
    if (!rec) return false;
    if (rec.expires && now >= rec.expires) return false;
    if (I && now >= rec.touched + I) return false;
    if (!serverSide && rec.user !== undefined && (revokedAt.get(rec.user) ?? -1) > rec.signIn) return false;
    if (A) {
      const early = now >= rec.hi + A; // dead even if it began as late as possible
      const late = now >= rec.lo + A;
      if (early) return false;
      if (late) return '?';
    }
    return true;
  }
  const learn = (rec, wasAlive) => { // collapse the start's interval from what the SUT showed
    if (wasAlive) rec.lo = Math.max(rec.lo, now - A + 1); else rec.hi = Math.min(rec.hi, now - A);
  };
  const endOf = (rec) => Math.min(rec.expires || Infinity, I ? rec.touched + I : Infinity, A ? rec.hi + A : Infinity);
  const pastGrace = (rec) => serverSide && rec && now >= endOf(rec) + 60_000;
  const recOf = (c) => (serverSide ? (mjars[c] !== null ? records.get(mjars[c]) ?? null : null) : mjars[c]);
  const dataOf = (values) => Object.fromEntries(values);

  /** What a request of client c reads (checked against the SUT's session). */
  function read(c, session, how) {
    const rec = recOf(c);
    let a = alive(rec);
    const got = session.data;
    if (a === '?') { a = Object.keys(got).length > 0 || session.id !== ''; learn(rec, a); }
    const S = {
      c, rec: a ? rec : null, readAt: now, id: a && serverSide ? mjars[c] : '', readId: a && serverSide ? mjars[c] : '',
      values: new Map(a ? rec.values : []), user: a ? rec.user : undefined, baseUser: a ? rec.user : undefined,
      signIn: a ? rec.signIn : 0, lo: a ? rec.lo : now, destroyed: false, dirty: false, regen: false, settled: false,
      due: a && I ? (now - rec.touched > T ? true : now - rec.touched === T ? '?' : false) : false,
    };
    eq(got, dataOf(S.values), `${how}: data of client ${c}`);
    if (serverSide) eq(session.id, S.id, `${how}: id`);
    if (S.due !== '?') eq(session.renewalDue, S.due, `${how}: renewalDue (touched ${a ? now - rec.touched : '-'} ms ago, touchInterval ${T})`);
    else S.due = session.renewalDue;
    return S;
  }

  /** Whether the request's write must be refused (the session it read ended meanwhile), unless it signs in. */
  function ended(S) {
    if (!S.rec) return false;
    if (serverSide) return !records.has(S.readId);
    return S.baseUser !== undefined && (revokedAt.get(S.baseUser) ?? -1) > S.signIn;
  }

  /** Model a write of S at `now`; returns the rec. `id` is session.id after the write (server-side). */
  function write(S, id, renewalOnly, header) {
    const signIn = S.user !== undefined && S.user !== S.baseUser;
    const rec = {
      values: new Map(S.values), user: S.user, lo: S.rec ? S.rec.lo : S.lo, hi: S.rec ? S.rec.hi : now,
      touched: now, expires: MAXAGE ? now + MAXAGE : 0, signIn: signIn ? ++seq : S.signIn,
    };
    if (S.rec && !S.ended && renewalOnly && serverSide) {
      // a renewal-only write: README says it moves the expiry; it must not put back values another request wrote since
      const current = records.get(S.id);
      if (current && current !== S.rec) eq(dataOf(current.values), dataOf(S.values), 'renewal-only write reverted a newer write of another request');
    }
    if (serverSide) {
      if (!/^[0-9a-f]{32}(?:[0-9a-f]{8})?$/.test(id)) fail(`write: bad id ${id}`);
      const expectNew = pastGrace(S.rec) && id !== S.id ? true : S.id === '' || S.regen || S.ended || (S.baseUser !== undefined && S.user !== undefined && S.user !== S.baseUser);
      if (expectNew && (id === S.id || records.has(id))) fail(`write: expected a new ID, got ${id}`);
      if (!expectNew && id !== S.id) fail(`write: ID changed from ${S.id} to ${id}`);
      if (S.oldId && id !== S.oldId) records.delete(S.oldId); // regenerateId(true), or a switch of user
      if (S.baseUser !== undefined && S.user !== S.baseUser && S.user !== undefined && S.id && id !== S.id) records.delete(S.id);
      records.set(id, rec);
      rec.key = id;
      S.id = id;
    } else {
      rec.key = `c${seq++}`;
      // the start the cookie carries (README: "__es__": [created, touched, expires]) settles the model's interval
      const payload = JSON.parse(Buffer.from(decodeURIComponent(header.split(';')[0].split('=')[1]).split('.')[0], 'base64').toString());
      const [created, touched] = payload.__es__ ?? [];
      if (A || I) {
        if (!(created >= rec.lo && created <= rec.hi)) fail(`cookie's start ${created - T0} outside [${rec.lo - T0}, ${rec.hi - T0}]`);
        if (touched !== now) fail(`cookie's touched ${touched - T0}, now ${now - T0}`);
        rec.lo = rec.hi = created;
      }
    }
    lastWrite.set(S.rec?.key ?? rec.key, now);
    lastWrite.set(rec.key, now);
    S.rec = rec;
    S.baseUser = S.user;
    S.signIn = rec.signIn;
    S.regen = false;
    S.oldId = undefined;
    S.ended = false;
    return rec;
  }

  function destroyModel(S) {
    if (serverSide) { if (S.id) records.delete(S.id); if (S.oldId) records.delete(S.oldId); }
    S.destroyed = true;
  }

  async function probe() {
    for (let c = 0; c < CLIENTS; c++) {
      const s = await storage.getSession(cookieHeader(jars[c]));
      try { read(c, s, `probe`); } finally { s.dispose(); }
    }
  }

  /** One request's changes, on the SUT and the model. */
  function change(slot, op) {
    const { session, S } = slot;
    if (S.destroyed || S.settled) return false;
    if (op.t === 'set') { session.set(op.k, op.v); S.values.set(op.k, op.v); }
    else if (op.t === 'signIn') { session.set(USER_KEY, op.u); S.values.set(USER_KEY, op.u); S.user = op.u; }
    else if (op.t === 'signOut') { session.unset(USER_KEY); S.values.delete(USER_KEY); S.user = undefined; }
    else if (op.t === 'regen') { if (S.regen || S.id === '') return false; session.regenerateId(true); S.regen = true; S.oldId = S.id; }
    else return false;
    S.dirty = true;
    return true;
  }

  try {
    for (step = 0; step < ops.length; step++) {
      const op = ops[step];
      const slot = op.s !== undefined ? slots[op.s] : null;
      switch (op.t) {
        case 'tick': now += op.ms; mockTimers.tick(op.ms); break;
        case 'copyJar': jars[op.to] = new Map(jars[op.from]); mjars[op.to] = mjars[op.from]; break;
        case 'open': {
          if (slot) break;
          const session = await storage.getSession(cookieHeader(jars[op.c]));
          slots[op.s] = { hand: true, session, S: read(op.c, session, 'open') };
          break;
        }
        case 'set': case 'signIn': case 'signOut': case 'regen':
          if (slot?.hand) change(slot, op);
          break;
        case 'destroy': {
          if (!slot?.hand || slot.S.destroyed || slot.S.settled) break;
          const h = await storage.destroySession(slot.session);
          applySetCookies(jars[slot.S.c], [h]);
          destroyModel(slot.S);
          mjars[slot.S.c] = null;
          slot.S.settled = true;
          break;
        }
        case 'commit': {
          if (!slot?.hand || slot.S.destroyed || slot.S.settled) break;
          const { session, S } = slot;
          if (!(session.dirty || session.renewalDue)) { eq(S.dirty || S.due === true, false, 'dirty || renewalDue'); break; }
          eq(S.dirty || S.due === true, true, 'dirty || renewalDue');
          const signIn = S.user !== undefined && S.user !== S.baseUser;
          S.ended = ended(S);
          const h = await storage.commitSession(session);
          const lenient = !S.ended && pastGrace(S.rec);
          if (S.ended && !signIn || lenient && isExpiring(h)) {
            if (!isExpiring(h)) fail(`commit of a session that ended meanwhile (read at ${S.readAt - T0}, now ${now - T0}) was written: ${h.slice(0, 60)}`);
            applySetCookies(jars[S.c], [h]);
            mjars[S.c] = null;
          } else {
            if (isExpiring(h)) fail(`commit answered with an expiring cookie: ${h.slice(0, 80)}`);
            applySetCookies(jars[S.c], [h]);
            const rec = write(S, session.id, !S.dirty, h);
            mjars[S.c] = serverSide ? S.id : rec;
          }
          S.settled = true;
          break;
        }
        case 'dispose': if (slot) { if (slot.hand) slot.session.dispose(); else break; slots[op.s] = null; } break;
        case 'wsStart': {
          if (slot) break;
          let release;
          const gate = new Promise((r) => { release = r; });
          let entered;
          const inside = new Promise((r) => { entered = r; });
          const ws = { hand: false, gate: release, act: op.act };
          slots[op.s] = ws;
          const fetch = withSession(storage, async (request, { session }) => {
            ws.session = session;
            ws.S = read(op.c, session, 'withSession read');
            if (op.act === 'set') change(ws, { t: 'set', k: op.k, v: op.v });
            else if (op.act === 'signIn') change(ws, { t: 'signIn', u: op.u });
            entered();
            await gate;
            const S = ws.S;
            if (op.act === 'destroy') { session.destroy(); }
            if (op.act === 'commitSelf' && (session.dirty || session.renewalDue)) {
              S.ended = ended(S);
              const h = await storage.commitSession(session);
              return new Response('ok', { headers: { 'Set-Cookie': h } });
            }
            return new Response('ok');
          });
          const headers = cookieHeader(jars[op.c]);
          ws.response = fetch(new Request('https://x.test/', { headers: headers ? { Cookie: headers } : {} }));
          await Promise.race([inside, ws.response]);
          if (!ws.S) fail('withSession: handler never ran');
          break;
        }
        case 'wsEnd': {
          if (!slot || slot.hand) break;
          const ws = slot;
          const S = ws.S;
          const signIn = S.user !== undefined && S.user !== S.baseUser;
          const act = ws.act;
          const endedMeanwhile = ended(S);
          S.ended = endedMeanwhile;
          ws.gate();
          const res = await ws.response;
          slots[op.s] = null;
          eq(res.status, 200, 'withSession status');
          const hs = res.headers.getSetCookie().filter((h) => h.startsWith('__session='));
          if (hs.length > 1) fail(`withSession sent ${hs.length} Set-Cookie for __session: ${hs.map((h) => h.slice(0, 50)).join(' | ')}`);
          const h = hs[0];
          if (act === 'destroy') {
            if (S.rec && !h) fail('withSession: a destroyed session got no expiring cookie');
            if (h && !isExpiring(h)) fail(`withSession: destroy answered with ${h.slice(0, 60)}`);
            if (h) applySetCookies(jars[S.c], [h]);
            destroyModel(S);
            if (h || serverSide) mjars[S.c] = null;
            break;
          }
          const wantWrite = S.dirty || S.due === true;
          if (endedMeanwhile && !signIn) {
            if (h && !isExpiring(h)) fail(`withSession wrote a session that ended meanwhile (read at ${S.readAt - T0}, now ${now - T0}): ${h.slice(0, 60)}`);
            break;
          }
          if (!wantWrite && S.due !== '?') { if (h) fail(`withSession wrote an unchanged session whose renewal was not due: ${h.slice(0, 60)}`); break; }
          const recent = S.rec && (now - (lastWrite.get(S.rec.key) ?? -Infinity) < WINDOW);
          const lenient = pastGrace(S.rec);
          if (!S.dirty && (recent || S.due === '?' || lenient) && !h) break; // a renewal the window stands down (README)
          if (!h) fail(`withSession: ${S.dirty ? 'a changed session' : 'a due renewal'} was not written`);
          if (isExpiring(h)) { if (lenient) { applySetCookies(jars[S.c], [h]); mjars[S.c] = null; break; } fail(`withSession: expiring cookie ${h.slice(0, 60)}`); }
          applySetCookies(jars[S.c], [h]);
          const rec = write(S, ws.session.id, !S.dirty, h);
          mjars[S.c] = serverSide ? S.id : rec;
          break;
        }
        case 'burst': {
          const header = cookieHeader(jars[op.c]);
          const seen = [];
          const fetch = withSession(storage, async (request, { session }) => { seen.push(session); return new Response('ok'); });
          const responses = await Promise.all(Array.from({ length: op.n }, () => fetch(new Request('https://x.test/', { headers: header ? { Cookie: header } : {} }))));
          const rec = recOf(op.c);
          let a = alive(rec);
          const hs = responses.flatMap((r) => r.headers.getSetCookie().filter((x) => x.startsWith('__session=')));
          if (a === '?') { a = seen.some((s) => Object.keys(s.data).length > 0); learn(rec, a); }
          const due = a && I ? now - rec.touched : -1;
          if (hs.length > 1) fail(`burst of ${op.n}: ${hs.length} renewal writes (touched ${due} ms ago, touchInterval ${T})`);
          if (!a || !I || due < T) { if (hs.length) fail(`burst: wrote ${hs[0].slice(0, 60)} (alive ${a}, touched ${due} ms ago, touchInterval ${T})`); break; }
          const recent = now - (lastWrite.get(rec.key) ?? -Infinity) < WINDOW;
          if (hs.length === 0) { if (due > T && !recent) fail(`burst of ${op.n}: a due renewal (touched ${due} ms ago, touchInterval ${T}) was not written`); break; }
          applySetCookies(jars[op.c], hs);
          const S = { c: op.c, rec, id: serverSide ? mjars[op.c] : '', readId: serverSide ? mjars[op.c] : '', values: new Map(rec.values), user: rec.user, baseUser: rec.user, signIn: rec.signIn };
          const nrec = write(S, serverSide ? mjars[op.c] : '', true, hs[0]);
          mjars[op.c] = serverSide ? S.id : nrec;
          break;
        }
        case 'revoke': {
          await storage.revokeUserSessions(op.u);
          if (serverSide) { for (const [id, r] of [...records]) if (r.user === op.u) records.delete(id); }
          else revokedAt.set(op.u, ++seq);
          break;
        }
        default: throw new Error(`unknown op ${op.t}`);
      }
      await probe();
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, step, error: e instanceof Mismatch ? e.message : `${kind} step ${step} (${describeOp(ops[step] ?? {})}): unexpected ${e?.constructor?.name} ${e?.code ?? ''} ${e?.message} ${String(e?.stack).split('\n').slice(1, 4).join(' | ')}` };
  } finally {
    for (const s of slots) {
      try { if (s?.hand) s.session.dispose(); else if (s) { s.gate(); await s.response.catch(() => {}); } } catch {}
    }
    mockTimers.reset();
    cleanup();
  }
}

/** The shortest op list (found greedily) that still fails with the same error. */
function shrink(kind, ops, life, original, mockTimers) {
  const errorOf = (outcome) => outcome.error.split(': ')[1]?.slice(0, 25);
  return shrinkSteps(ops, original, (cand) => run(kind, cand, life, mockTimers), {
    budget: 300,
    sameFailure: (outcome) => errorOf(outcome) === errorOf(original),
  });
}

for (const kind of (process.env.MODEL_KINDS ?? 'memory,file,cookie').split(',')) {
  test(`model: time and concurrency agree with the reference model (${kind})`, async (t) => {
    const failures = [];
    for (const seed of SEEDS) {
      const life = LIFETIMES[seed % LIFETIMES.length];
      const ops = genOps(seed, STEPS, life);
      const r = await run(kind, ops, life, t.mock.timers);
      if (!r.ok) {
        const { ops: small, result } = await shrink(kind, ops, life, r, t.mock.timers);
        const text = `seed ${seed}: ${result.error}\n  shrunk to ${small.length} ops:\n${small.map((o, i) => `    ${i}: ${describeOp(o)}`).join('\n')}`;
        t.diagnostic(text);
        failures.push(text);
      }
    }
    assert.equal(failures.length, 0, failures.join('\n\n'));
  });
}

// ---------------------------------------------------------------- plain tests of what the model drives (passing)

for (const kind of ['memory', 'file', 'cookie']) {
  test(`a withSession request that read a session before its revocation writes nothing after it (${kind})`, async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: T0 });
    const { storage, cleanup } = makeStorage(kind, { idleTimeout: 4 });
    try {
      const s = await storage.getSession(null);
      s.set(USER_KEY, 'u1');
      const cookie = (await storage.commitSession(s)).split(';')[0];
      let release; const gate = new Promise((r) => { release = r; });
      let entered; const inside = new Promise((r) => { entered = r; });
      const fetch = withSession(storage, async (request, { session }) => { session.set('cart', 1); entered(); await gate; return new Response('ok'); });
      const pending = fetch(new Request('https://x.test/', { headers: { Cookie: cookie } }));
      await inside;
      await storage.revokeUserSessions('u1');
      release();
      const res = await pending;
      assert.deepEqual(res.headers.getSetCookie(), []);
      const after = await storage.getSession(cookie);
      assert.deepEqual(after.data, {});
      after.dispose();
    } finally { t.mock.timers.reset(); cleanup(); }
  });

  test(`a burst of 20 concurrent requests with a due renewal writes it once (${kind})`, async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: T0 });
    const { storage, cleanup } = makeStorage(kind, { idleTimeout: 8 });
    try {
      const s = await storage.getSession(null);
      s.set('a', 1);
      const cookie = (await storage.commitSession(s)).split(';')[0];
      t.mock.timers.tick(2001); // past touchInterval (2 s), inside idleTimeout
      const fetch = withSession(storage, async () => new Response('ok'));
      const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(new Request('https://x.test/', { headers: { Cookie: cookie } }))));
      assert.equal(responses.flatMap((r) => r.headers.getSetCookie()).length, 1);
    } finally { t.mock.timers.reset(); cleanup(); }
  });
}
