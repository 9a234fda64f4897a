// Every storage tells the same story (outside audit, s37): one seeded sequence of steps (a few devices of two users:
// reads, changes, flash, sign-in/out, regenerateId, logout, listUserSessions / revokeUserSessions from a request
// and from outside one, and clock moves aimed at each expiry and renewal boundary: 1 ms before, at, 1 ms after) is
// run against every storage through withSession, and what a user can observe after each step is recorded: what
// the request read (data, user, flash), the Set-Cookie it got (none, set, cleared), listUserSessions' entries
// (device, createdAt, lastSeenAt relative to the run's start, current) and revokeUserSessions' count. The Node test
// (tests/js/storages-agree-model.test.js) and the Worker (tests/workerd/storages-agree-worker) compare those records
// storage by storage. Nothing here is Node's: the Worker bundles this file.

import { rng } from './seeded-random.js';

export const USER_KEY = 'uid';
export const LIFETIMES = {
  // touchInterval: a quarter of min(idleTimeout, maxAge) = 2 s
  full: { cookie: { maxAge: 12 }, idleTimeout: 8, absoluteTimeout: 20 },
  maxAgeOnly: { cookie: { maxAge: 5 } },
  idleOnly: { cookie: {}, idleTimeout: 4 },
  // touchInterval a quarter of maxAge (1 s) when that is shorter than idleTimeout; one given
  maxAgeUnderIdle: { cookie: { maxAge: 4 }, idleTimeout: 10, absoluteTimeout: 15 },
  touchGiven: { cookie: { maxAge: 20 }, idleTimeout: 8, touchInterval: 3 },
  // a fixed `expires` 15 s past the run's start (made by lifetimeOf), alone and beside maxAge and idleTimeout
  expires: (t0) => ({ cookie: { expires: new Date(t0 + 15_000) } }),
  expiresAndMaxAge: (t0) => ({ cookie: { maxAge: 12, expires: new Date(t0 + 15_000) }, idleTimeout: 8 }),
};
/** The storage options of lifetime `name` for a run starting at `t0`. */
export const lifetimeOf = (name, t0) => (typeof LIFETIMES[name] === 'function' ? LIFETIMES[name](t0) : LIFETIMES[name]);
const DEVICES = 3;
const USERS = ['u1', 'u2'];


/** Steps: { op: 'req', d, a: action } | { op: 'list' | 'revoke', user } | { op: 'adv', ms } | { op: 'to', d, base, k, delta }. */
export function genSteps(seed, count, { copies = false } = {}) {
  const r = rng(seed);
  const steps = [];
  for (let i = 0; i < count; i++) {
    const x = r.next();
    if (copies && x < 0.03) steps.push({ op: 'copy', from: r.int(DEVICES), to: r.int(DEVICES) }); // a thief's copy of a cookie
    else if (x < 0.12) steps.push({ op: 'adv', ms: r.chance(0.6) ? 1 + r.int(1500) : 2000 + r.int(8000) });
    else if (x < 0.27) steps.push({ op: 'to', d: r.int(DEVICES), base: r.pick(['write', 'start', 'signIn']), k: r.pick([1, 2, 3, 4, 5, 8, 10, 12, 15, 20]) * 1000, delta: r.pick([-1, 0, 1]) });
    else if (x < 0.32) steps.push({ op: 'list', user: r.pick(USERS) });
    else if (x < 0.36) steps.push({ op: 'revoke', user: r.pick(USERS) });
    else {
      const d = r.int(DEVICES);
      const a = r.chance(0.2) ? { ops: Array.from({ length: 2 + r.int(2) }, () => action(r)) } : action(r);
      steps.push({ op: 'req', d, a });
    }
  }
  return steps;
}

