// Differential (seeded, property-based) against react-router 7's own session storages: random sequences of what an
// app does (getSession with the browser's cookie, none, a tampered one or an earlier copy; get, has, set, unset,
// flash and the next request's read of it, data; commitSession with no options, maxAge or expires; destroySession;
// the clock moved past an expiry, Date mocked by node:test for both) run against react-router's
// createCookieSessionStorage / createMemorySessionStorage and edge-session's, each with its own browser jar that
// honours Max-Age/Expires. Every answer the app sees is compared: values (undefined vs null, types after a round
// trip), has, data, and the Set-Cookie's attributes. README's Choices are left out, not compared: flash semantics
// are Remix v3's (a flash read once, in the next request, and gone after it read or not; not visible in its own
// request), set(k, null) deletes, a Date reads as its ISO string at once (so react-router's in-request answers are
// taken through JSON), destroySession adds Max-Age=0 and ends the Session, server-side expiry of replayed cookies,
// an unknown ID not adopted. A failure prints its seed and the shortest step sequence found.
//
// Env: DIFF_SEEDS (comma list), DIFF_STEPS.
import { describe, it, mock } from 'node:test';
import * as theirLib from 'react-router';
import * as ourLib from 'edge-session';
import { mulberry32 } from './seeded-random.js';
import { checkSeed } from './shrink-steps.js';
import { applySteps, clientSteps, describeValue, Jar, parseSetCookie, same, VALUES, viaJson } from './differential-support.js';

const SEEDS = (process.env.DIFF_SEEDS ?? '1,2,3,4,5,6').split(',').map(Number);
const STEPS = Number(process.env.DIFF_STEPS ?? 200);
const SECRET = 'differential-secret-of-32-chars!';
const VALUE_KEYS = ['a', 'b', 'ключ', '', '__proto__', 'constructor'];
const FLASH_KEYS = ['f', 'toString'];
const KEYS = [...VALUE_KEYS, ...FLASH_KEYS];
const FLASH_NAME = /^__flash_([\s\S]*)__$/;

function cookieOptionsFor(rng) {
  const pick = (list) => list[Math.floor(rng() * list.length)];
  const sameSite = pick(['lax', 'strict', 'none']);
  return {
    name: '__session',
    secrets: [SECRET],
    httpOnly: rng() < 0.7,
    secure: sameSite === 'none' || rng() < 0.5, // SameSite=None forces Secure in ours (issue 2)
    sameSite,
    path: pick(['/', '/app']),
    ...(rng() < 0.5 ? { maxAge: pick([60, 3600]) } : {}),
    ...(rng() < 0.3 ? { domain: 'example.com' } : {}),
  };
}

function stepsFor(rng, count) {
  const pick = (list) => list[Math.floor(rng() * list.length)];
  const steps = [];
  for (let i = 0; i < count; i++) {
    const r = rng();
    if (r < 0.1) steps.push({ op: 'begin', cookie: pick(['jar', 'jar', 'jar', 'none', 'tampered', 'replay']), index: Math.floor(rng() * 1000) });
    else if (r < 0.25) steps.push({ op: 'get', key: pick(KEYS) });
    else if (r < 0.33) steps.push({ op: 'has', key: pick(KEYS) });
    else if (r < 0.5) steps.push({ op: 'set', key: pick(VALUE_KEYS), value: Math.floor(rng() * VALUES.length) });
    else if (r < 0.56) steps.push({ op: 'unset', key: pick(KEYS) });
    else if (r < 0.64) steps.push({ op: 'flash', key: pick(FLASH_KEYS), value: rng() < 0.15 ? null : Math.floor(rng() * VALUES.length) });
    else if (r < 0.68) steps.push({ op: 'data' });
    else if (r < 0.84) {
      const options = pick(['none', 'none', 'maxAge', 'expires']);
      steps.push({ op: 'commit', options, maxAge: pick([0, 1, 30, 120]), expiresIn: pick([1500, 45_000, 7_200_000]) });
    } else if (r < 0.89) steps.push({ op: 'destroy' });
    else if (r < 0.92) steps.push({ op: 'drop' });
    else steps.push({ op: 'advance', ms: pick([400, 1500, 31_000, 61_000, 3_601_000]) });
  }
  return steps;
}

