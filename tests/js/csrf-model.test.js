// A seeded model of the csrf option through every way the package offers it (issue 14): withSession(storage,
// handler, { csrf }), the Hono middleware (on the app, and on a sub-app under app.route(): csrf on the outer mount,
// or on the sub-app's own mount only), React Router 7's middleware (future.v8_middleware) and Remix v3's csrf() after
// Remix's own session() (fetch-router), each over the cookie and the memory storage, with the real framework
// packages; even seeds with csrf: true, odd ones with a trusted sibling origin. Four visitors per app, each with its
// own cookie jar (one a crawler that never asks for a token), send a seeded mix of GET/HEAD/OPTIONS pages (asking
// for a token or not) and POST/PUT/PATCH/DELETE (and unknown methods, and OPTIONS with a form body) carrying a token
// in the `_csrf` field (urlencoded, multipart, first or second, beside an empty X-CSRF-Token), in `X-CSRF-Token`, in
// places the check must not read (the URL, a JSON body, a text/plain form), or none: their own, one masked anew by
// the test, a stale one (from before a sign-out, a sign-in's regenerateId, or a session whose cookie was dropped),
// another visitor's, a tampered, truncated, overlong or garbled one; with Origin and Sec-Fetch-Site of every kind.
// Accepted requests count and flash, so a refusal that wrote the session (clearing the flash) shows on the next page;
// visitors also drop cookies and replay copies of old ones. Each answer is checked against an oracle written from
// README.md (## CSRF, ## Frameworks, ## Session, ## Storages, ## Security model, ## Choices where the issues were
// silent, #### CSRF under Remix v3) and issue 14, not from js/csrf.js: the sentence each rule rests on is quoted
// where the rule is applied. Where the README says nothing (what React Router answers to OPTIONS, which reason a
// request failing both rules gives, which an empty _csrf field gets), only what it does say is checked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie as createRemixCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session as RemixSession } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { Hono } from 'hono';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage, createMemorySessionStorage, csrfToken, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as reactRouterSession } from 'edge-session/react-router';
import { csrf as remixCsrf } from 'edge-session/remix';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { applySetCookies, cookieHeader } from './model-jar.js';
import { mulberry32 } from './seeded-random.js';

const SEEDS = [1, 2, 3, 4, 5, 6];
const STEPS = 150; // per app and seed
const ORIGIN = 'https://app.test';
const SIBLING = 'https://blog.app.test'; // another origin of the same site
const EVIL = 'https://evil.example';
const SECRET = 's3cr3t';
const COOKIE = '__session';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const UNSAFE = ['POST', 'PUT', 'PATCH', 'DELETE'];
/** The secret a HEAD /form created: the visitor never saw a token of it. */
const UNSEEN = Symbol('secret created, no token seen');

// ---- The token, as README ## CSRF "The token" describes it ----------------------------------------------------
// "The session's secret is 43 random base64url characters ... Each call returns 86 base64url characters, a fresh
// random pad of 43 followed by the pad XOR the secret, character by character on their 6-bit values".

/** The secret a token unmasks to, or null when it is no token (not 86 base64url characters). */
function unmask(token) {
  if (typeof token !== 'string' || token.length !== 86) return null;
  let secret = '';
  for (let i = 0; i < 43; i++) {
    const pad = BASE64URL.indexOf(token[i]);
    const masked = BASE64URL.indexOf(token[43 + i]);
    if (token[i].length !== 1 || pad < 0 || masked < 0) return null;
    secret += BASE64URL[pad ^ masked];
  }
  return secret;
}

/** Another token of `token`'s secret, masked with a pad of the test's own ("every token of the session stays valid"). */
function remask(token, random) {
  const secret = unmask(token);
  const pad = Array.from({ length: 43 }, () => BASE64URL[Math.floor(random() * 64)]).join('');
  return pad + [...secret].map((char, i) => BASE64URL[BASE64URL.indexOf(pad[i]) ^ BASE64URL.indexOf(char)]).join('');
}

// ---- The apps ------------------------------------------------------------------------------------------------

/**
 * The one handler every framework routes to, given the Request the framework hands it and the session: GET /page
 * reads the session only, GET /form renders a token, an unsafe /act counts and flashes the body it read (so a
 * refused request that cleared the flash would show), /login signs in (regenerateId, as the README's
 * "regenerateId() (at sign-in)"), /logout destroys. Every call is logged with the request's X-Request-Id and the
 * body the handler read (the note field of a form, else the raw text).
 */
async function serve(calls, request, session, path) {
  let body = null;
  if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
    const type = request.headers.get('Content-Type') ?? '';
    body = /form/.test(type) ? String((await request.formData()).get('note')) : await request.text();
  }
  calls.push({ id: request.headers.get('X-Request-Id'), method: request.method, path, body });
  if (path === '/page') return Response.json({ n: session.get('n') ?? 0, user: session.get('user') ?? null, notice: session.get('notice') ?? null });
  if (path === '/form') return new Response(csrfToken(session));
  if (path === '/act') {
    session.set('n', (session.get('n') ?? 0) + 1);
    session.flash('notice', body);
    return new Response('ok');
  }
  if (path === '/login') {
    session.regenerateId(true);
    session.set('user', body);
    return new Response('in');
  }
  if (path === '/logout') {
    session.destroy();
    return new Response('bye');
  }
  return new Response('no such page', { status: 404 });
}

const storages = {
  cookie: () => createCookieSessionStorage({ cookie: { name: COOKIE, secrets: [SECRET], httpOnly: true } }),
  memory: () => createMemorySessionStorage({ cookie: { name: COOKIE, secrets: [SECRET], httpOnly: true } }),
};

