// The Workers KV storage with users (createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }), idle and
// absolute timeouts) served by two isolates (two copies of the package) over one KV namespace, with a hand-moved
// clock: seeded sequences of sign-ins (switches, regenerateId(true) at login), reads, data changes, logouts (unset or
// destroy), regenerateId(true), copied cookies (another tab, a thief), listings, revocations (with `except` a Session,
// the Session itself or its ID), bursts of many users' sign-ins in one millisecond, and requests in flight across a
// revocation, a logout or a change (read, then committed later, in either isolate). Every outcome is checked against
// an oracle written from the README (Storages, Workers KV; Signing out everywhere; Security model, Logout and Sign out
// everywhere; Choices, "A user's sessions"; Session lifetime), not from the code:
// - a revocation deletes every session its user's index lists but the one `except` keeps (counted: how many it
//   ended), and writes a mark that voids the user's older sign-ins wherever a record of one comes back: at once in
//   the isolate that revoked, in another once it looks the mark up (a read of the user's session over 5 s after its
//   last possible lookup), and for good 5 s after it; a record so voided is never listed, and a later revocation
//   ends it without counting it;
// - a sign-in after a revocation stands (in its isolate, in the same ms too); across isolates order is the clock's,
//   a stamp running at most k ms ahead after k stamps of that user in that isolate in one ms: where a sign-in's and a
//   revocation's windows meet, either outcome is right, and such a sign-in may be refused outright (Choices: "a
//   sign-in stamped before the revocation itself ... is void with the others, and answered as a logout"; a switch's
//   old ID is deleted all the same);
// - `except` keeps that session (its ID, and so its copies) and its rotation committed afterwards;
// - a request that read a session before a logout or revocation made in its own isolate writes nothing (a hand
//   commit returns an expiring cookie); in another isolate it may write the record back (last write wins); a
//   request that signs in is written, under a new ID;
// - a switch of user, and regenerateId(true), make a new ID and end the old one; an absolute timeout is kept across
//   both; a session ends at its idle or absolute limit's millisecond;
// - listUserSessions lists every live session of the user nothing revoked, none of another user, none signed out,
//   ended or voided, none expired over a minute ago; createdAt is the sign-in, lastSeenAt the last write, most
//   recently seen first, `current` only on the session named.
// Not modelled: sessions written before userKey (no index lists them), the 100 sessions per user, regenerateId()
// without true, KV's propagation delay (mapKV is immediate; the README's 60 s is KV's, the 5 s cache the storage's).
// Env: MODEL_SEEDS (comma list), MODEL_STEPS.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { mapKV } from './map-kv.js';
import { mulberry32 } from './seeded-random.js';
import { applySteps } from './shrink-steps.js';
import { burstIds, ID_FORMS, orderOf, seedTests } from './two-isolate-model.js';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { pairOf } from '../helpers/sign-in.js';

const SEEDS = (process.env.MODEL_SEEDS ?? '1,2,3,4,5,6,7,8').split(',').map(Number);
const STEPS = Number(process.env.MODEL_STEPS ?? 800);
const CACHE_MS = 5000; // README: a revocation mark is looked up once per 5 s per isolate
const GRACE_MS = 60_000; // README (Bounded): an expired session leaves the index a minute after its expiry
const IDLE_S = 60;
const ABS_S = 120;
const IDLE_MS = IDLE_S * 1000;
const ABS_MS = ABS_S * 1000;
const TOUCH_MS = IDLE_MS / 4; // README: touchInterval defaults to a quarter of idleTimeout
const DAY = 86_400_000;
const DEVICES = 8;
const cookie = { name: '__session', secrets: ['s3cr3t'] };
const isExpiring = (setCookie) => /;\s*Max-Age=0(?:;|$)/i.test(setCookie);
const otherThan = (id, user) => (String(id) === user ? ID_FORMS[(ID_FORMS.indexOf(id) + 2) % ID_FORMS.length] : id);
const clock = handClock();
const copies = isolatesForTests(2);

function storagesOver(kv) {
  return copies.isolates.map(({ createWorkersKVSessionStorage }) =>
    createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId', idleTimeout: IDLE_S, absoluteTimeout: ABS_S }),
  );
}

/**
 * What the README lets each outcome be. Sessions are the model's records by ID: { id, user, S (its sign-in's stamp),
 * C ([lo, hi]: when it began), W (its last write), n (its data), gone (surely deleted), endedAt, listed (true, false
 * or 'maybe'), keptBy (revocations whose except named it), readEither (written back over a logout elsewhere: may or
 * may not be seen), confused (kept by a mark after an earlier one voided it: the mark is one, either way) }.
 */
