// Seeded model of one visitor's requests through every way in: withSession, the Hono middleware (the app's routes
// and those of a sub-app with its own middleware under app.route(), both from one storage factory, and an onError
// page of the app's own), React Router 7's middleware (future.v8_middleware; on the root route, and again on a child
// route) and Remix v3's @remix-run/session-middleware under @remix-run/fetch-router (edge-session/remix's csrf()
// after it), each over the memory storage, the signed cookie storage and the sealed one (encrypt: true). The same
// app logic answers in each: a counter (read-modify-write), a flash set then viewed, a sign-in (userId +
// regenerateId(true)), a logout (destroy()), read-only views, a redirect carrying a flash (thrown where the framework
// has a way: Hono's HTTPException, React Router's redirect(); from Response.redirect's immutable headers elsewhere),
// a handler that throws, one that throws after destroy(), one that answers 503, and a forged POST (no CSRF token).
// Most steps are batches of 2-8 requests of the one browser held open at once (tests/helpers/gate.js): all have read
// the session before any is let go, then they are let go in a random order, one at a time or two or three at once
// (their writes race); requests start while the rest are held (with the browser's cookie, or a copy of the one the
// batch carried: after a logout always). Other steps: one request; another tab's copy of an earlier cookie, or a
// tampered one.
//
// The oracle is README's (Frameworks, Hono, React Router, Remix v3, Storages, Session, withSession, Security model
// "Logout", Choices "A 5xx response commits nothing...", CSRF, Errors) and issues 4 and 13, not the code:
//   - a cookie session's state is its cookie: each request reads the cookie it carried, and the browser keeps the
//     last write (last write wins; a copy of a cookie taken before a sign-out still opens it; a tampered one reads
//     as a fresh session);
//   - a memory session's state is its record: a write replaces it whole (last write wins) but only while it is
//     still there: a request that read a record a logout (or a sign-in's regenerateId(true)) deleted meanwhile
//     writes nothing and sets no cookie, and after a logout's response no request reads the old session. Writes let
//     go together may land in any order: the model takes the first order that explains every answer and what each
//     cookie written reads as once all are in;
//   - requests read together each read the flash the session held, so each shows it; a flash is not visible in the
//     request that sets it;
//   - dirty (a change, or a flash that arrived) -> one Set-Cookie that reads back as exactly the model's session
//     (never a half-written one); untouched -> none; destroyed -> an expiring cookie (empty, Max-Age=0, a past
//     Expires; under Remix its empty cookie), the record deleted. README leaves open only what a logout or a
//     sign-in of a record another request ended answers: either is taken, and counted;
//   - a handler that throws or answers 5xx commits nothing (under Remix a 5xx is saved, a throw saves nothing), nor
//     does Hono's error page for a caught error; but a destroy() before the failure is still made (withSession: the
//     record deleted, no response; Hono, React Router: the error answer carries the expiring cookie; Remix: logs
//     nobody out); a forged POST gets a 403, runs no handler and commits nothing;
//   - at most one Set-Cookie per response; a sign-in's cookie names a new ID, any other write keeps it; a sub-app's
//     or child route's middleware uses the session the outer one opened; the Hono storage factory runs once;
//   - every adapter's answers match the Hono middleware's, request by request, up to the first request README lets
//     it answer otherwise (withSession after a throw following destroy(); Remix's 5xx and throw after destroy()),
//     or a race whose writes landed in another order: the even seeds use only ops every adapter answers alike.
// On a model failure the steps are shrunk (tests/js/shrink-steps.js) and printed.
//
// Env: MODEL_SEEDS (comma list), MODEL_STEPS (steps per run); the minimum counts of each check are asserted on the
// default run only.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect, isDeepStrictEqual } from 'node:util';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createContext, createRequestHandler, redirect as rrRedirect } from 'react-router';
import { createCookie as createRemixCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session as RemixSession } from '@remix-run/session';
import { session as remixSessionMiddleware } from '@remix-run/session-middleware';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as rrSession } from 'edge-session/react-router';
import { csrf as remixCsrf } from 'edge-session/remix';
import { gate } from '../helpers/gate.js';
import { parseSetCookie } from '../helpers/cookie-jar.js';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { applySetCookies } from './model-jar.js';
import { mulberry32 } from './seeded-random.js';
import { shrinkSteps } from './shrink-steps.js';