/**
 * The apps of one seed, each `{ name, framework, storage, prefix, fetch, calls, errors? }` (calls: the handler's log;
 * errors: what React Router reported), for each framework over each storage.
 */
function makeApps(csrf, honoInner) {
  const apps = [];
  for (const [kind, makeStorage] of Object.entries(storages)) {
    const add = (framework, prefix, fetch, calls) => apps.push({ name: `${framework} / ${kind}`, framework, storage: kind, prefix, fetch, calls });

    {
      const calls = [];
      const fetch = withSession(makeStorage(), (request, { session }) => serve(calls, request, session, new URL(request.url).pathname), { csrf });
      add('withSession', '', fetch, calls);
    }

    const honoRoutes = (app, calls) => {
      const to = (path) => (c) => serve(calls, c.req.raw, c.var.session, path);
      app.get('/page', to('/page')); // Hono answers HEAD with the GET route
      app.options('/page', to('/page'));
      app.get('/form', to('/form'));
      for (const path of ['/act', '/login', '/logout']) app.on(UNSAFE, path, to(path));
    };
    {
      const calls = [];
      const app = new Hono();
      app.use(honoSession(makeStorage(), { csrf }));
      honoRoutes(app, calls);
      add('hono', '', (request) => app.fetch(request), calls);
    }
    {
      // README ## Hono: "Mounted twice on one request (a sub-app with its own, under app.route()), the middleware
      // uses the session the first mount opened when both have the same storage"; ## CSRF: "with the middleware
      // mounted twice and csrf on the inner mount only, the outer one commits nothing either ... Put csrf on the
      // outermost mount, or use app.route()". Odd seeds: csrf on the sub-app's own mount only; even: on the outer.
      const calls = [];
      const storage = makeStorage();
      const app = new Hono();
      app.use(honoSession(storage, honoInner ? {} : { csrf }));
      const sub = new Hono();
      if (honoInner) sub.use(honoSession(storage, { csrf }));
      honoRoutes(sub, calls);
      app.route('/sub', sub);
      add(`hono app.route (csrf on the ${honoInner ? 'inner' : 'outer'} mount)`, '/sub', (request) => app.fetch(request), calls);
    }
    {
      const calls = [];
      const route = (path, module) => [`routes${path}`, { id: `routes${path}`, parentId: 'root', path: path.slice(1), module }];
      const loader = (path) => ({ loader: ({ request, context }) => serve(calls, request, context.get(sessionContext), path) });
      const action = (path) => ({ action: ({ request, context }) => serve(calls, request, context.get(sessionContext), path) });
      const build = reactRouterBuild(Object.fromEntries([
        ['root', { id: 'root', path: '', module: { middleware: [reactRouterSession(makeStorage(), { csrf })] } }],
        route('/page', loader('/page')),
        route('/form', loader('/form')),
        route('/act', action('/act')),
        route('/login', action('/login')),
        route('/logout', action('/logout')),
      ]), { entry: () => new Response('no documents here', { status: 500 }) });
      // React Router logs what it answers with a 5xx or a 405; kept here, and only its refusal of an unknown method is
      // expected (README: "React Router itself answers a method it does not know ... with a 405").
      const errors = [];
      build.entry.module.handleError = (error) => void errors.push(error?.error ?? error);
      add('react-router', '', createRequestHandler(build), calls);
      apps.at(-1).errors = errors;
    }
    {
      const calls = [];
      const cookie = createRemixCookie(COOKIE, { secrets: [SECRET], httpOnly: true });
      const router = createRouter({ middleware: [remixSession(cookie, makeStorage()), remixCsrf(csrf)] });
      const to = (path) => (context) => serve(calls, context.request, context.get(RemixSession), path);
      router.get('/page', to('/page'));
      router.head('/page', to('/page'));
      router.options('/page', to('/page'));
      router.get('/form', to('/form'));
      router.head('/form', to('/form'));
      for (const path of ['/act', '/login', '/logout']) {
        router.post(path, to(path));
        router.put(path, to(path));
        router.patch(path, to(path));
        router.delete(path, to(path));
      }
      add('remix v3', '', (request) => router.fetch(request), calls);
    }
  }
  return apps;
}

// ---- The oracle ----------------------------------------------------------------------------------------------

/**
 * Whether rule 1 (same origin) holds. README ## CSRF, rule 1: "Sec-Fetch-Site ... decides when the browser sends
 * it: same-origin and none (the user's own navigation) pass; same-site (a sibling subdomain, or another port of the
 * same host) and cross-site pass only when their Origin is listed in trustedOrigins, as does any other value (no
 * browser sends one; two different headers arrive joined, none, cross-site; one a proxy repeated,
 * same-origin, same-origin, counts as that one value). Without it, Origin must be the request URL's own origin or a
 * trusted one (null, an opaque origin, never is)." The table: "neither Sec-Fetch-Site nor Origin (curl, a server):
 * the token alone decides".
 */
function originPasses(site, origin, trusted) {
  if (site === undefined) return origin === undefined || origin === ORIGIN || trusted.includes(origin);
  if (siteValue(site) === 'same-origin' || siteValue(site) === 'none') return true;
  return origin !== undefined && trusted.includes(origin);
}

/** The Sec-Fetch-Site a request counts as having: a value a proxy repeated counts as that one value. */
function siteValue(site) {
  if (site === undefined) return undefined;
  const values = new Set(site.split(',').map((value) => value.trim()));
  return values.size === 1 ? [...values][0] : site;
}