function oracle() {
  let seq = 0;
  const sessions = new Map();
  const revocations = []; // { iso, user, t, hi, seq, exceptId }
  const lastHi = new Map(); // iso:user -> the latest its last stamp may be
  const lastFill = new Map(); // iso:user -> the last time the isolate may have filled its cache for the user
  const lookedUp = new Map(); // iso:user -> seq of the last read sure to have looked the user's mark up
  const keyOf = (iso, user) => `${iso}:${user}`;
  const next = () => seq++;

  /** A stamp's window [t, hi]: unique per user in an isolate (sign-ins and revocations), so ahead only after those. */
  function stamp(iso, user) {
    const hi = Math.max(clock.now, (lastHi.get(keyOf(iso, user)) ?? -Infinity) + 1);
    lastHi.set(keyOf(iso, user), hi);
    return { iso, user, t: clock.now, hi, seq: next() };
  }

  const order = orderOf;

  const expLo = (M) => Math.min(M.W + IDLE_MS, M.C[0] + ABS_MS);
  const expHi = (M) => Math.min(M.W + IDLE_MS, M.C[1] + ABS_MS);
  /** 'alive', 'expired' or 'either' (when it began is known only to a window). */
  function expiry(M) {
    if (clock.now < expLo(M)) return 'alive';
    return clock.now >= expHi(M) ? 'expired' : 'either';
  }
  const expiredLongAgo = (M) => clock.now - expHi(M) >= GRACE_MS;

  /** Whether the revocations so far (whoever knows them) void M's sign-in: 'clear', 'void' or 'either'. */
  function standing(M) {
    if (M.user === undefined) return 'clear';
    let state = 'clear';
    for (const R of revocations) {
      if (R.user !== M.user || M.keptBy.has(R)) continue;
      const o = order(M.S, R);
      if (o === 'void') return 'void';
      if (o === 'either') state = 'either';
    }
    return state;
  }

  function known(iso, R) {
    return R.iso === iso || clock.now - R.t > CACHE_MS || R.seq < (lookedUp.get(keyOf(iso, R.user)) ?? -1);
  }

  function add(fields) {
    const M = { user: undefined, S: null, n: undefined, gone: false, listed: false, keptBy: new Set(), readEither: false, confused: false, ...fields };
    M.W = clock.now;
    sessions.set(M.id, M);
    return M;
  }

  function end(M, iso, kind) {
    M.gone = true;
    M.endedAt = { iso, kind, seq: next() };
  }

  return {
    sessions,
    next,
    standing,
    expiry,
    add,
    end,
    /** The sign-in of `user` in `iso` now. */
    signIn: (iso, user) => stamp(iso, user),
    /**
     * Whether a sign-in of `user` in `iso` now may be void (and so refused: README, Choices, "when a revocation
     * refuses such a switch"): its window meets a revocation of the other isolate's (the same ms, or its stamps'
     * lead). After every revocation it knows, in its own isolate, never.
     */
    signInMayBeVoid(iso, user) {
      const S = { iso, user, t: clock.now, hi: Math.max(clock.now, (lastHi.get(keyOf(iso, user)) ?? -Infinity) + 1), seq: Infinity };
      return revocations.some((R) => R.user === user && order(S, R) !== 'kept');
    },
    /** Anything of `user` in `iso` that may read the mark: a read, a commit, a listing, a revocation. */
    mayFill(iso, user) {
      if (user !== undefined) lastFill.set(keyOf(iso, user), clock.now);
    },
    /** Before a read of M in `iso`: a record of a user, past 5 s with no possible lookup, is looked up by this read. */
    lookUp(iso, M) {
      if (!M || M.gone || M.user === undefined) return;
      const key = keyOf(iso, M.user);
      if (expiry(M) === 'alive' && !(clock.now - (lastFill.get(key) ?? -Infinity) <= CACHE_MS)) lookedUp.set(key, next());
      lastFill.set(key, clock.now);
    },
    /** 'alive' (as M), 'fresh' or 'either' for a read in `iso` of a cookie naming M; why, and the revocation deciding. */
    expectRead(iso, M) {
      if (!M) return { expected: 'fresh', why: 'no cookie' };
      if (M.gone) return { expected: 'fresh', why: `deleted (${M.endedAt.kind} in ${'AB'[M.endedAt.iso]})` };
      const e = expiry(M);
      if (e === 'expired') return { expected: 'fresh', why: clock.now >= M.W + IDLE_MS ? 'idle' : 'absolute' };
      let either = e === 'either' || M.confused || M.readEither;
      if (M.user !== undefined && !M.confused) {
        for (const R of revocations) {
          if (R.user !== M.user || M.keptBy.has(R)) continue;
          const o = order(M.S, R);
          if (o === 'void' && known(iso, R)) return { expected: 'fresh', why: 'mark', by: R };
          if (o !== 'kept') either = true;
        }
      }
      return { expected: either ? 'either' : 'alive' };
    },
    /** A revocation of `user` in `iso` keeping `exceptId`: the count's range; the sessions it surely deletes end. */
    revoke(iso, user, exceptId) {
      const R = { ...stamp(iso, user), exceptId };
      const maybes = [];
      let min = 0;
      let max = 0;
      for (const M of sessions.values()) {
        if (M.user !== user || M.gone) continue;
        if (exceptId !== undefined && M.id === exceptId) {
          if (standing(M) !== 'clear') M.confused = true; // the mark is one: this one's except revives it
          M.keptBy.add(R);
          continue;
        }
        const before = standing(M);
        const e = expiry(M);
        // How many it ended: not one that had ended by its timeouts, nor one an earlier mark voids (README: a later
        // revocation deletes such a record without counting it); one the model cannot tell, either way.
        let counted;
        if (e === 'expired') counted = 'no';
        else if (e === 'either') counted = 'maybe: ends about now';
        else if (M.confused) counted = 'maybe: kept by one mark, voided by another';
        else if (before === 'void') counted = 'no';
        else if (before === 'either') counted = 'maybe: an earlier revocation in its ms';
        else if (M.listed !== true || M.readEither) counted = 'maybe: written back';
        else counted = 'yes';
        if (counted === 'yes') min++;
        if (counted !== 'no') max++;
        if (counted.startsWith('maybe')) maybes.push(counted);
        if (M.listed === true && e === 'alive') end(M, iso, 'revoked');
      }
      revocations.push(R);
      lastFill.set(keyOf(iso, user), clock.now);
      return { min, max, R, maybes };
    },
    /** May / must `user`'s listing name M. */
    mayList(M, user) {
      if (M.user !== user || M.gone || expiredLongAgo(M)) return false;
      return M.confused || standing(M) !== 'void';
    },
    mustList(M, user) {
      return M.user === user && !M.gone && M.listed === true && !M.readEither && !M.confused && expiry(M) === 'alive' && standing(M) === 'clear';
    },
  };
}