/** One action of a request (a request makes one, or two or three in turn). */
function action(r) {
  const y = r.next();
  let a;
  if (y < 0.25) a = { op: 'read' };
  else if (y < 0.42) a = { op: 'set', v: r.int(100) };
  else if (y < 0.52) a = { op: 'flash', v: r.int(100) };
  else if (y < 0.67) a = { op: 'signin', user: r.pick(USERS) };
  else if (y < 0.72) a = { op: 'signout' };
  else if (y < 0.8) a = { op: 'regen', del: r.chance(0.5) };
  else if (y < 0.86) a = { op: 'logout' };
  else if (y < 0.93) a = { op: 'listMine' };
  else a = { op: 'revokeOthers' };
  return a;
}

export const describeStep = (s) =>
  s.op === 'req' ? `device ${s.d}: ${JSON.stringify(s.a)}` : s.op === 'to' ? `clock to device ${s.d}'s ${s.base} + ${s.k} ms ${s.delta >= 0 ? '+' : ''}${s.delta}` : JSON.stringify(s);

/** The handler every storage runs under withSession: the action `a` (JSON in ?a=) on the request's session. */
export async function handle(request, { session, storage }) {
  const a = JSON.parse(new URL(request.url).searchParams.get('a'));
  const out = { id: session.id, n: session.get('n') ?? null, uid: session.get(USER_KEY) ?? null, flash: session.get('f') ?? null };
  for (const op of a.ops ?? [a]) {
    try {
      await act(op, session, storage, out);
    } catch (error) {
      out.error = `${error.name}: ${error.message}`;
      break;
    }
  }
  return new Response(JSON.stringify(out), { headers: { 'content-type': 'application/json' } });
}

/** One action of a request on its session; `out` takes what a listing or revocation answers. */
async function act(a, session, storage, out) {
  switch (a.op) {
    case 'read':
      break;
    case 'set':
      session.set('n', a.v);
      break;
    case 'flash':
      session.flash('f', a.v);
      break;
    case 'signin':
      session.set(USER_KEY, a.user);
      break;
    case 'signout':
      session.unset(USER_KEY);
      break;
    case 'regen':
      session.regenerateId(a.del);
      break;
    case 'logout':
      session.destroy();
      break;
    case 'listMine':
      // the cookie storage cannot list (README): its TypeError is kept apart, and the request goes on
      if (session.get(USER_KEY) !== undefined) out.list = await storage.listUserSessions(session.get(USER_KEY), { current: session }).catch((error) => void (out.listError = error.message));
      break;
    case 'revokeOthers':
      if (session.get(USER_KEY) !== undefined) out.count = await storage.revokeUserSessions(session.get(USER_KEY), { except: session });
      break;
  }
}

/** The session ID a server-side storage's cookie value names (React Router's layout: the JSON string of the ID). */
function idOfCookie(value) {
  try {
    const payload = decodeURIComponent(value).split('.')[0];
    return JSON.parse(atob(payload));
  } catch {
    return null;
  }
}

function setCookieKind(headers, name) {
  const mine = headers.filter((h) => h.startsWith(name + '=') || h.startsWith(name + '.'));
  if (mine.length === 0) return 'none';
  const first = mine.find((h) => h.startsWith(name + '=')) ?? mine[0];
  const value = first.slice(first.indexOf('=') + 1).split(';')[0];
  return value === '' || /max-age=0(;|$)/i.test(first) ? 'cleared' : 'set';
}

function applySetCookies(jar, headers) {
  for (const header of headers) {
    const [pair, ...attributes] = header.split(';');
    const equals = pair.indexOf('=');
    const name = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1);
    const expired = attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a));
    if (expired || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}

function cookieHeader(jar) {
  if (jar.size === 0) return null;
  const chunkOf = (name) => (name.includes('.') ? Number(name.split('.').pop()) : 0);
  return [...jar.keys()]
    .sort((x, y) => chunkOf(x) - chunkOf(y))
    .map((name) => `${name}=${jar.get(name)}`)
    .join('; ');
}

/**
 * Runs `steps` on one storage; returns { records, error? }: one observation per step.
 * @param {object} target { fetch(request), storage, serverSide: boolean, cookieName, setNow(ms), t0, clock? }
 *   (`clock`: a reference run's records, whose clock moves this run takes)
 */