/**
 * The token the check reads. README rule 2: "from the X-CSRF-Token header (when not empty) or else the first _csrf
 * field of an application/x-www-form-urlencoded or multipart/form-data body (what formData().get('_csrf') gives)".
 * null: none.
 */
function tokenRead(spec) {
  if (spec.header !== undefined && spec.header !== '') return spec.header;
  if (spec.body !== 'urlencoded' && spec.body !== 'multipart') return null;
  const field = spec.fields.find(([name]) => name === '_csrf');
  return field ? field[1] : null;
}

/**
 * Whether rule 2 holds for `visitor`'s session. README: "The token must unmask to the session's secret ... A
 * session without a secret (new, expired, destroyed since the form was shown) accepts no token." A secret created by
 * a HEAD (UNSEEN) is one whose tokens the visitor never saw: every token it can send is of another secret.
 */
function tokenPasses(token, visitor) {
  if (token === null || token === '' || visitor.secret === null || visitor.secret === UNSEEN) return false;
  return unmask(token) === visitor.secret;
}

// ---- The model run -------------------------------------------------------------------------------------------

function newVisitor(name, crawler = false) {
  return { name, crawler, jar: new Map(), secret: null, tokens: [], stale: [], n: 0, user: null, flash: null, kept: [] };
}

/**
 * Keeps a copy of the visitor's cookie and of the session it opens, for a later replay; `ended`: the storage was
 * told to end that session (a logout, or a sign-in's regenerateId(true)).
 */
function keepCopy(visitor, ended) {
  if (!visitor.jar.has(COOKIE)) return;
  const { secret, tokens, n, user, flash } = visitor;
  visitor.kept.push({ jar: new Map(visitor.jar), secret, tokens: [...tokens], n, user, flash, ended });
}

/**
 * A request reached the handler (the session's lifecycle ran): the flash that arrived is gone. README ## Session:
 * "a value flashed while handling request N is readable with get during request N+1 only, and is gone after request
 * N+1 commits ... A session that arrives with flash data is therefore dirty" (so that request writes it). Returns
 * whether one had arrived.
 */
function takeFlash(visitor) {
  const arrived = visitor.flash !== null;
  visitor.flash = null;
  return arrived;
}

/**
 * The Set-Cookie of a request that reached the handler and changed nothing itself: one when a flash arrived (it is
 * cleared), none otherwise (README ## Frameworks: "an untouched one writes nothing"; ## withSession: "an untouched
 * one adds no header").
 */
function assertWriteOnlyForFlash(flashArrived, setCookies, where) {
  if (flashArrived) assert.ok(setCookies.length > 0, `the flash that arrived was not cleared: ${where}`);
  else assert.deepEqual(setCookies, [], `reading the session wrote it: ${where}`);
}

/** The visitor's session ended in the model (a logout, a dropped cookie) or moved to a new ID without its secret. */
function dropSecret(visitor) {
  visitor.stale.push(...visitor.tokens);
  visitor.tokens = [];
  visitor.secret = null;
}

/**
 * Runs STEPS seeded steps against `app` and checks every answer. `world` holds what spans the apps of a run: every
 * secret and token issued (to check that each is new), the tokens of other apps (foreign here), and the counts.
 */