function stepsOf(seed) {
  const random = mulberry32(seed);
  const int = (n) => Math.floor(random() * n);
  const pick = (list) => list[int(list.length)];
  const exceptOf = () => {
    const r = random();
    if (r < 0.35) return {};
    return { except: int(DEVICES), form: pick(['option', 'option', 'bare', 'id', 'listed id']), afterwards: pick(['dispose', 'commit', 'regen']) };
  };
  const tick = () => {
    const r = random();
    if (r < 0.6) return pick([0, 0, 1, 1, 2, 3, 5, 9]);
    if (r < 0.8) return 5_001 + int(200);
    if (r < 0.97) return TOUCH_MS + int(2000);
    return pick([IDLE_MS - 1, IDLE_MS, IDLE_MS + 1, IDLE_MS + 1000]);
  };
  const steps = [];
  while (steps.length < STEPS) {
    const iso = int(2);
    const roll = random();
    if (roll < 0.15) steps.push({ op: 'tick', ms: tick() });
    else if (roll < 0.3) steps.push({ op: 'signIn', iso, device: int(DEVICES), id: pick(ID_FORMS), regen: random() < 0.3 });
    else if (roll < 0.45) steps.push({ op: 'read', iso, device: int(DEVICES) });
    else if (roll < 0.49) steps.push({ op: 'change', iso, device: int(DEVICES) });
    else if (roll < 0.56) steps.push({ op: 'logout', iso, device: int(DEVICES), destroy: random() < 0.5 });
    else if (roll < 0.59) steps.push({ op: 'regen', iso, device: int(DEVICES), signedIn: random() < 0.7 });
    else if (roll < 0.62) steps.push({ op: 'copy', from: int(DEVICES), to: int(DEVICES) });
    else if (roll < 0.69) {
      // A user's listing: one of ours, or (half the time) the user a device holds, that device current or another.
      const of = random() < 0.5 ? int(DEVICES) : undefined;
      steps.push({ op: 'list', iso, id: pick(ID_FORMS), of, current: random() < 0.6 ? (of ?? int(DEVICES)) : undefined, bare: random() < 0.3, asNumber: random() < 0.5 });
    } else if (roll < 0.73) steps.push({ op: 'revoke', iso, id: pick(ID_FORMS), ...exceptOf() });
    else if (roll < 0.76) steps.push({ op: 'revoke', iso, id: undefined, ...exceptOf(), except: int(DEVICES), form: pick(['option', 'bare', 'id', 'listed id']), afterwards: pick(['dispose', 'commit', 'regen']) }); // that device's user
    else if (roll < 0.775) {
      // One user revoked from both isolates in one ms, the ms of a sign-in (two devices each signing out the other).
      const device = int(DEVICES);
      const id = pick(ID_FORMS);
      steps.push({ op: 'signIn', iso, device, id, regen: false }, { op: 'revoke', iso, id });
      steps.push({ op: 'read', iso: 1 - iso, device }, { op: 'revoke', iso: 1 - iso, id }, { op: 'read', iso: 1 - iso, device });
    } else if (roll < 0.79) {
      // One device in use past the absolute timeout: a read every quarter of the idle timeout or so, in either isolate.
      const device = int(DEVICES);
      for (let t = 0; t < ABS_MS + TOUCH_MS; t += TOUCH_MS) steps.push({ op: 'tick', ms: TOUCH_MS + int(3000) }, { op: 'read', iso: int(2), device });
    } else if (roll < 0.82) {
      // Many users' sign-ins in one ms, ours among them now and then; often one of ours right after, revoked from
      // the other isolate within as many ms as the burst was long.
      const ids = burstIds(int, pick);
      steps.push({ op: 'burst', iso, ids, device: int(DEVICES) });
      if (random() < 0.5) {
        const device = int(DEVICES);
        const id = pick(ID_FORMS);
        steps.push({ op: 'signIn', iso, device, id, regen: false }, { op: 'tick', ms: 1 + int(ids.length) });
        steps.push({ op: 'revoke', iso: 1 - iso, id }, { op: 'read', iso: 1 - iso, device }, { op: 'list', iso, id, current: device, bare: false, asNumber: false });
      }
    } else {
      // A request in flight: a device read in `iso`, then (a ms later or so) a revocation of its user, a destroy of
      // it or a change of it in either isolate, then the request commits; its answer goes to a tab. Then reads.
      const mid = pick(['revoke', 'revoke', 'destroy', 'change', 'none']);
      steps.push({
        op: 'race',
        iso,
        device: int(DEVICES),
        signedIn: random() < 0.6,
        mid,
        midIso: int(2),
        id: pick(ID_FORMS),
        except: random() < 0.3 ? int(DEVICES) : undefined,
        a: pick([0, 1, 3]),
        b: pick([0, 1, 3, 40]),
        release: pick(['data', 'data', 'same', 'switch']),
        switchTo: pick(ID_FORMS),
        to: int(DEVICES),
      });
      if (random() < 0.7) {
        const to = steps.at(-1).to;
        steps.push({ op: 'read', iso: int(2), device: to }, { op: 'tick', ms: pick([1, 4_990, 5_001 + int(200)]) }, { op: 'read', iso, device: to });
      }
    }
  }
  return steps;
}