const SEEDS = (process.env.MODEL_SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const STEPS = Number(process.env.MODEL_STEPS ?? 45);
const DEFAULT_RUN = process.env.MODEL_SEEDS === undefined && process.env.MODEL_STEPS === undefined; // minimum counts asserted
const SECRETS = ['adapters-model-secret-0123456789'];
const NAME = '__session';
const ORIGIN = 'https://app.test';

// ---------------------------------------------------------------- the storages

const STORAGES = {
  memory: () => createMemorySessionStorage({ cookie: { name: NAME, secrets: SECRETS, httpOnly: true, maxAge: 3600 } }),
  cookie: () => createCookieSessionStorage({ cookie: { name: NAME, secrets: SECRETS, httpOnly: true, maxAge: 3600 } }),
  sealed: () => createCookieSessionStorage({ cookie: { name: NAME, secrets: SECRETS, httpOnly: true, maxAge: 3600 }, encrypt: true }),
};
const serverSide = (kind) => kind === 'memory';

// ---------------------------------------------------------------- the app, the same in every adapter

/**
 * The app's logic over `session`, after the request's gate (if any) opens. Returns what to answer:
 * `{ status, seen, sameRequest?, redirect?, alt? }` (`alt`: a thrown redirect, or one from Response.redirect), or
 * throws (the `throw` and `logoutThrow` ops).
 */
async function act(run, request, session) {
  run.called.add(request.headers.get('x-req'));
  const held = run.gates.get(request.headers.get('x-req'));
  if (held) await held.pass();
  const url = new URL(request.url);
  const name = url.pathname.split('/').pop();
  const v = url.searchParams.get('v');
  const seen = {
    count: session.get('count') ?? 0,
    user: session.get('userId') ?? null,
    tag: session.get('tag') ?? null,
    note: session.getFlash('note') ?? null,
  };
  const answer = { status: 200, seen };
  switch (name) {
    case 'count':
      session.set('count', seen.count + 1);
      break;
    case 'flash':
      session.flash('note', v);
      answer.sameRequest = session.get('note') ?? null; // README: not visible in the request that sets it
      break;
    case 'view':
      break;
    case 'login':
      session.set('userId', v);
      session.regenerateId(true);
      break;
    case 'logout':
      session.destroy();
      break;
    case 'redirect':
      session.flash('note', v);
      session.set('tag', v);
      answer.status = 303;
      answer.redirect = true;
      answer.alt = url.searchParams.get('alt') === '1'; // thrown (Hono, React Router) / Response.redirect (others)
      break;
    case 'throw':
      session.set('count', 999);
      session.flash('note', 'never');
      throw new Error('model: handler failed');
    case 'logoutThrow':
      session.destroy();
      throw new Error('model: failed after logout');
    case 'fail503':
      session.set('count', 999);
      answer.status = 503;
      break;
    case 'forged':
      session.set('count', -1); // never reached: the CSRF check refuses first
      break;
    default:
      throw new Error(`model: no op ${name}`);
  }
  return answer;
}

const seenHeader = (answer) => JSON.stringify({ seen: answer.seen, sameRequest: answer.sameRequest });

/** A plain Response for `answer` (mutable headers); `immutable`: a redirect from Response.redirect (no x-seen). */
function plainResponse(answer, { immutable = false } = {}) {
  if (answer.redirect && immutable) return Response.redirect(`${ORIGIN}/`, 303);
  const headers = { 'x-seen': seenHeader(answer) };
  if (answer.oneSession !== undefined) headers['x-one-session'] = String(answer.oneSession);
  if (answer.redirect) headers.Location = '/';
  return new Response(answer.redirect ? null : 'ok', { status: answer.status, headers });
}

// ---------------------------------------------------------------- the adapters

/**
 * Each adapter of a storage kind: `{ family, fetch(request) -> Promise<Response>, probe(cookieValue) -> Promise<data>,
 * run }`, `run` the requests whose handler ran and the gates. `family`: 'lifecycle' (js/request-lifecycle.js) or 'remix'.
 */
const ADAPTERS = {
  withSession(kind) {
    const run = { called: new Set(), gates: new Map() };
    const storage = STORAGES[kind]();
    const fetch = withSession(storage, async (request, { session }) => plainResponse(await act(run, request, session), { immutable: /alt=1/.test(request.url) }), { csrf: true });
    return { run, family: 'lifecycle', fetch: (request) => fetch(request, {}, {}), probe: (value) => probeOurs(storage, value) };
  },

  hono(kind) {
    const run = { called: new Set(), gates: new Map() };
    const made = [];
    const factory = () => (made.push(STORAGES[kind]()), made.at(-1)); // README: run once per env per isolate
    const env = { SESSION_SECRET: SECRETS[0] };
    const routes = (app) => {
      app.get('/op/:name', async (c) => {
        const answer = await act(run, c.req.raw, c.var.session);
        c.header('x-seen', seenHeader(answer));
        // README: a sub-app's own middleware under app.route() uses the session the first mount opened.
        if (c.get('outer') !== undefined) c.header('x-one-session', String(c.get('outer') === c.var.session));
        if (!answer.redirect) return c.text('ok', answer.status);
        if (answer.alt) throw new HTTPException(303, { res: c.redirect('/', 303) }); // an answer, committed
        return c.redirect('/', 303);
      });
      app.post('/op/:name', async (c) => c.text(String((await act(run, c.req.raw, c.var.session)).status)));
    };
    const app = new Hono();
    app.use(honoSession(factory, { csrf: true }));
    // An error page of the app's own, not a 5xx: README, nothing is saved when Hono caught a handler error (c.error)
    // but a destroyed session, which is ended anyway; a thrown HTTPException under 500 is an answer.
    app.onError((error, c) => (error instanceof HTTPException ? error.getResponse() : c.text('sorry', 200, { 'x-error': '1' })));
    routes(app);
    const sub = new Hono(); // a self-contained sub-app: its own session middleware, the same factory
    sub.use(async (c, next) => (c.set('outer', c.get('session')), next()));
    sub.use(honoSession(factory));
    routes(sub);
    app.route('/sub', sub);
    return {
      run,
      family: 'lifecycle',
      made,
      fetch: (request) => app.fetch(request, env),
      probe: (value) => probeOurs(made[0], value),
    };
  },

  reactRouter(kind) {
    const run = { called: new Set(), gates: new Map() };
    const storage = STORAGES[kind]();
    const outer = createContext(null); // the session the root's middleware opened, seen before the child route's
    const oneSession = (context) => (context.get(outer) === null ? undefined : context.get(outer) === context.get(sessionContext));
    const loader = async ({ request, context }) => {
      const answer = await act(run, request, context.get(sessionContext));
      answer.oneSession = oneSession(context);
      if (!answer.redirect) return plainResponse(answer);
      const init = { status: 303, headers: { 'x-seen': seenHeader(answer), 'x-one-session': String(answer.oneSession) } };
      if (answer.alt) throw rrRedirect('/', init); // README: a thrown redirect() is committed
      return rrRedirect('/', init);
    };
    const action = async ({ request, context }) => plainResponse(await act(run, request, context.get(sessionContext)));
    const capture = ({ context }, next) => (context.set(outer, context.get(sessionContext)), next());
    const handler = createRequestHandler(
      reactRouterBuild({
        root: { id: 'root', path: '', module: { middleware: [rrSession(storage, { csrf: true })] } },
        'routes/op': { id: 'routes/op', parentId: 'root', path: 'op/:name', module: { loader, action } },
        // A child route with a sessionMiddleware of its own over the same storage: README, the root's session is used.
        'routes/sub': { id: 'routes/sub', parentId: 'root', path: 'sub', module: { middleware: [capture, rrSession(storage)] } },
        'routes/sub-op': { id: 'routes/sub-op', parentId: 'routes/sub', path: 'op/:name', module: { loader, action } },
      }),
    );
    return { run, family: 'lifecycle', fetch: (request) => handler(request), probe: (value) => probeOurs(storage, value) };
  },

  remix(kind) {
    const run = { called: new Set(), gates: new Map() };
    const storage = STORAGES[kind]();
    const cookie = createRemixCookie(NAME, { secrets: SECRETS, httpOnly: true, sameSite: 'Lax', maxAge: 3600 });
    const router = createRouter({ middleware: [remixSessionMiddleware(cookie, storage), remixCsrf()] });
    const handle = async ({ request, get }) => plainResponse(await act(run, request, get(RemixSession)), { immutable: /alt=1/.test(request.url) });
    router.get('/op/:name', handle);
    router.post('/op/:name', handle);
    return {
      run,
      family: 'remix',
      fetch: (request) => router.fetch(request),
      async probe(value) {
        const parsed = await cookie.parse(`${NAME}=${value}`);
        if (parsed === null) return null;
        return readBack(await storage.read(parsed));
      },
    };
  },
};

/** What our storage reads from the cookie `value`, laid out as dataOf: its values and the flash that arrived. */
async function probeOurs(storage, value) {
  return readBack(await storage.getSession(`${NAME}=${value}`));
}

/** `session` read back (`data` holds the values; the flash that arrived is read by getFlash), then disposed. */
function readBack(session) {
  try {
    const note = session.getFlash('note');
    return { ...session.data, ...(note === undefined ? {} : { __flash_note__: note }) };
  } finally {
    session.dispose();
  }
}

// ---------------------------------------------------------------- the steps (from the seed, the same for every adapter)

const OPS = ['count', 'count', 'count', 'flash', 'flash', 'view', 'view', 'login', 'logout', 'redirect', 'throw', 'fail503', 'logoutThrow', 'forged'];
/** Where README lets an adapter answer otherwise than the Hono middleware (withSession has no response after a throw). */
const DIFFERS = { withSession: new Set(['logoutThrow']), reactRouter: new Set(), remix: new Set(['fail503', 'logoutThrow']) };
const SAME_EVERYWHERE = OPS.filter((name) => !DIFFERS.withSession.has(name) && !DIFFERS.remix.has(name));

/** The steps of `seed`; `uniform`: only ops every adapter answers alike (so their runs compare to the end). */
function makeSteps(seed, n, { uniform = false } = {}) {
  const rng = mulberry32(seed);
  const ops = uniform ? SAME_EVERYWHERE : OPS;
  const pick = (list) => list[Math.floor(rng() * list.length)];
  let serial = 0;
  const op = (name = pick(ops)) => ({ name, v: `${name[0]}${serial++}`, alt: rng() < 0.4, sub: rng() < 0.5 });
  const steps = [];
  for (let i = 0; i < n; i++) {
    const r = rng();
    if (r < 0.25) steps.push({ kind: 'single', op: op() });
    else if (r < 0.34) steps.push({ kind: 'copy', pick: rng(), tamper: rng() < 0.3, op: op(pick(['view', 'count', 'flash'])) });
    else {
      const size = 2 + Math.floor(rng() * 7);
      const ops = Array.from({ length: size }, () => op());
      const order = ops.map((_, k) => k);
      for (let k = order.length - 1; k > 0; k--) {
        const j = Math.floor(rng() * (k + 1));
        [order[k], order[j]] = [order[j], order[k]];
      }
      // Let go one by one in that order, or now and then two or three at once (their writes race).
      const releases = [];
      for (let at = 0; at < order.length; ) {
        const n = rng() < 0.25 ? Math.min(order.length - at, 2 + Math.floor(rng() * 2)) : 1;
        releases.push(order.slice(at, at + n));
        at += n;
      }
      // Requests started while the rest are held: after a logout's release always one with a copy of the batch's
      // cookie; elsewhere sometimes, with the browser's cookie or that copy.
      const late = [];
      releases.forEach((group, at) => {
        const logout = group.some((index) => ops[index].name.startsWith('logout'));
        if (logout || rng() < 0.15) late.push({ after: at, copy: logout || rng() < 0.5, op: op(pick(['view', 'view', 'count'])) });
      });
      steps.push({ kind: 'batch', ops, releases, late });
    }
  }
  return steps;
}

// ---------------------------------------------------------------- the model

const EMPTY = Object.freeze({ values: {}, flash: {} });

/** A model session as `session.data` lays it out: values, then the flash under `__flash_<key>__`. */
function dataOf(state) {
  const data = { ...state.values };
  for (const [key, value] of Object.entries(state.flash)) data[`__flash_${key}__`] = value;
  return data;
}

/** The model's reading of what `kind`'s store holds for the cookie `value`. */
function readModel(world, value) {
  if (value === undefined) return { state: EMPTY, record: undefined };
  if (serverSide(world.kind)) {
    const record = world.records.get(value);
    return record?.alive ? { state: record.state, record: value } : { state: EMPTY, record: undefined };
  }
  const state = world.cookies.get(value);
  if (state === undefined) throw new Error(`model: a cookie it never saw: ${value.slice(0, 40)}`);
  return { state, record: undefined };
}

/**
 * What README says the request `op` that read `read` answers, writes and leaves: `{ status, seen, sameRequest,
 * handler, write, next, deletes }`. `write`: 'none', 'set', 'expire', or a list of what is allowed when README
 * leaves it open; `next`: the session a 'set' writes; `deletes`: the record it ends (memory).
 */
function expected(world, family, op, read) {
  const S = read.state;
  const seen = { count: S.values.count ?? 0, user: S.values.userId ?? null, tag: S.values.tag ?? null, note: S.flash.note ?? null };
  const next = { values: { ...S.values }, flash: {} }; // a commit clears the flash that arrived, read or not
  let dirty = S.flash.note !== undefined; // README: a session that arrives with flash data is dirty
  let status = 200;
  let destroyed = false;
  let threw = false;
  let regenerate = false;
  let sameRequest;
  switch (op.name) {
    case 'count':
      next.values.count = seen.count + 1;
      dirty = true;
      break;
    case 'flash':
      next.flash.note = op.v;
      sameRequest = seen.note;
      dirty = true;
      break;
    case 'login':
      next.values.userId = op.v;
      regenerate = true;
      dirty = true;
      break;
    case 'logout':
      destroyed = true;
      break;
    case 'redirect':
      next.flash.note = op.v;
      next.values.tag = op.v;
      status = 303;
      dirty = true;
      break;
    case 'throw':
      threw = true;
      break;
    case 'logoutThrow':
      threw = true;
      destroyed = true;
      break;
    case 'fail503':
      next.values.count = 999;
      status = 503;
      dirty = true;
      break;
    case 'forged':
      return { status: 403, handler: false, write: 'none', seen: undefined };
  }
  const out = { status: threw ? 'error' : status, seen, sameRequest, handler: true, write: 'none', next, regenerate, deletes: undefined };
  const server = serverSide(world.kind);
  const aliveNow = read.record !== undefined && world.records.get(read.record)?.alive;
  if (destroyed) {
    if (family === 'remix' && threw) return out; // README: destroy() then a throw logs nobody out under Remix
    if (server && read.record !== undefined) out.deletes = read.record; // destroy() deletes the stored data
    if (family === 'lifecycle' && threw && op.via === 'withSession') return out; // no response to carry the cookie
    // An expiring cookie (Remix: its empty one); for a session whose record is gone (never there, or deleted by
    // another request since it was read) README says no more than that it is ended: either.
    out.write = server && !aliveNow ? ['expire', 'none'] : 'expire';
    return out;
  }
  if (threw) return out;
  if (status >= 500 && family === 'lifecycle') return out; // a 5xx commits nothing (Remix saves it)
  if (!dirty) return out;
  if (server && read.record !== undefined && !aliveNow) {
    // Read before a logout or a sign-in's regenerateId(true) deleted it: no write, no cookie (Security model,
    // Logout). A sign-in is a new ID: README does not say whether it is written then.
    out.write = regenerate ? ['set', 'none'] : 'none';
    return out;
  }
  out.write = 'set';
  if (server && regenerate && read.record !== undefined) out.deletes = read.record; // regenerateId(true): the old record deleted at commit
  return out;
}

/**
 * The cookie value with one character of its signature (or tag) changed. Not the last one: base64 decoding ignores
 * that character's low bits, so it could still verify.
 */
function tamper(value) {
  const at = value.length - 10;
  return value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);
}

