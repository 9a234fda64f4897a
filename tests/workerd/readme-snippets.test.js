// Every ```js block of README.md, run as a newcomer would paste it. The blocks are extracted from README.md at test
// time (so this test fails when the README's code drifts), written with the least glue they imply into a temp
// folder under tests/workerd/readme-snippets-worker/ (inside the package, so `import 'edge-session'` resolves to
// the package itself, as in the other test Workers), and run: the Worker-style blocks inside workerd through
// wrangler (tests/helpers/start-worker.js), the Node-only ones in this process. Each test asserts what the README
// says about its block, in a few requests. A block is found by a short marker unique to it; a new block with no
// marker fails the first test, so it gets a test (or a reason to skip it) here.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const README_PATH = join(HERE, '..', '..', 'README.md');
const HELPERS = join(HERE, '..', 'helpers');
const SECRET = 'readme-snippets-secret-5c1e9a';
const TEST = { timeout: 20_000 };

// ---------------------------------------------------------------------------------------------------------------
// The blocks

/** Every ```js fence of the README (indented ones too, their indentation removed), with its 1-based line. */
function extractBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)```js\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !/^ *```\s*$/.test(lines[j]); j++) body.push(lines[j].slice(Math.min(indent, /^ */.exec(lines[j])[0].length)));
    blocks.push({ line: i + 1, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

const BLOCKS = extractBlocks(readFileSync(README_PATH, 'utf8'));

/** One marker per block: a string only that block contains. */
const MARKERS = {
  quickStart: '// src/index.js: a Worker',
  hono: "import { sessionMiddleware } from 'edge-session/hono';",
  reactRouterRoot: '// app/root.jsx',
  reactRouterWorker: '// workers/app.js',
  remix: 'const routers = new WeakMap(); // one router per env',
  remixCsrf: "import { csrf, csrfToken } from 'edge-session/remix';",
  durableObjectExport: "export { SessionDurableObject } from 'edge-session';",
  loaderUsing: 'using session = await getSession(',
  flashHelpers: 'keepForm(session, form,',
  lifetime: 'absoluteTimeout: 8 * 60 * 60',
  rememberMe: 'async function rememberedSetCookies(',
  csrf: '{ csrf: true },',
  revocation: 'await storage.revokeUserSessions(userId, { except: session });',
  cookieRevocation: "revocation: { namespace: env.SESSION_DO } });",
  routesFromElsewhere: "const EXEMPT = new Set(['/webhooks/stripe', '/auth/callback']);",
};
/** Blocks not run, by marker name, with the reason. */
const SKIPPED = {
  // Four frameworks' fragments in one block, each run whole (real hono, react-router, @remix-run/*) elsewhere.
  routesFromElsewhere: 'fragments of four apps: each recipe runs in tests/js/csrf-routes-from-elsewhere.test.js',
};

function block(name) {
  const hits = BLOCKS.filter((b) => b.code.includes(MARKERS[name]));
  assert.equal(hits.length, 1, `README.md: the block marked ${JSON.stringify(MARKERS[name])} (${name}) is found ${hits.length} times`);
  return hits[0];
}
const where = (name) => `README.md:${block(name).line} (${name})`;

/** Splits a block's code at the first line starting with `marker`: [before, from that line on]. */
function splitAt(code, marker) {
  const lines = code.split('\n');
  const at = lines.findIndex((l) => l.startsWith(marker));
  assert.ok(at > 0, `no line starting with ${JSON.stringify(marker)}`);
  return [lines.slice(0, at).join('\n'), lines.slice(at).join('\n')];
}

it('every ```js block of the README has a marker here (run below, or skipped with a reason)', () => {
  assert.ok(BLOCKS.length >= 14, `only ${BLOCKS.length} js blocks found`);
  for (const b of BLOCKS) {
    const names = Object.keys(MARKERS).filter((n) => b.code.includes(MARKERS[n]));
    assert.equal(names.length, 1, `README.md:${b.line}: a js block matched by ${names.length} markers (${names}):\n${b.code}`);
  }
  for (const name of Object.keys(MARKERS)) block(name);
});
for (const [name, reason] of Object.entries(SKIPPED)) it(`README block ${name} (${MARKERS[name]})`, { skip: reason }, () => {});

// ---------------------------------------------------------------------------------------------------------------
// Where the blocks are written

const TMP = mkdtempSync(join(HERE, 'readme-snippets-worker', '.tmp-'));

function writeFiles(folder, files) {
  const dir = join(TMP, folder);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
const importPath = (from, file) => {
  const rel = relative(from, file).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
};

const WRANGLER_BASE = `compatibility_date = "2026-04-20"
keep_names = false

[[kv_namespaces]]
binding = "SESSIONS"
id = "readme-snippets"

[[durable_objects.bindings]]
name = "SESSION_DO"
class_name = "SessionDurableObject"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["SessionDurableObject"]
`;

// ---------------------------------------------------------------------------------------------------------------
// Worker A: the Worker blocks that bundle as they are, one module each, behind a dispatcher that hands a request
// to the block named by its X-Readme-Block header (the block sees the request unchanged otherwise).

function workerA() {
  const revocation = block('revocation').code.split('\n');
  const files = {
    'quick-start.js': block('quickStart').code,
    'hono.js': block('hono').code,
    'remix.js': block('remix').code,
    'csrf.js': block('csrf').code,
    'do-export.js': block('durableObjectExport').code,
    // A fragment: its first line makes the storage; the rest runs in a handler whose session that storage read.
    // The factory is the real one, wrapped only to record what listUserSessions / revokeUserSessions return.
    'revocation.js': `import { createDurableObjectSessionStorage as realFactory, withSession } from 'edge-session';
const results = [];
function createDurableObjectSessionStorage(options) {
  const storage = realFactory(options);
  return new Proxy(storage, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (key === 'listUserSessions' || key === 'revokeUserSessions') {
        return async (...args) => {
          const result = await value.apply(target, args);
          results.push([key, result]);
          return result;
        };
      }
      return value.bind(target);
    },
  });
}
const signIns = withSession(
  (env) => realFactory({ cookie: { name: '__session', secrets: [env.SESSION_SECRET] }, namespace: env.SESSION_DO, userKey: 'userId' }),
  (request, { session }) => {
    if (new URL(request.url).pathname === '/signin') session.set('userId', 'user-7');
    return Response.json({ userId: session.get('userId') ?? null });
  },
);
export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === '/forms') {
      // The block's comments: "or listUserSessions(userId, session)"; "a bare ID string is a TypeError".
      const storage = realFactory({ cookie: { name: '__session', secrets: [env.SESSION_SECRET] }, namespace: env.SESSION_DO, userKey: 'userId' });
      const session = await storage.getSession(request.headers.get('Cookie'));
      try {
        const withOption = await storage.listUserSessions('user-7', { current: session });
        const withSessionItself = await storage.listUserSessions('user-7', session);
        const bare = await storage.listUserSessions('user-7', session.id).then(() => 'accepted', (e) => e.name);
        const bareRevoke = await storage.revokeUserSessions('user-7', session.id).then(() => 'accepted', (e) => e.name);
        return Response.json({ same: JSON.stringify(withOption) === JSON.stringify(withSessionItself), count: withOption.length, bare, bareRevoke });
      } finally {
        session.dispose();
      }
    }
    if (path !== '/block') return signIns(request, env, ctx);
    const cookie = { name: '__session', secrets: [env.SESSION_SECRET] };
    const userId = 'user-7';
    results.length = 0;
    try {
${revocation[0]}
const session = await storage.getSession(request.headers.get('Cookie'));
try {
${revocation.slice(1).join('\n')}
} finally {
  session.dispose();
}
    } catch (error) {
      return Response.json({ error: String(error?.stack ?? error), results }, { status: 500 });
    }
    return Response.json({ results });
  },
};
`,
    // A fragment (an expression): the storage a withSession serves; /revoke revokes the user by hand.
    'cookie-revocation.js': `import { createCookieSessionStorage, withSession } from 'edge-session';
const storages = new WeakMap();
function storageFor(env) {
  if (!storages.has(env)) storages.set(env, makeStorage(env));
  return storages.get(env);
}
function makeStorage(env) {
  const cookie = { name: '__session', secrets: [env.SESSION_SECRET] };
  return ${block('cookieRevocation').code.trim()}
}
const app = withSession(storageFor, async (request, { session, env }) => {
  const path = new URL(request.url).pathname;
  if (path === '/signin') session.set('userId', 'user-9');
  if (path === '/revoke') return Response.json({ revoked: await storageFor(env).revokeUserSessions('user-9') });
  return Response.json({ userId: session.get('userId') ?? null });
});
export default { fetch: app };
`,
    'index.js': `import quickStart from './quick-start.js';
import hono from './hono.js';
import remix from './remix.js';
import csrf from './csrf.js';
import revocation from './revocation.js';
import cookieRevocation from './cookie-revocation.js';
export { SessionDurableObject } from './do-export.js';
const blocks = { quickStart, hono, remix, csrf, revocation, cookieRevocation };
export default {
  fetch(request, env, ctx) {
    const target = blocks[request.headers.get('X-Readme-Block')];
    return target ? target.fetch(request, env, ctx) : new Response('no such block', { status: 404 });
  },
};
`,
    'wrangler.toml': `name = "readme-snippets"\nmain = "index.js"\n${WRANGLER_BASE}`,
  };
  return join(writeFiles('worker-a', files), 'wrangler.toml');
}

// Worker B: React Router's createRequestHandler served by withSession (workers/app.js as it is). What React
// Router's Vite plugin provides is given by wrangler: the server build as an alias, import.meta.env.MODE as a define.
function workerB() {
  const dir = join(TMP, 'worker-b');
  const files = {
    'index.js': block('reactRouterWorker').code,
    'server-build.js': `import { sessionContext } from 'edge-session/react-router';
import { reactRouterBuild } from '${importPath(dir, join(HELPERS, 'react-router-build.js'))}';
import { cloudflareContext } from './index.js';
const routes = {
  root: { id: 'root', path: '', module: { default: () => null } },
  'routes/visits': {
    id: 'routes/visits', parentId: 'root', path: 'visits',
    module: {
      loader({ context }) {
        const session = context.get(sessionContext);
        session.set('visits', (session.get('visits') ?? 0) + 1);
        const { env, ctx } = context.get(cloudflareContext);
        return Response.json({ visits: session.get('visits'), secret: typeof env.SESSION_SECRET, waitUntil: typeof ctx.waitUntil });
      },
    },
  },
};
export const { mode, entry, assets, publicPath, assetsBuildDirectory, future, ssr, isSpaMode, prerender, routeDiscovery } = reactRouterBuild(routes);
export { routes };
`,
    'wrangler.toml': `name = "readme-snippets-rr"
main = "index.js"
compatibility_date = "2026-04-20"

[alias]
"virtual:react-router/server-build" = "./server-build.js"

[define]
"import.meta.env.MODE" = '"production"'
`,
  };
  return join(writeFiles('worker-b', files), 'wrangler.toml');
}

// Worker C: a React Router loader that opens a Durable Object session by hand with `using`. Its `getSession` is the
// storage's, taken as React Router's docs take it (`const { getSession } = storage`).
function workerC() {
  const files = {
    'index.js': `import { createDurableObjectSessionStorage } from 'edge-session';
${block('durableObjectExport').code}

let getSession;
${block('loaderUsing').code}

export default {
  async fetch(request, env) {
    const storage = createDurableObjectSessionStorage({ cookie: { name: '__session', secrets: [env.SESSION_SECRET] }, namespace: env.SESSION_DO });
    ({ getSession } = storage);
    try {
      if (new URL(request.url).pathname === '/signin') {
        const session = await storage.getSession(null);
        session.set('user', 'ann');
        return new Response('signed in', { headers: { 'Set-Cookie': await storage.commitSession(session) } });
      }
      const first = await loader({ request });
      const second = await loader({ request }); // a second open in the same request: the first was disposed
      return Response.json({ first, second });
    } catch (error) {
      return Response.json({ error: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};
`,
    'wrangler.toml': `name = "readme-snippets-using"\nmain = "index.js"\n${WRANGLER_BASE}`,
  };
  return join(writeFiles('worker-c', files), 'wrangler.toml');
}

/** Started once, all three at once; each describe awaits its own (one failing to build fails only its tests). */
const starting = {};
function worker(name) {
  return starting[name];
}
before(() => {
  for (const [name, make] of Object.entries({ a: workerA, b: workerB, c: workerC })) {
    starting[name] = (async () => startWorker({ config: make(), secrets: { SESSION_SECRET: SECRET }, logLevel: 'error', timeoutMs: 45_000 }))();
    starting[name].catch(() => {});
  }
});
after(async () => {
  const started = await Promise.allSettled(Object.values(starting));
  await Promise.all(started.filter((s) => s.status === 'fulfilled').map((s) => s.value.dispose()));
  // After a failed build (a block that no longer bundles), wrangler 4.86 leaves its bundler running even once
  // disposed, which would keep this file's process alive for good: the results are reported, so end it.
  if (started.some((s) => s.status === 'rejected')) setTimeout(() => process.exit(), 3000).unref();
  rmSync(TMP, { recursive: true, force: true }); // after the Workers are gone: their bundlers read it till then
});

async function send(w, jar, blockName, path, init = {}) {
  const headers = new Headers(init.headers);
  if (blockName) headers.set('X-Readme-Block', blockName);
  const { response, setCookies } = await jar.fetch(new URL(path, w.url), { ...init, headers });
  const body = await response.text();
  return { response, status: response.status, body, setCookies, session: setCookies.filter((c) => c.name === '__session' || c.name === '__Host-session') };
}

// ---------------------------------------------------------------------------------------------------------------
// Worker blocks inside workerd

describe('Worker blocks inside workerd', () => {
  let w;
  before(async () => {
    w = await worker('a');
  }, { timeout: 60_000 });

  it('Quick start: counts visits, and a POST flashes "Saved." shown once after the 303', TEST, async () => {
    const jar = new CookieJar();
    const get = () => send(w, jar, 'quickStart', '/');
    assert.equal((await get()).body, 'visit 1 ', where('quickStart'));
    assert.equal((await get()).body, 'visit 2 ', where('quickStart'));
    const posted = await send(w, jar, 'quickStart', '/', { method: 'POST' });
    assert.equal(posted.status, 303, where('quickStart'));
    assert.equal(new URL(posted.response.headers.get('Location')).pathname, '/');
    assert.equal(posted.session.length, 1, `${where('quickStart')}: the flash is committed on the redirect`);
    assert.equal((await get()).body, 'visit 3 Saved.', where('quickStart'));
    assert.equal((await get()).body, 'visit 4 ', where('quickStart'));
  });

  it('Hono: the same with sessionMiddleware, c.redirect keeps the session cookie', TEST, async () => {
    const jar = new CookieJar();
    const get = () => send(w, jar, 'hono', '/');
    assert.equal((await get()).body, 'visit 1 ', where('hono'));
    const posted = await send(w, jar, 'hono', '/save', { method: 'POST' });
    assert.equal(posted.status, 303, where('hono'));
    assert.equal(posted.response.headers.get('Location'), '/');
    assert.equal(posted.session.length, 1, `${where('hono')}: the flash is committed on c.redirect()`);
    assert.equal((await get()).body, 'visit 2 Saved.', where('hono'));
    assert.equal((await get()).body, 'visit 3 ', where('hono'));
  });

  it('Remix v3: fetch-router + session-middleware over the KV storage counts', TEST, async () => {
    const jar = new CookieJar();
    for (const n of [1, 2, 3]) {
      const step = await send(w, jar, 'remix', '/');
      assert.equal(step.status, 200, `${where('remix')}: ${step.body}`);
      assert.equal(step.body, `Count: ${n}`, where('remix'));
    }
    // The cookie holds the signed session ID, not the data (a server-side storage).
    assert.doesNotMatch(decodeURIComponent(jar.get('__Host-session')), /count/);
  });

  it('CSRF: the form carries a token; a post with it passes, without it or cross-site it is refused with 403', TEST, async () => {
    const jar = new CookieJar();
    const page = await send(w, jar, 'csrf', '/');
    assert.equal(page.status, 200, where('csrf'));
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(token, `${where('csrf')}: no token in ${page.body}`);
    const form = (fields) => ({ method: 'POST', body: new URLSearchParams(fields), headers: { 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal((await send(w, jar, 'csrf', '/', form({ _csrf: token }))).status, 200, `${where('csrf')}: a genuine post`);
    assert.equal((await send(w, jar, 'csrf', '/', form({}))).status, 403, `${where('csrf')}: no token`);
    assert.equal((await send(w, jar, 'csrf', '/', form({ _csrf: 'x'.repeat(86) }))).status, 403, `${where('csrf')}: a wrong token`);
    const crossSite = { method: 'POST', body: new URLSearchParams({ _csrf: token }), headers: { 'Sec-Fetch-Site': 'cross-site' } };
    assert.equal((await send(w, jar, 'csrf', '/', crossSite)).status, 403, `${where('csrf')}: cross-site`);
  });

  it('Signing out everywhere (Durable Objects): lists both devices, revokes the other (-> 1), then all', TEST, async () => {
    const deviceB = new CookieJar();
    const deviceA = new CookieJar();
    assert.equal((await send(w, deviceB, 'revocation', '/signin')).body, '{"userId":"user-7"}');
    assert.equal((await send(w, deviceA, 'revocation', '/signin')).body, '{"userId":"user-7"}');
    const forms = await send(w, deviceA, 'revocation', '/forms');
    assert.deepEqual(JSON.parse(forms.body), { same: true, count: 2, bare: 'TypeError', bareRevoke: 'TypeError' }, `${where('revocation')}: the other forms its comments name`);
    const ran = await send(w, deviceA, 'revocation', '/block');
    assert.equal(ran.status, 200, `${where('revocation')}: ${ran.body}`);
    const [[listName, listed], [, revokedOthers], [, revokedAll]] = JSON.parse(ran.body).results;
    assert.equal(listName, 'listUserSessions');
    assert.equal(listed.length, 2, `${where('revocation')}: ${JSON.stringify(listed)}`);
    assert.equal(listed[0].current, true, `${where('revocation')}: the current device first: ${JSON.stringify(listed)}`);
    assert.ok(!listed[1].current);
    for (const entry of listed) for (const key of ['id', 'createdAt', 'lastSeenAt']) assert.ok(key in entry, `${key} in ${JSON.stringify(entry)}`);
    assert.equal(revokedOthers, 1, `${where('revocation')}: "sign out of my other devices" -> 1`);
    assert.equal(revokedAll, 1, `${where('revocation')}: "sign out of all devices", this one too`);
    assert.equal((await send(w, deviceB, 'revocation', '/')).body, '{"userId":null}', `${where('revocation')}: device B signed out`);
    assert.equal((await send(w, deviceA, 'revocation', '/')).body, '{"userId":null}', `${where('revocation')}: device A signed out`);
  });

  it('Cookie sessions with revocation: { namespace }: a cookie signed in before the revocation reads as fresh', TEST, async () => {
    const device = new CookieJar();
    assert.equal((await send(w, device, 'cookieRevocation', '/signin')).body, '{"userId":"user-9"}');
    assert.equal((await send(w, device, 'cookieRevocation', '/')).body, '{"userId":"user-9"}');
    const revoked = await send(w, new CookieJar(), 'cookieRevocation', '/revoke');
    assert.equal(revoked.status, 200, `${where('cookieRevocation')}: ${revoked.body}`);
    assert.equal((await send(w, device, 'cookieRevocation', '/')).body, '{"userId":null}', where('cookieRevocation'));
  });
});

describe('React Router served by withSession inside workerd (workers/app.js)', () => {
  let w;
  before(async () => {
    w = await worker('b');
  }, { timeout: 60_000 });

  it('hands React Router a RouterContextProvider holding the session and the Cloudflare values', TEST, async () => {
    const jar = new CookieJar();
    for (const n of [1, 2]) {
      const step = await send(w, jar, null, '/visits');
      assert.equal(step.status, 200, `${where('reactRouterWorker')}: ${step.body}`);
      assert.deepEqual(JSON.parse(step.body), { visits: n, secret: 'string', waitUntil: 'function' }, where('reactRouterWorker'));
    }
  });
});

describe('A React Router loader opening a Durable Object session with `using`, inside workerd', () => {
  let w;
  before(async () => {
    w = await worker('c');
  }, { timeout: 60_000 });

  it('disposes the session, so the next open (same request, next request) neither fails nor waits', TEST, async () => {
    const jar = new CookieJar();
    assert.equal((await send(w, jar, null, '/signin')).status, 200);
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      const step = await send(w, jar, null, '/');
      assert.equal(step.status, 200, `${where('loaderUsing')}: ${step.body}`);
      assert.deepEqual(JSON.parse(step.body), { first: { user: 'ann' }, second: { user: 'ann' } }, where('loaderUsing'));
      assert.ok(Date.now() - started < 900, `${where('loaderUsing')}: ${Date.now() - started} ms: a lease was held`);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Node blocks, in this process

const NODE_DIR = join(TMP, 'node');
async function importBlock(file, text) {
  writeFiles('node', { [file]: text });
  return import(pathToFileURL(join(NODE_DIR, file)).href);
}
const ENV = { SESSION_SECRET: SECRET };
const CTX = { waitUntil() {}, passThroughOnException() {} };
/** Calls a fetch handler in-process with a cookie jar. */
async function call(handler, jar, path, init = {}) {
  const headers = new Headers(init.headers);
  const cookie = jar.header();
  if (cookie !== undefined) headers.set('Cookie', cookie);
  const response = await handler(new Request(new URL(path, 'https://app.example'), { ...init, headers }));
  const setCookies = jar.update(response);
  const body = await response.text();
  return { response, status: response.status, body, setCookies, session: setCookies.filter((c) => c.name === '__session') };
}

describe('Node blocks', () => {
  it('React Router root middleware + notice route: the action flashes, the loader shows it once', TEST, async () => {
    process.env.SESSION_SECRET = SECRET;
    const [root, notice] = splitAt(block('reactRouterRoot').code, '// app/routes/notice.jsx');
    const rootModule = await importBlock('rr/root.js', root);
    // The route's component, which the README leaves out (the block shows only its loader and action).
    const noticeModule = await importBlock('rr/notice.js', `${notice}\nexport default function Notice() { return null; }\n`);
    const { createRequestHandler } = await import('react-router');
    const { reactRouterBuild } = await import(pathToFileURL(join(HELPERS, 'react-router-build.js')).href);
    const build = reactRouterBuild({
      root: { id: 'root', path: '', module: rootModule },
      'routes/notice': { id: 'routes/notice', parentId: 'root', path: 'notice', module: noticeModule },
    });
    const handler = createRequestHandler(build);
    const jar = new CookieJar();
    const posted = await call(handler, jar, '/notice', { method: 'POST', body: new URLSearchParams({ notice: 'Hello from the action' }) });
    assert.ok([302, 303].includes(posted.status), `${where('reactRouterRoot')}: ${posted.status} ${posted.body}`);
    assert.equal(posted.session.length, 1, `${where('reactRouterRoot')}: the flash is committed on the redirect`);
    const shown = await call(handler, jar, '/notice.data');
    assert.equal(shown.status, 200, shown.body);
    assert.match(shown.body, /Hello from the action/, where('reactRouterRoot'));
    const again = await call(handler, jar, '/notice.data');
    assert.doesNotMatch(again.body, /Hello from the action/, `${where('reactRouterRoot')}: a flash is read once`);
  });

  it('Remix v3 CSRF: csrf() after session(); the form token passes, a post without it gets 403', TEST, async () => {
    process.env.SESSION_SECRET = SECRET;
    const { router } = await importBlock('remix-csrf.js', `import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session } from '@remix-run/session-middleware';
import { createCookieSessionStorage } from 'edge-session';
const cookie = createCookie('__session', { secrets: [process.env.SESSION_SECRET], httpOnly: true, secure: true, sameSite: 'Lax' });
const storage = createCookieSessionStorage({ cookie: { secrets: [process.env.SESSION_SECRET] } });
${block('remixCsrf').code}
router.post('/note', () => new Response('saved'));
export { router };
`);
    const handler = (request) => router.fetch(request);
    const jar = new CookieJar();
    const page = await call(handler, jar, '/note');
    assert.equal(page.status, 200, `${where('remixCsrf')}: ${page.body}`);
    assert.equal(page.response.headers.get('Content-Type'), 'text/html; charset=utf-8');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(token, `${where('remixCsrf')}: no token in ${page.body}`);
    const post = (fields) => call(handler, jar, '/note', { method: 'POST', body: new URLSearchParams(fields), headers: { 'Sec-Fetch-Site': 'same-origin' } });
    const ok = await post({ _csrf: token });
    assert.equal(ok.status, 200, `${where('remixCsrf')}: ${ok.body}`);
    assert.equal(ok.body, 'saved');
    assert.equal((await post({})).status, 403, `${where('remixCsrf')}: no token`);
  });

  it('Flash helpers: an invalid post keeps the form and an error once; a valid one flashes success', TEST, async () => {
    const [imports, rest] = splitAt(block('flashHelpers').code, '// POST /posts');
    const [postPart, getPart] = splitAt(rest, '// GET /posts/new');
    const { handler } = await importBlock('flash.js', `import { createCookieSessionStorage, withSession } from 'edge-session';
${imports}
const storage = createCookieSessionStorage({ cookie: { secrets: [process.env.SESSION_SECRET] } });
const app = withSession(storage, async (request, { session }) => {
  const path = new URL(request.url).pathname;
  if (request.method === 'POST' && path === '/posts') {
${postPart}
    return Response.redirect(new URL('/posts', request.url).href, 303);
  }
  if (path === '/posts/new') {
    const rendered = [];
    const render = (severity, message) => rendered.push({ severity, message });
${getPart}
    return Response.json({ fields, errors, rendered });
  }
  return Response.json(getFlashMessages(session));
});
export const handler = (request) => app(request, ${JSON.stringify(ENV)}, { waitUntil() {}, passThroughOnException() {} });
`);
    const jar = new CookieJar();
    const invalid = await call(handler, jar, '/posts', { method: 'POST', body: new URLSearchParams({ title: '  ', extra: 'not kept' }) });
    assert.equal(invalid.status, 303, `${where('flashHelpers')}: ${invalid.body}`);
    assert.equal(new URL(invalid.response.headers.get('Location')).pathname, '/posts/new');
    const form = JSON.parse((await call(handler, jar, '/posts/new')).body);
    assert.deepEqual(form, {
      fields: { title: '  ' },
      errors: { title: 'Please give a title.' },
      rendered: [{ severity: 'error', message: 'The post was not saved.' }],
    }, where('flashHelpers'));
    const once = JSON.parse((await call(handler, jar, '/posts/new')).body);
    assert.deepEqual(once.rendered, [], `${where('flashHelpers')}: once`);
    assert.equal(once.fields.title, undefined, `${where('flashHelpers')}: once: ${JSON.stringify(once)}`);
    const valid = await call(handler, jar, '/posts', { method: 'POST', body: new URLSearchParams({ title: 'Hi' }) });
    assert.equal(valid.status, 303);
    assert.deepEqual(JSON.parse((await call(handler, jar, '/posts')).body), [{ severity: 'success', message: 'Post saved.' }], where('flashHelpers'));
  });

  it('Session lifetime: Max-Age a week, ends 30 min after the last request, and 8 h after it began', TEST, async () => {
    const { storage } = await importBlock('lifetime.js', `import { createCookieSessionStorage } from 'edge-session';
const env = ${JSON.stringify(ENV)};
${block('lifetime').code}
export { storage };
`);
    const realNow = Date.now;
    let now = Date.UTC(2031, 0, 1);
    Date.now = () => now;
    try {
      const first = await storage.getSession(null);
      first.set('user', 'ann');
      let cookie = (await storage.commitSession(first)).split(';')[0];
      assert.match(await storage.commitSession(await storage.getSession(cookie)), /Max-Age=604800/, where('lifetime'));
      now += 29 * 60_000;
      assert.equal((await storage.getSession(cookie)).get('user'), 'ann', `${where('lifetime')}: 29 min idle`);
      now += 60_000;
      assert.equal((await storage.getSession(cookie)).get('user'), undefined, `${where('lifetime')}: 30 min idle`);

      now = Date.UTC(2031, 0, 2);
      const second = await storage.getSession(null);
      second.set('user', 'bob');
      cookie = (await storage.commitSession(second)).split(';')[0];
      const began = now;
      for (let step = 1; step <= 24; step++) {
        now = began + step * 20 * 60_000; // a request every 20 minutes, each renewing
        const session = await storage.getSession(cookie);
        if (now < began + 8 * 3600_000) {
          assert.equal(session.get('user'), 'bob', `${where('lifetime')}: ${step * 20} min after it began`);
          assert.ok(session.dirty || session.renewalDue, 'a renewal is due after 20 minutes');
          cookie = (await storage.commitSession(session)).split(';')[0];
        } else {
          assert.equal(session.get('user'), undefined, `${where('lifetime')}: 8 h after it began, however busy`);
        }
      }
    } finally {
      Date.now = realNow;
    }
  });

  it('"Remember me": one session cookie, with Max-Age only when remembered (withSession and Hono)', TEST, async () => {
    const { withSessionFetch, app } = await importBlock('remember-me.js', `import { Hono } from 'hono';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';
async function route(request, session) {
  const url = new URL(request.url);
  if (request.method === 'POST' && url.pathname === '/signin') {
    const form = await request.formData();
    session.set('userId', 'u1');
    session.set('remember', form.get('remember') === 'on');
    return Response.redirect(new URL('/', request.url).href, 303);
  }
  if (request.method === 'POST' && url.pathname === '/note') session.set('note', 'x');
  return new Response(\`user \${session.get('userId') ?? ''}\`);
}
const app = new Hono();
app.use(sessionMiddleware((env) => storageFor(env)));
${block('rememberMe').code}
app.post('/signin', async (c) => {
  const form = await c.req.formData();
  c.var.session.set('userId', 'u1');
  c.var.session.set('remember', form.get('remember') === 'on');
  return c.redirect('/', 303);
});
app.post('/note', (c) => {
  c.var.session.set('note', 'x');
  return c.text(\`user \${c.var.session.get('userId') ?? ''}\`);
});
app.get('/', (c) => c.text(\`user \${c.var.session.get('userId') ?? ''}\`));
export { fetch as withSessionFetch, app };
`);
    const env = { ...ENV };
    for (const [name, handler] of [['withSession', (r) => withSessionFetch(r, env, CTX)], ['Hono', (r) => app.fetch(r, env, CTX)]]) {
      for (const remember of [true, false]) {
        const label = `${where('rememberMe')} ${name}, remember ${remember}`;
        const jar = new CookieJar();
        const signIn = await call(handler, jar, '/signin', { method: 'POST', body: new URLSearchParams(remember ? { remember: 'on' } : {}) });
        assert.equal(signIn.status, 303, `${label}: ${signIn.body}`);
        assert.equal(signIn.session.length, 1, `${label}: one session Set-Cookie at sign-in: ${JSON.stringify(signIn.setCookies)}`);
        assert.equal(signIn.session[0].attributes['max-age'], remember ? '604800' : undefined, `${label}: at sign-in`);
        assert.equal(signIn.session[0].attributes.expires, undefined, label);
        const read = await call(handler, jar, '/');
        assert.equal(read.body, 'user u1', label);
        assert.equal(read.session.length, 0, `${label}: an untouched session writes nothing`);
        const changed = await call(handler, jar, '/note', { method: 'POST' });
        assert.equal(changed.session.length, 1, `${label}: one session Set-Cookie on a later change`);
        assert.equal(changed.session[0].attributes['max-age'], remember ? '604800' : undefined, `${label}: on a later change`);
      }
    }
  });
});