export async function runSteps(steps, target) {
  const { t0, cookieName = '__session' } = target;
  let now = t0;
  target.setNow(now);
  const jars = Array.from({ length: DEVICES }, () => new Map());
  const times = Array.from({ length: DEVICES }, () => ({ write: null, start: null, signIn: null }));
  const idToDevice = new Map();
  const records = [];
  const rel = (ms) => (typeof ms === 'number' ? ms - t0 : ms);
  // most recently seen first; the order of equal times is not said
  const listed = (list) =>
    list
      .map((e) => ({ who: idToDevice.has(e.id) ? `d${idToDevice.get(e.id)}` : 'other', createdAt: rel(e.createdAt), lastSeenAt: rel(e.lastSeenAt), current: e.current === true }))
      .sort((x, y) => y.lastSeenAt - x.lastSeenAt || JSON.stringify(x).localeCompare(JSON.stringify(y)));
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    let rec;
    try {
      if ((s.op === 'adv' || s.op === 'to') && target.clock) {
        // the reference storage's clock: a cookie storage cannot tell the harness when a session began
        now = t0 + target.clock[i].t;
        rec = { t: rel(now) };
      } else if (s.op === 'adv') {
        now += s.ms;
        rec = { t: rel(now) };
      } else if (s.op === 'to') {
        const base = times[s.d][s.base];
        const target = base === null ? null : base + s.k + s.delta;
        if (target !== null && target > now) now = target;
        rec = { t: rel(now) };
      } else if (s.op === 'copy') {
        jars[s.to] = new Map(jars[s.from]);
        times[s.to] = { ...times[s.from] };
        rec = {};
      } else if (s.op === 'list') {
        target.setNow(now);
        if (!target.serverSide) rec = { skipped: true };
        else rec = { list: listed(await target.storage.listUserSessions(s.user)) };
      } else if (s.op === 'revoke') {
        target.setNow(now);
        rec = { count: await target.storage.revokeUserSessions(s.user) };
      } else {
        target.setNow(now);
        const headers = new Headers();
        const cookie = cookieHeader(jars[s.d]);
        if (cookie !== null) headers.set('cookie', cookie);
        const response = await target.fetch(new Request(`https://example.com/?a=${encodeURIComponent(JSON.stringify(s.a))}`, { headers }));
        const text = await response.text();
        const setCookies = response.headers.getSetCookie();
        if (response.status !== 200) {
          rec = { status: response.status, body: text.slice(0, 200) };
        } else {
          const out = JSON.parse(text);
          const kind = setCookieKind(setCookies, cookieName);
          applySetCookies(jars[s.d], setCookies);
          const fresh = target.serverSide ? out.id === '' : out.n === null && out.uid === null && out.flash === null;
          if (kind === 'set') {
            times[s.d].write = now;
            if (fresh || times[s.d].start === null) times[s.d].start = now;
            if ((s.a.ops ?? [s.a]).some((o) => o.op === 'signin' && o.user !== out.uid)) times[s.d].signIn = now;
            if (target.serverSide) {
              const id = idOfCookie(jars[s.d].get(cookieName));
              if (id !== null) idToDevice.set(id, s.d);
            }
          } else if (kind === 'cleared') times[s.d] = { write: null, start: null, signIn: null };
          rec = { n: out.n, uid: out.uid, flash: out.flash, setCookie: kind };
          if (out.list) rec.list = listed(out.list);
          if ('count' in out) rec.count = out.count;
          if (out.error) rec.error = out.error;
        }
      }
    } catch (error) {
      rec = { threw: `${error?.name}: ${error?.message}` };
    }
    records.push(rec);
  }
  return records;
}

/**
 * The first step where `b`'s records differ from `a`'s, over the fields `fields` picks from each record, or -1.
 * @param {(rec: object, step: object) => object} fields
 */
export function firstDifference(steps, a, b, fields) {
  for (let i = 0; i < steps.length; i++) {
    const x = JSON.stringify(fields(a[i], steps[i]));
    const y = JSON.stringify(fields(b[i], steps[i]));
    if (x !== y) return { step: i, a: x, b: y };
  }
  return null;
}