function describeStep(step) {
  switch (step.op) {
    case 'set':
      return `set(${JSON.stringify(step.key)}, ${describeValue(VALUES[step.value])})`;
    case 'flash':
      return `flash(${JSON.stringify(step.key)}, ${step.value === null ? 'null' : describeValue(VALUES[step.value])})`;
    case 'get':
    case 'has':
    case 'unset':
      return `${step.op}(${JSON.stringify(step.key)})`;
    case 'begin':
      return `getSession(${step.cookie}${step.cookie === 'replay' ? ` #${step.index}` : ''})`;
    case 'commit':
      return `commitSession(${step.options === 'none' ? '' : step.options === 'maxAge' ? `{ maxAge: ${step.maxAge} }` : `{ maxAge: undefined, expires: now + ${step.expiresIn} ms }`})`;
    case 'advance':
      return `clock += ${step.ms} ms`;
    default:
      return `${step.op}()`;
  }
}

/** Attributes as compared: destroySession's Max-Age=0 is ours only (README Choices). */
function attributesOf(header, destroyed) {
  const { name, attributes } = parseSetCookie(header);
  if (destroyed && attributes['max-age'] === '0') delete attributes['max-age'];
  return { name, attributes };
}

/** One seed's steps against one storage kind; `{ ok }` or where and why they differ. */
async function run(kind, variant, cookieOptions, steps, start) {
  mock.timers.enable({ apis: ['Date'], now: start });
  try {
    const ours =
      kind === 'createSessionStorage'
        ? ourLib.createSessionStorage({ cookie: cookieOptions, ...mapCallbacks() })
        : variant === 'sealed'
          ? ourLib[kind]({ cookie: { ...cookieOptions, encrypt: true } })
          : ourLib[kind]({ cookie: cookieOptions });
    const theirs = kind === 'createSessionStorage' ? theirLib.createSessionStorage({ cookie: cookieOptions, ...mapCallbacks() }) : theirLib[kind]({ cookie: cookieOptions });
    const jars = { ours: new Jar(), theirs: new Jar() };
    const history = []; // [{ ours, theirs, until }] every cookie value each side issued, for replays
    let req = null;

    async function begin(choice, index) {
      let ourCookie = jars.ours.current();
      let theirCookie = jars.theirs.current();
      if (choice === 'none') ourCookie = theirCookie = null;
      if (choice === 'tampered' && ourCookie !== null && theirCookie !== null) {
        const flip = (value) => value.slice(0, 3) + (value[3] === 'A' ? 'B' : 'A') + value.slice(4);
        [ourCookie, theirCookie] = [flip(ourCookie), flip(theirCookie)];
      }
      if (choice === 'replay') {
        const live = history.filter((entry) => entry.until === null || entry.until > Date.now());
        const entry = live.length === 0 ? { ours: null, theirs: null } : live[index % live.length];
        [ourCookie, theirCookie] = [entry.ours, entry.theirs];
      }
      const header = (value) => (value === null ? null : `__session=${value}`);
      req = {
        ours: await ours.getSession(header(ourCookie)),
        theirs: await theirs.getSession(header(theirCookie)),
        arrived: new Set(),
        flashed: new Set(),
      };
      // An ID with no record: react-router adopts it (remix#9590), ours gives a fresh session with no ID (README
      // Choices). Compared as both fresh; a record ours lost while theirs has it still shows in the values.
      if (req.ours.id === '' && req.theirs.id !== '' && Object.keys(req.theirs.data).length === 0) req.theirs = await theirs.getSession(null);
      // The next request's read of each flash that arrived (react-router's get consumes it; ours keeps it readable
      // until the commit: README Choices): read once, compared once.
      const arrived = Object.keys(req.theirs.data)
        .map((key) => FLASH_NAME.exec(key)?.[1])
        .filter((key) => key !== undefined)
        .sort();
      for (const key of FLASH_KEYS) same(`flash "${key}" arrived`, req.ours.has(key), arrived.includes(key));
      for (const key of arrived) {
        same(`the arrived flash "${key}" read with get`, req.ours.get(key), viaJson(req.theirs.get(key)));
        req.arrived.add(key);
      }
    }

    const open = async () => {
      if (req === null) await begin('jar', 0);
      return req;
    };
    /** A flash key whose answers README says differ in this request (read already, or flashed in it). */
    const flashOpen = (key) => req.arrived.has(key) || req.flashed.has(key);

    async function settle(ourHeader, theirHeader, destroyed, what) {
      same(`${what}: the Set-Cookie's attributes`, attributesOf(ourHeader, destroyed), attributesOf(theirHeader, destroyed));
      jars.ours.take(ourHeader);
      jars.theirs.take(theirHeader);
      history.push({ ours: jars.ours.value, theirs: jars.theirs.value, until: jars.theirs.until });
      same(`${what}: the browser keeps a cookie`, jars.ours.current() !== null, jars.theirs.current() !== null);
      req = null;
    }

    const apply = {
      begin: (step) => begin(step.cookie, step.index),
      async get(step) {
        const { ours: o, theirs: t } = await open();
        if (flashOpen(step.key)) return;
        same(`get(${JSON.stringify(step.key)})`, o.get(step.key), viaJson(t.get(step.key)));
      },
      async has(step) {
        const { ours: o, theirs: t } = await open();
        if (flashOpen(step.key)) return;
        same(`has(${JSON.stringify(step.key)})`, o.has(step.key), t.has(step.key));
      },
      async set(step) {
        const { ours: o, theirs: t } = await open();
        const value = VALUES[step.value];
        const [a, b] = [await threw(() => o.set(step.key, value)), await threw(() => t.set(step.key, value))];
        same(`set(${JSON.stringify(step.key)}) threw`, a, b);
      },
      async unset(step) {
        const { ours: o, theirs: t } = await open();
        o.unset(step.key);
        t.unset(step.key);
      },
      async flash(step) {
        const { ours: o, theirs: t } = await open();
        const value = step.value === null ? null : VALUES[step.value];
        o.flash(step.key, value);
        t.flash(step.key, value);
        req.flashed.add(step.key);
      },
      async data() {
        const { ours: o, theirs: t } = await open();
        same('data', o.data, viaJson(t.data));
      },
      async commit(step) {
        const { ours: o, theirs: t } = await open();
        const options =
          step.options === 'maxAge'
            ? { maxAge: step.maxAge }
            : step.options === 'expires'
              ? // With the cookie's own maxAge beside it, the browser keeps the cookie by Max-Age and ours ends the
                // session at the earlier of the two (js/lifetime.js earlierEnd; tests/js/differential-expires-beside-max-age):
                // the commit drops the maxAge, as "remember me" does.
                { maxAge: undefined, expires: new Date(Date.now() + step.expiresIn) }
              : undefined;
        const ourHeader = await ours.commitSession(o, options);
        const theirHeader = await theirs.commitSession(t, options);
        await settle(ourHeader, theirHeader, false, 'commitSession');
      },
      async destroy() {
        const { ours: o, theirs: t } = await open();
        await settle(await ours.destroySession(o), await theirs.destroySession(t), true, 'destroySession');
      },
      ...clientSteps(() => (req = null), mock),
    };

    return await applySteps(apply, steps);
  } finally {
    mock.timers.reset();
  }
}