/** Runs `steps` in a fresh KV and storages; { ok, step, error, tally }. */
async function run(steps) {
  clock.newDay();
  const storages = storagesOver(mapKV());
  const model = oracle();
  let counter = 0; // each write's value of 'n': a read tells which write it sees
  const devices = Array.from({ length: DEVICES }, () => ({ cookie: null, id: null }));
  const tally = {};
  const count = (name) => void (tally[name] = (tally[name] ?? 0) + 1);
  const here = (iso) => 'AB'[iso];
  /** The device `index` names, or with `signedIn` the first from it on that the model holds signed in (if any). */
  const deviceAt = (index, signedIn) => {
    for (let k = 0; signedIn && k < DEVICES; k++) {
      const M = model.sessions.get(devices[(index + k) % DEVICES].id ?? '');
      if (M && !M.gone && M.user !== undefined) return (index + k) % DEVICES;
    }
    return index;
  };

  /** Reads a device's cookie in `iso`, checks what it is, renews it when due; { session, M (as read, or null), user }. */
  async function read(iso, device, label, { renew = true } = {}) {
    const M0 = device.id === null ? undefined : model.sessions.get(device.id);
    model.lookUp(iso, M0);
    const session = await storages[iso].getSession(device.cookie);
    const value = session.get('userId');
    const got = { id: session.id, user: value === undefined ? undefined : String(value), n: session.get('n') };
    const { expected, why, by } = model.expectRead(iso, M0);
    const asM = M0 && got.id === M0.id && got.user === M0.user && got.n === M0.n;
    const asFresh = got.id === '' && got.user === undefined && got.n === undefined;
    const shown = `${JSON.stringify(got)}${M0 ? `; the model: ${M0.id.slice(0, 8)} ${M0.user ?? 'anonymous'} n=${M0.n}` : ''}`;
    const whyText = `${why ? ` (${why})` : ''}${by ? `, revoked at +${by.t % DAY} in ${here(by.iso)}${M0?.S ? `, signed in at +${M0.S.t % DAY} in ${here(M0.S.iso)}` : ''}` : ''}`;
    const ok = { alive: asM, fresh: asFresh, either: asM || asFresh }[expected];
    assert.ok(ok, `${label}: read in ${here(iso)} ${shown}; expected ${expected === 'alive' ? (M0.user ? 'signed in' : 'anonymous') : expected}${whyText}`);
    count(expected === 'alive' ? (M0.user ? 'signed in' : 'anonymous') : expected);
    if (expected === 'fresh') count(`fresh: ${why.split(' ')[0]}`);
    if (by && by.iso !== iso) count('fresh by the other isolate\'s mark');
    if (expected === 'alive' && M0.keptBy.size > 0) count('kept read');
    if (asM) model.mayFill(iso, M0.user);
    if (asM && renew && session.renewalDue) {
      const setCookie = await storages[iso].commitSession(session);
      const refused = isExpiring(setCookie);
      assert.ok(!refused || expected === 'either', `${label}: the renewal in ${here(iso)} was refused`);
      if (refused) count('renewal refused (read either)');
      if (refused) Object.assign(device, { cookie: null, id: null });
      else {
        assert.equal(session.id, M0.id, `${label}: a renewal changed the ID`);
        M0.W = clock.now;
        device.cookie = pairOf(setCookie);
        count('renewal');
      }
    }
    return { session, M: asM ? M0 : null, user: got.user };
  }

  /**
   * After a commit of `session` read as M (null: fresh), a sign-in or not: the model's record of it. `regen`: a
   * regenerateId(true) or a switch of user, which end the old ID (README); a new ID otherwise (an anonymous session's
   * sign-in) leaves the old one as the README does not say.
   */
  function committed(iso, session, M, { user = M?.user, signIn = false, regen = false, C } = {}) {
    const id = session.id;
    assert.match(id, /^[0-9a-f]{40}$/, 'a commit without an ID');
    if (M && id === M.id) {
      assert.ok(!regen, 'regenerateId(true) or a switch of user kept the ID');
      if (signIn) Object.assign(M, { user, S: model.signIn(iso, user), listed: true, keptBy: new Set(), readEither: false, confused: false });
      Object.assign(M, { W: clock.now, n: session.get('n') });
      return M;
    }
    assert.ok(!model.sessions.has(id), `a commit reused the ID ${id} of another session`);
    const fields = { id, n: session.get('n'), C: C ?? M?.C ?? [clock.now, clock.now] };
    if (signIn) Object.assign(fields, { user, S: model.signIn(iso, user), listed: true });
    else if (M?.user !== undefined) {
      // The same session under a new ID (regenerateId): the same sign-in, listed anew; except's keeping moves with it.
      Object.assign(fields, { user: M.user, S: M.S, listed: M.listed, keptBy: new Set(M.keptBy), readEither: M.readEither, confused: M.confused });
    }
    if (M && !M.gone && regen) model.end(M, iso, M.user !== undefined && signIn ? 'switch' : 'regenerateId(true)');
    else if (M && !M.gone) {
      M.readEither = true;
      count('README silent: a sign-in under a new ID left the anonymous one');
    }
    return model.add(fields);
  }

  /** A sign-in refused by a revocation it may be void by: the answer is a logout, a switch's old ID deleted all the same. */
  function signInRefused(iso, M, oldUser, user, label) {
    model.signIn(iso, user); // its stamp may have been taken
    count('sign-in refused in the other isolate\'s revocation\'s window');
    if (!M || M.gone) return;
    if (oldUser !== undefined) model.end(M, iso, 'refused switch');
    else M.readEither = true; // README silent: an anonymous session's record when its sign-in is refused
  }

  async function signIn(iso, device, id, regen, label) {
    const { session, M, user } = await read(iso, device, label, { renew: false });
    const newId = otherThan(id, user);
    if (regen) session.regenerateId(true);
    session.set('userId', newId);
    session.set('n', ++counter);
    const mayBeVoid = model.signInMayBeVoid(iso, String(newId));
    const setCookie = await storages[iso].commitSession(session);
    if (isExpiring(setCookie)) {
      assert.ok(mayBeVoid, `${label}: a sign-in of ${newId} in ${here(iso)} was refused`);
      signInRefused(iso, M, user, String(newId), label);
      return Object.assign(device, { cookie: null, id: null });
    }
    if (user !== undefined) assert.notEqual(session.id, M.id, `${label}: a switch of user from ${user} kept the ID`);
    if (user !== undefined) count('switch');
    const now = committed(iso, session, M, { user: String(newId), signIn: true, regen: regen || user !== undefined });
    model.mayFill(iso, now.user);
    Object.assign(device, { cookie: pairOf(setCookie), id: now.id });
  }

  async function revoke({ iso, id, except: exceptIndex, form, afterwards }, label, { holding } = {}) {
    const except = exceptIndex === undefined ? undefined : deviceAt(exceptIndex, id === undefined);
    // Never the device whose request is in flight (`holding`: its twin's keeping is another matter).
    const keptDevice = except === undefined || (holding && devices[except].id === holding) ? undefined : devices[except];
    let session;
    let exceptId;
    if (keptDevice && form !== 'listed id') {
      ({ session } = await read(iso, keptDevice, label, { renew: false }));
      exceptId = session.id || undefined;
    } else if (keptDevice) exceptId = keptDevice.id ?? undefined; // an ID from a listing, say: nobody's request
    const deviceUser = exceptId === undefined ? undefined : model.sessions.get(exceptId)?.user;
    id ??= session?.get('userId') ?? (deviceUser === undefined ? ID_FORMS[except % ID_FORMS.length] : deviceUser);
    const user = String(id);
    let options;
    if (session && form !== 'id') options = form === 'bare' ? session : { except: session };
    else if (exceptId !== undefined) options = { except: exceptId }; // the request's own session by its ID, or a listed one
    const count_ = await storages[iso].revokeUserSessions(id, options);
    const { min, max, maybes } = model.revoke(iso, user, exceptId);
    count(min === max ? 'exact count' : 'count range');
    for (const reason of maybes) count(`count ${reason}`);
    if (count_ > 0) count('count > 0');
    if (exceptId !== undefined && model.sessions.get(exceptId)?.user === user) count(`kept by ${form}`);
    assert.ok(min <= count_ && count_ <= max, `${label}: revoking ${user} in ${here(iso)} counted ${count_}; expected ${min === max ? min : `${min} to ${max}`}`);
    if (!session) return;
    const M = model.sessions.get(session.id);
    const kept = M && M.user === user && !M.gone;
    if (!kept || afterwards === 'dispose') return session.dispose();
    // The kept device's request goes on: a change, or a rotation, committed after the revocation is kept (README).
    if (afterwards === 'regen') session.regenerateId(true);
    session.set('n', ++counter);
    const setCookie = await storages[iso].commitSession(session);
    assert.ok(!isExpiring(setCookie), `${label}: the kept session's ${afterwards} after the revocation was refused`);
    const now = committed(iso, session, M, { regen: afterwards === 'regen' });
    count(`kept by ${form} then ${afterwards}`);
    Object.assign(keptDevice, { cookie: pairOf(setCookie), id: now.id });
  }

  async function list({ iso, id, of, current: currentIndex, bare, asNumber }, label) {
    if (of !== undefined) of = deviceAt(of, true);
    const current = currentIndex === undefined ? undefined : of ?? currentIndex;
    const held = of === undefined ? undefined : model.sessions.get(devices[of].id ?? '')?.user;
    const user = held ?? String(id);
    if (held !== undefined) id = asNumber && /^\d+$/.test(held) ? Number(held) : held; // 7 or '7': one user
    let session;
    if (current !== undefined) ({ session } = await read(iso, devices[current], label, { renew: false }));
    const currentId = session?.id || undefined;
    const entries = await storages[iso].listUserSessions(id, session === undefined ? undefined : bare ? session : { current: session });
    model.mayFill(iso, user);
    session?.dispose();
    const ids = entries.map((entry) => entry.id);
    assert.equal(new Set(ids).size, ids.length, `${label}: an ID listed twice`);
    for (let i = 1; i < entries.length; i++) {
      assert.ok(entries[i - 1].lastSeenAt >= entries[i].lastSeenAt, `${label}: not most recently seen first`);
    }
    for (const entry of entries) {
      const M = model.sessions.get(entry.id);
      const what = M ? `${M.user ?? 'anonymous'}${M.gone ? `, ${M.endedAt.kind} in ${here(M.endedAt.iso)}` : ''}, standing ${model.standing(M)}, ${model.expiry(M)}` : 'unknown';
      assert.ok(M && model.mayList(M, user), `${label}: ${user}'s listing in ${here(iso)} names ${entry.id.slice(0, 8)} (${what})`);
      assert.equal(entry.current === true, entry.id === currentId, `${label}: current is ${entry.current} on ${entry.id.slice(0, 8)}`);
      if (M.confused) continue;
      const windows = [M.S, ...M.keptBy];
      assert.ok(windows.some((w) => w.t <= entry.createdAt && entry.createdAt <= w.hi), `${label}: createdAt +${entry.createdAt % DAY}, signed in at +${M.S.t % DAY}..${M.S.hi % DAY}`);
      if (model.mustList(M, user)) {
        assert.ok(M.W <= entry.lastSeenAt && entry.lastSeenAt <= Math.max(M.W, entry.createdAt), `${label}: lastSeenAt +${entry.lastSeenAt % DAY}, last written at +${M.W % DAY}`);
        count('listed as must');
      } else count('listed as may');
    }
    for (const M of model.sessions.values()) {
      if (!model.mustList(M, user)) {
        if (M.user === user && !model.mayList(M, user)) count(M.gone ? 'unlisted: ended' : 'unlisted: voided or expired');
        continue;
      }
      assert.ok(ids.includes(M.id), `${label}: ${user}'s listing in ${here(iso)} misses ${M.id.slice(0, 8)} (signed in at +${M.S.t % DAY} in ${here(M.S.iso)}, last written +${M.W % DAY})`);
    }
    count('listing');
    if (currentId !== undefined && ids.includes(currentId)) count('listing with current');
  }

  async function race(step, label) {
    const { iso, device, signedIn, mid, midIso, except, a, b, release, switchTo, to } = step;
    const D = devices[deviceAt(device, signedIn)];
    const { session: H, M: Mh, user: heldUser } = await read(iso, D, label, { renew: false });
    const holdSeq = model.next();
    clock.now += a;
    if (mid === 'revoke') {
      await revoke({ iso: midIso, id: heldUser ?? step.id, except, form: 'option', afterwards: 'dispose' }, label, { holding: Mh?.id });
    } else if (mid === 'destroy') {
      const { session, M } = await read(midIso, D, label, { renew: false });
      if (M) {
        assert.ok(isExpiring(await storages[midIso].destroySession(session)), `${label}: destroySession did not expire the cookie`);
        model.end(M, midIso, 'destroyed');
        Object.assign(D, { cookie: null, id: null });
      } else session.dispose();
    } else if (mid === 'change') await apply.change({ iso: midIso, device }, label);
    clock.now += b;
    const newUser = release === 'switch' ? otherThan(switchTo, heldUser) : undefined;
    if (newUser !== undefined) H.set('userId', newUser);
    else if (release === 'same' && heldUser !== undefined) H.set('userId', H.get('userId')); // no new sign-in (README)
    H.set('n', ++counter);
    const mayBeVoid = newUser !== undefined && model.signInMayBeVoid(iso, String(newUser));
    const setCookie = await storages[iso].commitSession(H);
    const refused = isExpiring(setCookie);
    const endedSince = Mh?.gone && Mh.endedAt.seq > holdSeq;
    const endedHere = endedSince && Mh.endedAt.iso === iso;
    const unsure = Mh && (endedSince || model.standing(Mh) !== 'clear' || Mh.readEither || Mh.confused);
    const what = `${newUser !== undefined ? `signing ${newUser} in` : 'a change'} in ${here(iso)} of ${Mh ? `${Mh.id.slice(0, 8)} (${Mh.user ?? 'anonymous'})` : 'a fresh session'} after ${mid} in ${here(midIso)}`;
    if (newUser !== undefined) {
      // README: a sign-in racing a logout or a revocation undoes neither: written, under a new ID; a switch always is
      // (refused only by a revocation of the new user that may void it).
      if (refused) {
        assert.ok(mayBeVoid, `${label}: ${what} was refused`);
        signInRefused(iso, Mh, heldUser, String(newUser), label);
        devices[to] = { cookie: null, id: null };
        return;
      }
      if (heldUser !== undefined || endedHere) assert.notEqual(H.id, Mh.id, `${label}: ${what} kept the ID`);
      count(heldUser !== undefined ? 'race: switch' : 'race: sign-in');
      let M;
      if (Mh && H.id === Mh.id) {
        if (Mh.gone) Object.assign(Mh, { gone: false, endedAt: undefined }); // another isolate's delete, written over
        M = committed(iso, H, Mh, { user: String(newUser), signIn: true });
      } else {
        M = committed(iso, H, Mh, { user: String(newUser), signIn: true, regen: heldUser !== undefined, C: unsure ? [Mh.C[0], clock.now] : undefined });
      }
      devices[to] = { cookie: pairOf(setCookie), id: M.id };
      return;
    }
    if (!Mh) {
      assert.ok(!refused, `${label}: ${what} was refused`);
      const M = committed(iso, H, null);
      devices[to] = { cookie: pairOf(setCookie), id: M.id };
      return;
    }
    if (endedHere) {
      assert.ok(refused, `${label}: ${what} was written back (README: a request that read it before writes it no more)`);
      count('race: refused in the isolate that ended it');
    } else if (!unsure) assert.ok(!refused, `${label}: ${what} was refused`);
    if (refused) {
      devices[to] = { cookie: null, id: null };
      return;
    }
    assert.equal(H.id, Mh.id, `${label}: ${what} changed the ID`);
    if (Mh.gone) {
      // Another isolate's delete: last write wins (README, Logout), the record back; a revocation's mark voids it.
      const byRevocation = Mh.endedAt.kind === 'revoked';
      Object.assign(Mh, { gone: false, endedAt: undefined, listed: Mh.user === undefined ? false : 'maybe' });
      if (!byRevocation) Mh.readEither = true;
      count(byRevocation ? 'race: written back over a revocation' : 'race: written back over a logout');
    } else count(unsure ? 'race: written, unsure' : 'race: written');
    Object.assign(Mh, { W: clock.now, n: H.get('n') });
    model.mayFill(iso, Mh.user);
    devices[to] = { cookie: pairOf(setCookie), id: Mh.id };
  }

  const apply = {
    tick: ({ ms }) => void (clock.now += ms),
    signIn: ({ iso, device, id, regen }, label) => signIn(iso, devices[device], id, regen, label),
    read: async ({ iso, device }, label) => (await read(iso, devices[device], label)).session.dispose(),
    copy({ from, to }) {
      if (from !== to) devices[to] = { ...devices[from] }; // another tab, or a thief's copy: one session
    },
    async change({ iso, device: index }, label) {
      const device = devices[index];
      const { session, M } = await read(iso, device, label, { renew: false });
      session.set('n', ++counter);
      const setCookie = await storages[iso].commitSession(session);
      assert.ok(!isExpiring(setCookie), `${label}: a change in ${here(iso)} was refused`);
      if (M) assert.equal(session.id, M.id, `${label}: a change moved the session to a new ID`);
      const now = committed(iso, session, M);
      model.mayFill(iso, now.user);
      Object.assign(device, { cookie: pairOf(setCookie), id: now.id });
    },
    async logout({ iso, device: index, destroy }, label) {
      const device = devices[deviceAt(index, true)];
      const { session, M, user } = await read(iso, device, label, { renew: false });
      if (user === undefined) return session.dispose(); // nobody to sign out
      if (destroy) {
        assert.ok(isExpiring(await storages[iso].destroySession(session)), `${label}: destroySession did not expire the cookie`);
        model.end(M, iso, 'destroyed');
        Object.assign(device, { cookie: null, id: null });
        count('logout: destroy');
        return;
      }
      session.unset('userId');
      const setCookie = await storages[iso].commitSession(session);
      assert.ok(!isExpiring(setCookie), `${label}: a sign-out by unset in ${here(iso)} was refused`);
      assert.equal(session.id, M.id, `${label}: a sign-out by unset moved the session to a new ID`);
      Object.assign(M, { user: undefined, S: null, listed: false, keptBy: new Set(), readEither: false, confused: false, W: clock.now });
      device.cookie = pairOf(setCookie);
      count('logout: unset');
    },
    async regen({ iso, device: index, signedIn }, label) {
      const device = devices[deviceAt(index, signedIn)];
      const { session, M } = await read(iso, device, label, { renew: false });
      if (!M) return session.dispose();
      session.regenerateId(true);
      session.set('n', ++counter);
      const setCookie = await storages[iso].commitSession(session);
      assert.ok(!isExpiring(setCookie), `${label}: regenerateId(true) in ${here(iso)} was refused`);
      assert.notEqual(session.id, M.id, `${label}: regenerateId(true) kept the ID`);
      const now = committed(iso, session, M, { regen: true });
      count('regenerateId(true)');
      Object.assign(device, { cookie: pairOf(setCookie), id: now.id });
    },
    list,
    revoke: (step, label) => revoke(step, label),
    async burst({ iso, ids, device }, label) {
      let slot = device;
      for (const id of ids) {
        if (!ID_FORMS.includes(id)) {
          const session = await storages[iso].getSession(null);
          session.set('userId', id);
          await storages[iso].commitSession(session);
        } else await signIn(iso, (devices[slot++ % DEVICES] = { cookie: null, id: null }), id, false, label);
      }
    },
    race,
  };

  return applySteps(steps, apply, tally);
}