// ---------------------------------------------------------------- one run: the steps through one adapter over one storage

class ModelFailure extends Error {}

async function runSteps(adapterName, kind, steps) {
  const adapter = ADAPTERS[adapterName](kind);
  let world = { kind, records: new Map(), cookies: new Map(), history: [] };
  const jar = new Map();
  const checks = new Map();
  const log = [];
  const count = (what, n = 1) => checks.set(what, (checks.get(what) ?? 0) + n);
  let requestNo = 0;
  let stepNo = -1;
  const fail = (message) => {
    throw new ModelFailure(`step ${stepNo}: ${message}`);
  };

  /** Sends `op` with the cookie `value` (undefined: none); `gated`: held at the handler until released. */
  function send(op, value, gated, { tampered = false } = {}) {
    const id = String(requestNo++);
    const held = gated ? gate() : undefined;
    if (held) adapter.run.gates.set(id, held);
    const sub = op.sub && (adapterName === 'hono' || adapterName === 'reactRouter');
    const path = `${sub ? '/sub' : ''}/op/${op.name}?v=${op.v}${op.alt ? '&alt=1' : ''}`;
    const headers = { 'x-req': id };
    if (value !== undefined) headers.Cookie = `${NAME}=${value}`;
    const request = new Request(`${ORIGIN}${path}`, { method: op.name === 'forged' ? 'POST' : 'GET', headers });
    const promise = Promise.resolve()
      .then(() => adapter.fetch(request))
      .then((response) => ({ response }), (error) => ({ error }));
    const read = tampered ? { state: EMPTY, record: undefined } : readModel(world, value);
    return { id, op: { ...op, via: adapterName }, where: `${op.name}${sub ? ' (sub)' : ''} #${id}`, value, held, promise, read };
  }

  /**
   * What `sent` got, looked at alone: its status, what it read, its Set-Cookie. Checks what needs no model of the
   * store: at most one Set-Cookie, for the session's cookie, an expiring one that expires, one session throughout.
   */
  async function observe(sent) {
    const { response, error } = await sent.promise;
    adapter.run.gates.delete(sent.id);
    const seen = { error, status: response?.status, setCookies: response?.headers.getSetCookie() ?? [], write: 'none' };
    if (error) {
      if (!(error instanceof Error) || !/model: /.test(error.message)) fail(`${sent.where}: rejected: ${error?.stack ?? error}`);
      return seen;
    }
    seen.errorPage = adapterName === 'hono' ? response.headers.get('x-error') === '1' : response.status === 500;
    const read = response.headers.get('x-seen');
    if (read !== null) seen.read = JSON.parse(read);
    const one = response.headers.get('x-one-session');
    if (one !== null && one !== 'undefined') {
      if (one !== 'true') fail(`${sent.where}: the inner mount's session is not the one the outer mount opened`);
      count("inner mount uses the outer mount's session");
    }
    if (seen.setCookies.length > 1) fail(`${sent.where}: ${seen.setCookies.length} Set-Cookie headers: ${seen.setCookies.map((h) => h.slice(0, 60)).join(' | ')}`);
    count('at most one Set-Cookie');
    if (seen.setCookies.length === 1) {
      const { name, value, attributes } = parseSetCookie(seen.setCookies[0]);
      if (name !== NAME) fail(`${sent.where}: a Set-Cookie for ${name}`);
      seen.value = value;
      seen.write = value === '' || Number(attributes['max-age']) <= 0 ? 'expire' : 'set';
      if (seen.write === 'expire') {
        // README: an expiring cookie, empty, Max-Age=0 and a past Expires (Storages, Security model); under Remix's
        // middleware its empty cookie without expiry.
        const gone = adapter.family === 'remix' ? value === '' : value === '' && attributes['max-age'] === '0' && Date.parse(attributes.expires) < Date.now();
        if (!gone) fail(`${sent.where}: a logout's cookie that does not expire: ${seen.setCookies[0]}`);
      }
    }
    return seen;
  }

  /**
   * Checks `seen`, the answer to `sent`, against `model` (the store as the model has it when this request's write
   * lands) and moves `model` on; `tally` counts the checks. Throws a ModelFailure.
   */
  function judge(model, sent, seen, tally, raced) {
    const want = expected(model, adapter.family, sent.op, sent.read);
    const { where } = sent;
    const outcome = { op: sent.op.name, status: seen.error ? 'error' : seen.status, seen: seen.read, write: seen.write, raced };
    if (want.status === 'error') {
      // withSession rejects; React Router answers 500, fetch-router too (or rejects); Hono its onError page (x-error)
      if (!seen.error && !seen.errorPage) fail(`${where}: a thrown handler answered ${seen.status}`);
      outcome.status = 'error';
    } else if (seen.error) fail(`${where}: rejected (${seen.error.message}), README: ${want.status}`);
    else if (seen.status !== want.status) fail(`${where}: status ${seen.status}, README: ${want.status}`);
    if (seen.read !== undefined) {
      try {
        assert.deepEqual(seen.read.seen, want.seen);
        assert.deepEqual(seen.read.sameRequest, want.sameRequest);
      } catch {
        fail(`${where}: read ${JSON.stringify(seen.read)}, the model: ${JSON.stringify({ seen: want.seen, sameRequest: want.sameRequest })} (cookie ${sent.value?.slice(0, 24)})`);
      }
      tally(sent.held ? 'read of a request held with others' : 'read');
      if (want.seen.note !== null && sent.held) tally('flash shown by a request of a batch');
    }
    const allowed = [want.write].flat();
    if (!allowed.includes(seen.write)) fail(`${where}: wrote ${seen.write}, README: ${allowed.join(' or ')} (status ${outcome.status}, read ${JSON.stringify(sent.read.state)})`);
    outcome.open = allowed.length > 1;
    if (allowed.length > 1) tally(`left open by README: ${sent.op.name} of an ended record -> ${seen.write}${raced ? ' (in a race)' : ''}`);
    if (want.status === 'error') tally(want.write === 'none' ? 'thrown handler: nothing written' : 'thrown after destroy(): the logout made');
    if (seen.write === 'expire' && want.write === 'expire') tally(sent.op.name === 'logout' ? 'logout expires the cookie' : 'logout then failure expires the cookie');
    if (want.handler === false) {
      if (adapter.run.called.has(sent.id)) fail(`${where}: the handler ran for a refused request`);
      tally('refused: handler not called, nothing written');
    }
    if (sent.op.name === 'throw' || sent.op.name === 'fail503') tally(`${sent.op.name}: nothing written`, want.write === 'none' ? 1 : 0);
    if (want.write === 'none' && sent.read.record !== undefined && !model.records.get(sent.read.record)?.alive && allowed.length === 1) tally('write of an ended record refused');
    if (seen.write === 'set' && serverSide(kind)) {
      if (want.regenerate && sent.read.record !== undefined && seen.value === sent.read.record) fail(`${where}: a sign-in kept the ID`);
      if (!want.regenerate && sent.read.record !== undefined && seen.value !== sent.read.record) fail(`${where}: the session moved to another ID`);
    }
    // The model moves on.
    if (want.deletes !== undefined) model.records.set(want.deletes, { alive: false });
    if (seen.write === 'set') {
      if (serverSide(kind)) model.records.set(seen.value, { alive: true, state: want.next });
      else model.cookies.set(seen.value, want.next);
      model.history.push(seen.value);
    }
    return outcome;
  }

  /** The model's session for the cookie `value` now (a record deleted: none), as `session.data` lays it out. */
  const modelData = (model, value) => dataOf(serverSide(kind) ? (model.records.get(value)?.alive ? model.records.get(value).state : EMPTY) : model.cookies.get(value));

  /**
   * Lets `group` go at once (one request, or several whose writes race), and checks their answers against the model
   * in some order of their commits (README leaves the order of concurrent writes open: any that explains every
   * answer, and what each cookie written reads as once they are all in, will do). `toJar`: the browser's requests,
   * whose cookies it keeps as the answers arrive, taken to arrive in the order their writes landed.
   */
  async function release(group, { toJar = true } = {}) {
    for (const sent of group) sent.held?.open();
    const seen = new Map();
    for (const sent of group) seen.set(sent, await observe(sent));
    await null;
    // Every cookie written, read back once all are in: never a half-written one (README: one Set-Cookie that reads
    // back as the model's session).
    const probes = new Map();
    for (const s of seen.values()) if (s.write === 'set') probes.set(s.value, await adapter.probe(s.value));
    let first;
    const orders = permutations(group);
    for (const [index, order] of orders.entries()) {
      const model = { kind, records: new Map(world.records), cookies: new Map(world.cookies), history: [...world.history] };
      const tallies = [];
      const outcomes = new Map();
      try {
        for (const sent of order) outcomes.set(sent, judge(model, sent, seen.get(sent), (what, n = 1) => tallies.push([what, n]), group.length > 1));
        for (const [value, data] of probes) {
          try {
            assert.deepEqual(data, modelData(model, value));
          } catch {
            fail(`the cookie ${value.slice(0, 24)}… reads ${JSON.stringify(data)}, the model ${JSON.stringify(modelData(model, value))}`);
          }
          tallies.push(['written cookie reads back whole', 1]);
        }
      } catch (error) {
        if (!(error instanceof ModelFailure)) throw error;
        first ??= error;
        continue;
      }
      world = model;
      for (const [what, n] of tallies) count(what, n);
      // The order the model found for the writes of a race: where two adapters' differ, their runs part (below).
      if (group.length > 1) {
        count('requests let go together', group.length);
        if (index > 0) count('race whose writes landed in another order than let go');
        const names = group.map((sent) => sent.op.name);
        if (names.some((n) => n.startsWith('logout')) && names.some((n) => !n.startsWith('logout'))) count('race of a logout and another request');
        log.push({ race: index });
      }
      for (const sent of group) log.push(outcomes.get(sent));
      // The browser keeps the cookie of the answer that arrives last: here they arrive in that order.
      if (toJar) for (const sent of order) if (!seen.get(sent).error) applySetCookies(jar, seen.get(sent).setCookies);
      return group.map((sent) => seen.get(sent));
    }
    throw first;
  }

  const current = () => jar.get(NAME);
  const copyOf = (pickAt) => (world.history.length === 0 ? undefined : world.history[Math.floor(pickAt * world.history.length)]);

  try {
    for (const step of steps) {
      stepNo++;
      if (step.kind === 'single') {
        await release([send(step.op, current(), false)]);
      } else if (step.kind === 'copy') {
        // Another tab's copy of an earlier cookie (or a tampered one: a fresh session, README "Errors"): what it
        // reads, and that its answer is as README says.
        const copy = copyOf(step.pick);
        const tampered = step.tamper && copy !== undefined;
        await release([send(step.op, tampered ? tamper(copy) : copy, false, { tampered })], { toJar: false });
        count(tampered ? 'tampered cookie reads as a fresh session' : 'copy of an earlier cookie');
      } else {
        const carried = current();
        const sent = step.ops.map((op) => send(op, carried, true));
        // Every request has read its session before any is let go (a refused one is answered at once).
        await Promise.all(sent.map((s) => Promise.race([s.held.reached, s.promise])));
        count('requests in flight at once', sent.length);
        for (const s of sent) if (s.op.name === 'forged') await release([s]);
        for (let at = 0; at < step.releases.length; at++) {
          const group = step.releases[at].map((index) => sent[index]).filter((s) => s.op.name !== 'forged');
          if (group.length > 0) await release(group);
          for (const late of step.late.filter((l) => l.after === at)) {
            // Started while the rest are held: the browser's cookie, or a copy of the one the batch carried.
            const [out] = await release([send(late.op, late.copy ? carried : current(), false)], { toJar: !late.copy });
            count('request started while others are held');
            if (late.copy && serverSide(kind) && group.some((s) => s.op.name.startsWith('logout')) && carried !== undefined && out.read && !world.records.get(carried)?.alive) {
              count('after a logout, a later request reads no session'); // what it read was checked: a fresh session
            }
          }
        }
      }
    }
    if (adapter.made && adapter.made.length !== 1) fail(`the Hono storage factory ran ${adapter.made.length} times (README: once per env)`);
    return { ok: true, checks, log };
  } catch (error) {
    for (const held of adapter.run.gates.values()) held.open(); // let the rest finish
    if (!(error instanceof ModelFailure)) throw error;
    return { ok: false, step: stepNo, error: error.message, checks, log };
  }
}