async function runApp(app, random, world, trusted, tag) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  const visitors = [newVisitor('ada'), newVisitor('bob'), newVisitor('cy'), newVisitor('crawler', true)];
  const count = (kind) => {
    world.counts[kind] = (world.counts[kind] ?? 0) + 1;
    const key = `${app.framework}: ${kind}`;
    world.perFramework[key] = (world.perFramework[key] ?? 0) + 1;
  };
  let nextId = 0;
  // Our request lifecycle (withSession, the Hono and React Router middleware) commits nothing on a HEAD but a logout;
  // under Remix v3 Remix's own session() saves, as for a GET (README ## withSession, ## Choices).
  const headWritesNothing = () => app.framework !== 'remix v3';

  /** Sends `spec` as `visitor`; returns what came back, the jar updated as a browser would. */
  async function send(visitor, spec) {
    const id = `${tag}#${nextId++}`;
    count('requests');
    const headers = new Headers({ 'X-Request-Id': id });
    const cookie = cookieHeader(visitor.jar);
    if (cookie) headers.set('Cookie', cookie);
    if (spec.site !== undefined) headers.set('Sec-Fetch-Site', spec.site);
    if (spec.origin !== undefined) headers.set('Origin', spec.origin);
    if (spec.header !== undefined) headers.set('X-CSRF-Token', spec.header);
    let body;
    if (spec.body === 'urlencoded') {
      headers.set('Content-Type', 'application/x-www-form-urlencoded');
      body = spec.fields.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
    } else if (spec.body === 'multipart') {
      body = new FormData();
      for (const [name, value] of spec.fields) body.append(name, value);
    } else if (spec.body === 'json') {
      headers.set('Content-Type', 'application/json');
      body = spec.text;
    } else if (spec.body === 'text') {
      headers.set('Content-Type', 'text/plain'); // a form's enctype="text/plain"
      body = spec.text;
    }
    const query = spec.query === undefined ? '' : `?_csrf=${encodeURIComponent(spec.query)}`;
    const request = new Request(`${ORIGIN}${app.prefix}${spec.path}${query}`, { method: spec.method, headers, body });
    const hadCookie = visitor.jar.has(COOKIE);
    const response = await app.fetch(request);
    const text = await response.text();
    const setCookies = response.headers.getSetCookie();
    applySetCookies(visitor.jar, setCookies);
    const calls = app.calls.filter((call) => call.id === id);
    for (const error of app.errors?.splice(0) ?? []) {
      assert.ok(spec.method !== spec.method.toUpperCase() || !['GET', 'HEAD', 'OPTIONS', ...UNSAFE].includes(spec.method), `React Router: ${error?.stack ?? error}`);
      assert.match(String(error?.message), /Invalid request method/);
    }
    const where = `${tag} ${app.name}, visitor ${visitor.name}, step ${id}: ${spec.method} ${spec.path} ${JSON.stringify({ ...spec, fields: spec.fields?.map(([n, v]) => `${n}=${v}`) })} -> ${response.status} ${JSON.stringify(text.slice(0, 200))} Set-Cookie ${JSON.stringify(setCookies)}`;
    return { response, text, setCookies, calls, where, hadCookie };
  }

  /**
   * README ## CSRF: "a visitor who never sees a form gets no session and no Set-Cookie"; issue 14: "The session's
   * CSRF secret is created only when a token is first asked for: a visitor who never sees a form gets no session
   * and no Set-Cookie." The crawler never asks, nor does a visitor with no cookie until it does.
   */
  function checkNoSessionMade(visitor, result) {
    if (result.hadCookie) return;
    assert.deepEqual(result.setCookies, [], `a visitor with no session that did not ask for a token got a Set-Cookie: ${result.where}`);
    assert.equal(visitor.jar.size, 0, result.where);
    count(visitor.crawler ? 'crawler: no Set-Cookie' : 'no session yet: no Set-Cookie');
  }

  /** GET /page: the session as the model has it (counts, user, the flash that arrived), written only for the flash. */
  async function checkState(visitor, headersOf = {}) {
    const result = await send(visitor, { method: 'GET', path: '/page', ...headersOf });
    assert.equal(result.response.status, 200, result.where);
    const expected = { n: visitor.n, user: visitor.user, notice: visitor.flash };
    assert.deepEqual(JSON.parse(result.text), expected, `the session is not as the accepted requests left it: ${result.where}`);
    assertWriteOnlyForFlash(takeFlash(visitor), result.setCookies, result.where);
    assert.equal(result.calls.length, 1, result.where);
    if (expected.notice !== null) count('state check: a flash that survived every request since');
    checkNoSessionMade(visitor, result);
    count('state check');
  }

  /** A random Sec-Fetch-Site and Origin: mostly a browser's same-origin request, else any mix, the odd ones too. */
  function originHeaders() {
    const roll = random();
    if (roll < 0.5) return { site: 'same-origin', origin: ORIGIN };
    if (roll < 0.58) return {}; // curl, a server
    if (roll < 0.66) return { origin: ORIGIN }; // a browser without Fetch Metadata
    return {
      site: pick(['same-origin', 'none', 'same-site', 'cross-site', 'cross-site', undefined, undefined, 'same-origin, same-origin', 'none, cross-site', 'bogus']),
      origin: pick([ORIGIN, SIBLING, EVIL, EVIL, 'null', undefined]),
    };
  }

  /** A token of the kind asked, or a replacement kind when the visitor has none of it: [kind, token]. */
  function tokenOfKind(visitor, kind) {
    const others = visitors.filter((other) => other !== visitor && other.tokens.length > 0 && other.secret !== visitor.secret);
    const base = visitor.tokens.length > 0 ? pick(visitor.tokens) : world.recent.length > 0 ? pick(world.recent) : remask('A'.repeat(86), random);
    switch (kind) {
      case 'valid':
        if (visitor.tokens.length > 0) return ['valid', pick(visitor.tokens)];
        return tokenOfKind(visitor, 'foreign');
      case 'remasked':
        if (visitor.tokens.length > 0) return ['remasked', remask(pick(visitor.tokens), random)];
        return tokenOfKind(visitor, 'stale');
      case 'stale':
        if (visitor.stale.length > 0) return ['stale', pick(visitor.stale)];
        return tokenOfKind(visitor, 'foreign');
      case 'foreign':
        if (others.length > 0 && chance(0.7)) return ['foreign', pick(pick(others).tokens)];
        if (world.recent.length > 0) return ['foreign', pick(world.recent)]; // another app's session
        return ['malformed', 'x'.repeat(86)];
      case 'malformed': {
        // Half the time at an end of the pad or of the masked half, where an off-by-one would skip a character.
        const at = chance(0.5) ? pick([0, 42, 43, 85]) : Math.floor(random() * 86);
        const swap = (char) => base.slice(0, at) + char + base.slice(at + 1);
        const other = BASE64URL[(BASE64URL.indexOf(base[at]) + 1 + Math.floor(random() * 63)) % 64];
        return ['malformed', pick([
          base.slice(0, 1 + Math.floor(random() * 85)), // truncated
          base + pick([...BASE64URL]), // one character too many
          base + base, // twice as long
          base.slice(0, 43), // the pad alone
          swap(other), // tampered: one character changed
          swap(pick(['!', '.', '=', '~', '+', '/', '%'])), // no base64url character
          swap(String.fromCharCode(0x80 + base.charCodeAt(at))), // its low 7 bits those of the real one
          'x'.repeat(86), // the right length, a secret of x XOR x
          'A'.repeat(86),
          '',
        ])];
      }
      default:
        throw new Error(kind);
    }
  }

  /**
   * An unsafe request to `path` and its check against the oracle. `method` may be one no framework knows
   * (PROPFIND, PURGE, purge), or OPTIONS with a form body: README ## CSRF "GET, HEAD, OPTIONS and TRACE always pass
   * (OPTIONS and TRACE only without a form body ...). Any other method (POST, PUT, PATCH, DELETE, and
   * unknown ones; React Router itself answers a method it does not know, such as PROPFIND, with a 405 before any
   * middleware) passes only when both hold"; #### CSRF under Remix v3: "A request is checked when its method ... is
   * unsafe, and whenever it carries a form body (any method but GET and HEAD)".
   */
  async function unsafe(visitor, path, method) {
    const unknown = ![...UNSAFE, 'OPTIONS'].includes(method);
    // OPTIONS here always carries a form body: checked everywhere (Hono's methodOverride({ app }) reads its _method too).
    const checked = true;
    const requestedKind = pick(['valid', 'valid', 'valid', 'valid', 'remasked', 'missing', 'stale', 'foreign', 'malformed', 'malformed']);
    const note = `note-${nextId}`;
    const spec = { method, path, note, ...originHeaders() };
    let kind = requestedKind;
    let token = null;
    if (requestedKind !== 'missing') [kind, token] = tokenOfKind(visitor, requestedKind);
    const placement = method === 'OPTIONS'
      ? pick(kind === 'missing' ? ['urlencoded', 'multipart'] : ['urlencoded', 'multipart', 'header'])
      : kind === 'missing'
        ? pick(['urlencoded', 'multipart', 'json', 'no body', 'empty header'])
        : pick(['urlencoded', 'urlencoded', 'multipart', 'multipart', 'header', 'header', 'header, no body', 'header and field', 'empty header', 'two fields', 'elsewhere']);
    spec.placement = placement;
    const fields = [['note', note]];
    if (placement === 'urlencoded' || placement === 'multipart') {
      spec.body = placement;
      if (token !== null) fields.splice(Math.floor(random() * 2), 0, ['_csrf', token]);
    } else if (placement === 'json') {
      spec.body = 'json';
    } else if (placement === 'no body') {
      spec.body = undefined;
    } else if (placement === 'header') {
      spec.header = token;
      // A form without its field (OPTIONS: always a form): the header decides.
      spec.body = chance(0.5) && method !== 'OPTIONS' ? 'json' : 'urlencoded';
    } else if (placement === 'header, no body') {
      spec.header = token;
    } else if (placement === 'header and field') {
      // The header decides, whatever the field holds: the field's token is another kind.
      spec.header = token;
      spec.body = pick(['urlencoded', 'multipart']);
      fields.push(['_csrf', tokenOfKind(visitor, pick(['valid', 'stale', 'foreign', 'malformed']))[1]]);
    } else if (placement === 'empty header') {
      spec.header = '';
      spec.body = pick(['urlencoded', 'multipart']);
      if (token !== null) fields.push(['_csrf', token]);
    } else if (placement === 'elsewhere') {
      // Where the check does not look: README rule 2 reads "the X-CSRF-Token header ... or else the first _csrf
      // field of an application/x-www-form-urlencoded or multipart/form-data body"; #### CSRF under Remix v3: "a
      // token is read only from X-CSRF-Token or the _csrf field (a token in a URL leaks through logs and Referer)".
      spec.elsewhere = pick(['the URL query', 'a JSON body', 'a text/plain form']);
      if (spec.elsewhere === 'the URL query') spec.query = token;
      if (spec.elsewhere === 'a JSON body') spec.body = 'json';
      if (spec.elsewhere === 'a text/plain form') spec.body = 'text';
      spec.text = spec.body === 'json' ? JSON.stringify({ _csrf: token, note }) : `_csrf=${token}`;
    } else if (placement === 'two fields') {
      // The first _csrf field decides.
      spec.body = pick(['urlencoded', 'multipart']);
      fields.push(['_csrf', token], ['_csrf', tokenOfKind(visitor, pick(['valid', 'stale', 'foreign', 'malformed']))[1]]);
    }
    spec.fields = fields;
    if (spec.body === 'json') spec.text ??= JSON.stringify({ note });
    const read = tokenRead(spec);
    const tokenOk = tokenPasses(read, visitor);
    const originOk = originPasses(spec.site, spec.origin, trusted);
    const expectedBody = spec.body === 'urlencoded' || spec.body === 'multipart' ? note : spec.text ?? '';

    const before = { jar: new Map(visitor.jar), secret: visitor.secret, tokens: [...visitor.tokens], n: visitor.n, user: visitor.user, flash: visitor.flash };
    const result = await send(visitor, spec);
    const { response, text, setCookies, calls, where } = result;
    if (unknown && app.framework === 'react-router') {
      assert.equal(response.status, 405, `React Router answers an unknown method 405 itself: ${where}`);
      assert.deepEqual(calls, [], where);
      assert.deepEqual(setCookies, [], where);
      count('unknown method: React Router 405');
      return;
    }
    if (unknown || method === 'OPTIONS') {
      if ((tokenOk && originOk) || !checked) {
        // Passes the check; what the framework then answers is its own (Hono and fetch-router route no PROPFIND).
        assert.notEqual(response.status, 403, `refused a request the README lets through: ${where}`);
        assert.ok(calls.every((call) => call.path === path && call.body === (unknown ? expectedBody : null)), where);
        if (method === 'OPTIONS' && app.framework !== 'react-router') assert.equal(calls.length, 1, where);
        const flashArrived = takeFlash(visitor);
        if (calls.length > 0 && path === '/act') {
          assert.equal(text, 'ok', where);
          assert.ok(setCookies.length > 0, where);
          visitor.n++;
          visitor.flash = expectedBody;
        } else {
          assertWriteOnlyForFlash(flashArrived, setCookies, where);
        }
        count(unknown ? 'unknown method: passes with the token' : `OPTIONS with a form body, passes${tokenOk && originOk ? '' : ' without the token'}`);
        return;
      }
    }
    if (tokenOk && originOk) {
      // README ## CSRF table: "a form of this origin with its _csrf token, or a fetch with X-CSRF-Token: passes";
      // "every token of the session stays valid" (BREACH masking: a token masked anew passes too).
      assert.equal(response.status, 200, `refused a request the README lets through: ${where}`);
      assert.equal(text, path === '/act' ? 'ok' : path === '/login' ? 'in' : 'bye', where);
      assert.equal(calls.length, 1, `the handler ran ${calls.length} times: ${where}`);
      // "A form that fits reaches the handler as a Request that reads the same bytes again" (React Router: a clone).
      assert.equal(calls[0].body, expectedBody, `the handler read another body: ${where}`);
      assert.ok(setCookies.length > 0, `a change was not committed: ${where}`);
      count(`pass (${placement})`);
      if (read !== null && unmask(read) !== null && !visitor.tokens.includes(read)) count('pass: a token masked anew');
      if (spec.site !== 'same-origin' || spec.origin !== ORIGIN) count('pass: not a plain same-origin browser request');
      if (!originPasses(spec.site, spec.origin, [])) count('pass: a trusted origin the site rule alone refuses');
      takeFlash(visitor);
      if (path === '/act') {
        visitor.n++;
        visitor.flash = expectedBody;
      }
      if (path === '/login' || path === '/logout') {
        // The cookie sent with the request, as it was (a copy taken before the sign-in or sign-out).
        visitor.kept.push({ ...before, ended: true });
      }
      if (path === '/login') {
        // README ## CSRF: "regenerateId() (at sign-in) drops it with the old ID ... a token shown before ... no
        // longer passes, and the next csrfToken(session) makes a new secret." The values stay (a new ID).
        dropSecret(visitor);
        visitor.user = expectedBody;
        assert.ok(visitor.jar.has(COOKIE), where);
        count('sign-in (regenerateId)');
      }
      if (path === '/logout') {
        // README ## CSRF: "destroy() (sign-out) invalidates every token"; ## Frameworks: "a destroyed session gets
        // an expiring cookie".
        dropSecret(visitor);
        visitor.n = 0;
        visitor.user = null;
        assert.ok(!visitor.jar.has(COOKIE), `the logout left the cookie: ${where}`);
        count('sign-out');
      }
      return;
    }
    // README ## CSRF: "passes only when both hold, else it gets a 403 whose text/plain body says which rule failed
    // (Cache-Control: no-store, X-Content-Type-Options: nosniff), the handler is not called, and nothing is
    // committed"; issue 14: "otherwise 403 with a clear plain-text body, and the handler is not called".
    assert.equal(response.status, 403, `let through a request the README refuses (token ${tokenOk ? 'ok' : 'bad'}, origin ${originOk ? 'ok' : 'bad'}): ${where}`);
    assert.match(response.headers.get('Content-Type') ?? '', /^text\/plain\b/, where);
    assert.equal(response.headers.get('Cache-Control'), 'no-store', where);
    assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff', where);
    assert.ok(text.trim().length > 0, where);
    assert.deepEqual(calls, [], `the handler ran for a refused request: ${where}`);
    assert.deepEqual(setCookies, [], `a refused request wrote the session: ${where}`);
    checkNoSessionMade(visitor, result);
    // The flash waiting for the next page stays: the refusal wrote nothing, so it did not clear it (checkState shows).
    if (visitor.flash !== null) count('refused: a flash waiting');
    if (!originOk && tokenOk) {
      // The table: "Sec-Fetch-Site: cross-site, or an Origin of another site, not in trustedOrigins (cross-site
      // request): 403, even with a valid token"; "Sec-Fetch-Site: same-site from an origin not in trustedOrigins:
      // 403, even with a valid token". The body names the origin rule, not the token.
      assert.doesNotMatch(text, /(missing|wrong) CSRF token/, where);
      if (siteValue(spec.site) === 'cross-site' || (spec.site === undefined && spec.origin === EVIL)) assert.match(text, /cross-site request/, where);
      count('refused: origin alone, with the right token');
      count(`refused: Sec-Fetch-Site ${siteValue(spec.site) ?? `absent, Origin ${spec.origin}`}`);
    } else if (originOk && !tokenOk) {
      // The table: "no token (missing CSRF token)"; "another session's token, a stale one (the session ended
      // since), a tampered one (wrong CSRF token)". An empty _csrf field: the README does not say which.
      if (read === null) assert.match(text, /missing CSRF token/, where);
      else if (read === '') assert.match(text, /(missing|wrong) CSRF token/, where);
      else assert.match(text, /wrong CSRF token/, where);
      count(`refused: token ${kind}${placement === 'header and field' || placement === 'two fields' || placement === 'empty header' ? ` (${placement})` : ''}`);
      if (spec.elsewhere && tokenPasses(token, visitor)) count(`refused: the right token in ${spec.elsewhere}`);
      count('refused: token alone');
    } else {
      count('refused: both rules');
    }
    if (path !== '/act') count(`refused: a forged ${path.slice(1)}`);
    if (unknown) count('refused: an unknown method');
    if (method === 'OPTIONS') count('refused: OPTIONS with a form body');
    if (chance(0.3)) await checkState(visitor); // the session is as it was: not signed out, not counted
  }

  /** GET or HEAD /form: a token, and the secret made by the first ask only. */
  async function askToken(visitor, method) {
    const result = await send(visitor, { method, path: '/form', ...(chance(0.8) ? {} : originHeaders()) });
    const { response, text, setCookies, calls, where } = result;
    assert.equal(response.status, 200, where);
    assert.equal(calls.length, 1, where);
    if (method === 'HEAD' && headWritesNothing()) {
      // README ## withSession: "a `HEAD` commits nothing but a logout: ... a form's CSRF secret, a flash used up ...
      // is not written, and no cookie is set". The secret it made is no session's; a flash waiting stays.
      assert.deepEqual(setCookies, [], `a HEAD wrote the session: ${where}`);
      count('HEAD /form');
      return;
    }
    if (visitor.secret === null) {
      // README: the secret is "created by the first csrfToken(session)": the session changed, and is committed
      // ("a dirty session is committed: its Set-Cookie is appended").
      assert.ok(setCookies.length > 0 && visitor.jar.has(COOKIE), `the first token stored no secret: ${where}`);
      takeFlash(visitor);
      count('secret created, Set-Cookie');
    } else {
      // A later call reuses the stored secret ("every token of the session stays valid"): nothing changed, nothing
      // is written ("an untouched one adds no header"), but for a flash that arrived.
      assertWriteOnlyForFlash(takeFlash(visitor), setCookies, where);
      count('token of the stored secret');
    }
    if (method === 'HEAD') {
      if (visitor.secret === null) visitor.secret = UNSEEN;
      count('HEAD /form');
      return;
    }
    // "Each call returns 86 base64url characters, a fresh random pad of 43 followed by the pad XOR the secret"
    assert.match(text, /^[A-Za-z0-9_-]{86}$/, where);
    assert.ok(!world.issued.has(text), `a token given twice (no fresh pad): ${where}`);
    world.issued.add(text);
    world.recent.push(text);
    if (world.recent.length > 50) world.recent.shift();
    const secret = unmask(text);
    if (visitor.secret === null || visitor.secret === UNSEEN) {
      // A new secret: none other had it (258 random bits); after a HEAD made it, the one the HEAD stored.
      assert.ok(!world.secrets.has(secret), `a secret given twice: ${where}`);
      world.secrets.add(secret);
      if (visitor.secret === UNSEEN) count('secret made by a HEAD, first token seen later');
      visitor.secret = secret;
    } else {
      assert.equal(secret, visitor.secret, `a token of another secret than the session's: ${where}`);
    }
    visitor.tokens.push(text);
  }

  /** HEAD or OPTIONS /page, or GET /page, from any origin: README "GET, HEAD, OPTIONS and TRACE always pass". */
  async function safe(visitor, method) {
    const headersOf = chance(0.5) ? { site: 'cross-site', origin: EVIL } : originHeaders();
    if (method === 'GET') return checkState(visitor, headersOf);
    const result = await send(visitor, { method, path: '/page', ...headersOf });
    const { response, setCookies, calls, where } = result;
    assert.notEqual(response.status, 403, `a safe method refused: ${where}`);
    if (method === 'HEAD' && headWritesNothing()) assert.deepEqual(setCookies, [], `a HEAD wrote the session: ${where}`);
    else assertWriteOnlyForFlash(takeFlash(visitor), setCookies, where);
    // React Router routes OPTIONS as it will (the README says nothing): the handler is checked where the test routed it.
    if (method === 'HEAD' || app.framework !== 'react-router') {
      assert.equal(response.status, 200, where);
      assert.equal(calls.length, 1, where);
    }
    checkNoSessionMade(visitor, result);
    count(`safe ${method}${headersOf.site === 'cross-site' ? ' cross-site' : ''}`);
  }

  for (let step = 0; step < STEPS; step++) {
    const visitor = pick(visitors);
    const roll = random();
    if (visitor.crawler) {
      // Reads pages, and is the means of forged requests carrying other visitors' tokens: it never asks for one.
      if (roll < 0.35) await safe(visitor, 'GET');
      else if (roll < 0.5) await safe(visitor, 'HEAD');
      else if (roll < 0.6) await safe(visitor, 'OPTIONS');
      else await unsafe(visitor, pick(['/act', '/act', '/logout', '/login']), pick(UNSAFE));
      continue;
    }
    if (roll < 0.2) await askToken(visitor, 'GET');
    else if (roll < 0.23) await askToken(visitor, 'HEAD');
    else if (roll < 0.26) await safe(visitor, 'GET');
    else if (roll < 0.29) await safe(visitor, 'HEAD');
    else if (roll < 0.32) await safe(visitor, 'OPTIONS');
    else if (roll < 0.34) await unsafe(visitor, '/page', 'OPTIONS');
    else if (roll < 0.36) await unsafe(visitor, '/act', pick(['PROPFIND', 'PURGE', 'purge']));
    else if (roll < 0.4) await unsafe(visitor, '/login', pick(UNSAFE));
    else if (roll < 0.43) await unsafe(visitor, '/logout', pick(UNSAFE));
    else if (roll < 0.47) {
      // The browser brings back a copy of a cookie it held (a backup, another profile), keeping the one it has.
      // README ## Security model: "A cookie session cannot be deleted server-side before it expires: a copy of its
      // cookie taken before a sign-out still opens it"; ## Storages: "A cookie naming an ID the store does not have
      // (forged, expired, deleted) gives a fresh session"; "regenerateId(true) deletes the old record at commit;
      // destroy() deletes the record". So with the memory storage a copy from before a sign-in or sign-out opens a
      // fresh session, which has no secret: its tokens are stale. With the cookie storage the old session, its secret
      // and its tokens come back.
      if (visitor.kept.length === 0) continue;
      const copy = visitor.kept.splice(Math.floor(random() * visitor.kept.length), 1)[0];
      keepCopy(visitor, false);
      dropSecret(visitor);
      visitor.jar = new Map(copy.jar);
      if (copy.ended && app.storage === 'memory') {
        visitor.n = 0;
        visitor.user = null;
        visitor.flash = null;
        count('replayed the cookie of an ended session (memory: fresh)');
      } else {
        visitor.secret = copy.secret;
        visitor.tokens = copy.tokens;
        visitor.stale = visitor.stale.filter((token) => !copy.tokens.includes(token));
        visitor.n = copy.n;
        visitor.user = copy.user;
        visitor.flash = copy.flash;
        count(copy.ended ? 'replayed the cookie of an ended session (cookie storage: it opens)' : 'replayed a kept cookie');
      }
    } else if (roll < 0.49) {
      // The browser drops its cookie (a new device, cleared cookies): the tokens it held are of a session it left.
      keepCopy(visitor, false);
      visitor.jar.clear();
      dropSecret(visitor);
      visitor.n = 0;
      visitor.user = null;
      visitor.flash = null;
      count('cookie dropped');
    } else await unsafe(visitor, '/act', pick(UNSAFE));
  }
  for (const visitor of visitors) await checkState(visitor);
  assert.ok(visitors.find((v) => v.crawler).jar.size === 0, `${tag} ${app.name}: the crawler has a cookie`);
}