/** The fewest checks of each kind the default seeds run (about half of what they do). */
const LEAST = {
  // reads: whom each cookie opens, and why it opens nobody
  'signed in': 600, anonymous: 400, fresh: 1200, either: 80, 'fresh: deleted': 450, 'fresh: idle': 200, 'fresh: absolute': 40,
  'fresh: mark': 90, "fresh by the other isolate's mark": 35, 'kept read': 40, renewal: 100,
  // revocations: counts, and each form of except (and the kept device's rotation)
  'exact count': 300, 'count range': 15, 'count > 0': 150, 'kept by option': 10, 'kept by bare': 8, 'kept by id': 8,
  'kept by listed id': 10, 'kept by id then regen': 4,
  // listings
  listing: 150, 'listed as must': 70, 'listing with current': 20, 'unlisted: voided or expired': 300,
  // sign-ins, sign-outs, new IDs
  switch: 60, 'regenerateId(true)': 25, 'logout: unset': 30, 'logout: destroy': 40,
  // requests in flight
  'race: refused in the isolate that ended it': 30, 'race: written back over a revocation': 15,
  'race: written back over a logout': 12, 'race: switch': 25, 'race: sign-in': 40,
};

describe('Workers KV storage with userKey, two isolates over one KV namespace (seeded model)', () => {
  seedTests({ seeds: SEEDS, steps: STEPS, fullSteps: 800, stepsOf, run, least: LEAST });
});