/**
 * A database's four callbacks as React Router's docs write them (its memory storage's, records as JSON text as a
 * database keeps them): the same code under both libraries' createSessionStorage.
 */
function mapCallbacks() {
  const map = new Map();
  let next = 0;
  return {
    async createData(data, expires) {
      const id = `id${++next}`;
      map.set(id, { json: JSON.stringify(data), expires });
      return id;
    },
    async readData(id) {
      const entry = map.get(id);
      if (!entry) return null;
      if (entry.expires && !(entry.expires > new Date())) {
        map.delete(id);
        return null;
      }
      return JSON.parse(entry.json);
    },
    async updateData(id, data, expires) {
      map.set(id, { json: JSON.stringify(data), expires });
    },
    async deleteData(id) {
      map.delete(id);
    },
  };
}

async function threw(fn) {
  try {
    await fn();
    return false;
  } catch {
    return true;
  }
}

describe('differential against react-router 7 session storages', () => {
  for (const [kind, variant] of [['createCookieSessionStorage', 'signed'], ['createCookieSessionStorage', 'sealed'], ['createMemorySessionStorage', 'signed'], ['createSessionStorage', 'signed']]) {
    for (const [n, seed] of SEEDS.entries()) {
      it(`${kind} (ours ${variant}), seed ${seed}`, async () => {
        const rng = mulberry32(seed);
        const cookieOptions = cookieOptionsFor(rng);
        const steps = stepsFor(rng, STEPS);
        // Each seed starts past the last one's clock: the isolate's own notes outlive a run.
        const start = Date.UTC(2031, 0, 1) + (n + 1) * 30 * 86_400_000 + (kind.length % 7) * 86_400_000 * 200 + (variant === 'sealed' ? 86_400_000 * 5000 : 0);
        await checkSeed(seed, steps, (candidate) => run(kind, variant, cookieOptions, candidate, start), (step) => describeStep(step))
          .catch((error) => {
            error.message = `${kind} with cookie ${JSON.stringify(cookieOptions)}\n${error.message}`;
            throw error;
          });
      });
    }
  }
});