// Minimum counts per seed: the model cannot pass by checking nothing.
const PER_SEED_MINIMUM = {
  'pass (urlencoded)': 5,
  'pass (multipart)': 5,
  'pass (header)': 5,
  'pass: a token masked anew': 3,
  'refused: origin alone, with the right token': 10,
  'refused: token alone': 30,
  'refused: token stale': 3,
  'refused: token foreign': 5,
  'refused: token malformed': 10,
  'refused: token missing': 5,
  'refused: the right token in the URL query': 1,
  'refused: the right token in a JSON body': 1,
  'refused: the right token in a text/plain form': 1,
  'crawler: no Set-Cookie': 20,
  'secret created, Set-Cookie': 10,
  'token of the stored secret': 10,
  'refused: a flash waiting': 20,
  'state check: a flash that survived every request since': 20,
  'state check': 50,
  'safe HEAD cross-site': 3,
  'safe OPTIONS cross-site': 3,
  'HEAD /form': 3,
  'sign-in (regenerateId)': 3,
  'sign-out': 3,
  'replayed the cookie of an ended session (memory: fresh)': 1,
  'replayed the cookie of an ended session (cookie storage: it opens)': 1,
};
// Across all seeds, for each framework (the Hono app.route() variants count as one).
const PER_FRAMEWORK_MINIMUM = {
  'pass (urlencoded)': 5,
  'pass (multipart)': 5,
  'pass (header)': 5,
  'refused: origin alone, with the right token': 5,
  'refused: token alone': 20,
  'crawler: no Set-Cookie': 10,
  'secret created, Set-Cookie': 5,
  'state check': 50,
  'refused: a flash waiting': 10,
  'sign-in (regenerateId)': 2,
  'sign-out': 2,
};