/** Every order of `items` (a group of at most 3). */
function permutations(items) {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

// ---------------------------------------------------------------- the differential

/** The part of an outcome every adapter must give alike (the cookie's bytes differ: IDs, nonces). */
// A redirect from Response.redirect carries no x-seen header: what it read is left out for every adapter.
const comparable = (o) => (o.race !== undefined ? o : { op: o.op, status: o.status, seen: o.op === 'redirect' ? undefined : o.seen, write: o.write });

async function quietly(run) {
  const { error, warn } = console;
  console.error = () => {};
  console.warn = () => {};
  try {
    return await run();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

// Per storage, over all seeds and adapters, on the default run (it gives about three times these).
const MINIMA = {
  'requests in flight at once': 800,
  'read of a request held with others': 600,
  'at most one Set-Cookie': 1000,
  'written cookie reads back whole': 500,
  'flash shown by a request of a batch': 120,
  'logout expires the cookie': 35,
  'logout then failure expires the cookie': 7,
  'refused: handler not called, nothing written': 60,
  'thrown handler: nothing written': 70,
  'throw: nothing written': 60,
  'fail503: nothing written': 20,
  'request started while others are held': 200,
  'copy of an earlier cookie': 10,
  'tampered cookie reads as a fresh session': 5,
  "inner mount uses the outer mount's session": 200,
  'requests let go together': 150,
  'race of a logout and another request': 10,
};
const MEMORY_MINIMA = { 'write of an ended record refused': 150, 'after a logout, a later request reads no session': 60 };

for (const kind of Object.keys(STORAGES)) {
  describe(`the adapters over the ${kind} storage`, () => {
    it(`answer as README says, and alike (seeds ${SEEDS.join(',')}, ${STEPS} steps)`, async (t) => {
      const totals = new Map();
      let differential = 0;
      let requests = 0;
      const partedAt = [];
      await quietly(async () => {
        for (const seed of SEEDS) {
          const steps = makeSteps(seed * 7919 + kind.length, STEPS, { uniform: seed % 2 === 0 });
          const logs = {};
          for (const name of Object.keys(ADAPTERS)) {
            const result = await runSteps(name, kind, steps);
            if (!result.ok) {
              const shrunk = await shrinkSteps(steps, result, (s) => runSteps(name, kind, s), { budget: 150 });
              assert.fail(
                `${name} over ${kind}, seed ${seed}: ${result.error}\nshrunk to ${shrunk.ops.length} steps (${shrunk.result.error}):\n${inspect(shrunk.ops, { depth: 5, breakLength: 140 })}`,
              );
            }
            for (const [what, n] of result.checks) totals.set(what, (totals.get(what) ?? 0) + n);
            logs[name] = result.log;
            requests += result.log.filter((o) => o.race === undefined).length;
          }
          // Every adapter answers as the Hono middleware does, request by request, up to the first request README
          // lets it answer otherwise (to the end on the uniform seeds), or the first race whose writes the model
          // found in another order (README leaves the order of concurrent writes open).
          for (const [name, differs] of Object.entries(DIFFERS)) {
            const [ours, theirs] = [logs.hono, logs[name]];
            let i = 0;
            for (; i < ours.length && !differs.has(ours[i].op); i++) {
              if (ours[i].race !== undefined && theirs[i]?.race !== ours[i].race) break;
              // In a race, a write README leaves open (a sign-in or logout of a record another request of the race
              // ended) depends on which commit landed first: the runs part there too.
              if (ours[i].raced && (ours[i].open || theirs[i].open) && !isDeepStrictEqual(comparable(theirs[i]), comparable(ours[i]))) break;
              assert.deepEqual(comparable(theirs[i]), comparable(ours[i]), `${name} vs hono over ${kind}, seed ${seed}, request ${i}`);
              if (ours[i].race === undefined) differential++;
            }
            if (i < ours.length) partedAt.push(`${name}@${i}/${ours.length}${differs.has(ours[i].op) ? '' : ' (race)'}`);
          }
        }
      });
      if (DEFAULT_RUN) {
        const minima = { ...MINIMA, ...(serverSide(kind) ? MEMORY_MINIMA : {}) };
        for (const [what, least] of Object.entries(minima)) {
          assert.ok((totals.get(what) ?? 0) >= least, `${kind}: only ${totals.get(what) ?? 0} checks of "${what}" (want >= ${least})`);
        }
        assert.ok(differential >= 1000, `${kind}: ${differential} differential comparisons`);
      }
      t.diagnostic(`${kind}: ${requests} requests, ${differential} compared across adapters (runs parted at ${partedAt.join(', ') || 'none'}), checks ${inspect(Object.fromEntries(totals), { breakLength: Infinity })}`);
    });
  });
}