describe('csrf model: withSession, Hono (app and app.route sub-app), React Router 7, Remix v3; cookie and memory storages', () => {
  const totals = { counts: {}, perFramework: {}, seeds: 0 };
  for (const seed of SEEDS) {
    // Even seeds: csrf: true; odd: a trusted sibling origin (README ## Choices: "A listed origin passes whatever
    // Sec-Fetch-Site says ... it still needs the token").
    const trusted = seed % 2 ? [SIBLING] : [];
    const csrf = seed % 2 ? { trustedOrigins: trusted } : true;
    it(`seed ${seed} (csrf: ${JSON.stringify(csrf)})`, async () => {
      const random = mulberry32(seed);
      const world = { issued: new Set(), secrets: new Set(), recent: [], counts: {}, perFramework: {} };
      for (const app of makeApps(csrf, seed % 2 === 1)) await runApp(app, random, world, trusted, `seed ${seed}`);
      const minimums = trusted.length > 0 ? { ...PER_SEED_MINIMUM, 'pass: a trusted origin the site rule alone refuses': 3 } : PER_SEED_MINIMUM;
      for (const [kind, minimum] of Object.entries(minimums)) {
        assert.ok((world.counts[kind] ?? 0) >= minimum, `seed ${seed}: ${kind}: ${world.counts[kind] ?? 0} < ${minimum}`);
      }
      for (const [kind, n] of Object.entries(world.counts)) totals.counts[kind] = (totals.counts[kind] ?? 0) + n;
      for (const [key, n] of Object.entries(world.perFramework)) {
        const merged = key.replace(/^hono app\.route \(csrf on the \w+ mount\)/, 'hono app.route');
        totals.perFramework[merged] = (totals.perFramework[merged] ?? 0) + n;
      }
      totals.seeds++;
    });
  }

  it('checked every kind of request in every framework', (t) => {
    if (totals.seeds < SEEDS.length) return t.skip('a seed failed: its counts are incomplete');
    for (const framework of ['withSession', 'hono', 'hono app.route', 'react-router', 'remix v3']) {
      for (const [kind, minimum] of Object.entries(PER_FRAMEWORK_MINIMUM)) {
        const n = totals.perFramework[`${framework}: ${kind}`] ?? 0;
        assert.ok(n >= minimum, `${framework}: ${kind}: ${n} < ${minimum}`);
      }
    }
    const all = Object.entries(totals.counts).sort(([a], [b]) => a.localeCompare(b));
    t.diagnostic(all.map(([kind, n]) => `${kind}: ${n}`).join('; '));
  });
});
