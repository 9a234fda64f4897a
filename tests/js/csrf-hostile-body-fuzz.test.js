// Hostile form bodies and headers against the CSRF check's body reading, seeded and differential: odd multipart
// (boundaries quoted, long, repeated, missing; LF lines; preamble and epilogue; boundary strings inside values;
// files; duplicate `_csrf` parts; `_csrf` after a large file; folded headers; name*=, escapes, case), urlencoded
// (+ and % escapes, %5Fcsrf, duplicates, invalid UTF-8, encoded lone surrogates, BOMs), Content-Type variants,
// bodies at and around maxBodyBytes, chunked streams split anywhere (one byte at a time included), a lying
// Content-Length. Each request goes through withSession, Hono's sessionMiddleware and React Router's, and is held
// against the platform's (undici's) formData() and Hono's own parseBody() over the same bytes:
// - the answer is 200, 403 or 413: never a 500 or a rejection;
// - a 200 only with the platform's own `_csrf` being the session's token (past the limit, a body the platform
//   cannot parse at all is the handler's to meet, as in csrf-form-differential.test.js);
// - a body within the limit whose platform token is the session's passes;
// - what the handler reads (every field and file, or the raw bytes) is what it reads with no check in front.
// csrf-form-differential.test.js compares the `_csrf` value over simpler bodies; this one compares whole forms and
// the ways bodies arrive. From a review (hostile bodies).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { formData as remixFormData } from '@remix-run/form-data-middleware';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { Hono } from 'hono';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionMiddleware as reactRouterSession } from 'edge-session/react-router';
import { csrf as remixCsrf, csrfToken as remixCsrfToken } from 'edge-session/remix';
import { rng } from './user-index-model.js';
import { joinedBytes } from '../helpers/joined-bytes.js';
import { tokenIndexApp } from '../helpers/react-router-csrf-routes.js';

const SELF = 'http://app.test';
const CASES = Number(process.env.FUZZ_CASES ?? 2500);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const encoder = new TextEncoder();
const LIMITS = [200, 600, 1 << 20];

const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });

/** What a handler read: every entry of the form (files by name, type and bytes), or the body's bytes. */
async function entriesOf(form) {
  const out = [];
  for (const [name, value] of form) {
    out.push(typeof value === 'string' ? [name, value] : [name, { file: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()).toString('hex') }]);
  }
  return out;
}
let saw;
async function record(read) {
  try {
    saw = await read();
  } catch (error) {
    saw = { threw: String(error?.message ?? error) };
  }
}
const readOf = { form: async (request) => entriesOf(await request.formData()), bytes: async (request) => Buffer.from(await request.arrayBuffer()).toString('hex') };

function withSessionApp(limit, mode) {
  return withSession(storage, async (request, { session }) => {
    if (request.method === 'GET') return new Response(csrfToken(session));
    await record(() => readOf[mode](request));
    return new Response('ok');
  }, { csrf: { maxBodyBytes: limit } });
}

function honoApp(limit, mode) {
  const app = new Hono();
  app.use(honoSession(storage, { csrf: { maxBodyBytes: limit } }));
  app.get('/', (c) => c.text(csrfToken(c.var.session)));
  app.post('/', async (c) => {
    await record(async () => (mode === 'form' ? c.req.parseBody({ all: true }).then(honoShape) : Buffer.from(await c.req.arrayBuffer()).toString('hex')));
    return c.text('ok');
  });
  return (request) => app.fetch(request);
}

function reactRouterApp(limit, mode) {
  return tokenIndexApp(reactRouterSession(storage, { csrf: { maxBodyBytes: limit } }), async ({ request }) => {
    await record(() => readOf[mode](request));
    return new Response('ok');
  });
}

const remixCookie = createCookie('__session', { secrets: ['s3cr3t'] });
/** Remix v3: session(), csrf() and formData() (after csrf(), or `before` it); the handler reads formData()'s form. */
function remixApp(limit, mode, before = false) {
  const guard = [remixSession(remixCookie, storage), remixCsrf({ maxBodyBytes: limit })];
  const router = createRouter({ middleware: mode === 'form' ? (before ? [guard[0], remixFormData(), guard[1]] : [...guard, remixFormData()]) : guard });
  router.get('/', ({ get }) => new Response(remixCsrfToken(get(Session))));
  router.post('/', async (context) => {
    await record(async () => (mode === 'form' ? entriesOf(context.get(FormData)) : readOf.bytes(context.request)));
    return new Response('ok');
  });
  return (request) => router.fetch(request);
}
/** The same router's form with no session nor check: what the handler reads without edge-session. */
const plainRemix = createRouter({ middleware: [remixFormData()] });
plainRemix.post('/', async (context) => Response.json(await entriesOf(context.get(FormData))));
async function remixReference(bytes, contentType, replay) {
  try {
    const body = replay ? replay() : bytes;
    const response = await plainRemix.fetch(new Request(`${SELF}/`, { method: 'POST', headers: contentType === null ? {} : { 'Content-Type': contentType }, body, duplex: 'half' }));
    return response.status === 200 ? response.json() : { threw: response.status };
  } catch (error) {
    return { threw: String(error) };
  }
}

/** Hono's parseBody({ all: true }) made comparable (files by name and size). */
async function honoShape(body) {
  const out = {};
  for (const [key, value] of Object.entries(body)) {
    const values = Array.isArray(value) ? value : [value];
    out[key] = await Promise.all(values.map(async (v) => (typeof v === 'string' ? v : { file: v.name, size: v.size })));
  }
  return out;
}

// ---- bodies -------------------------------------------------------------------------------------------------


function urlencoded(r, values, calm) {
  const names = ['_csrf', '_csrf', '_csrf', '%5Fcsrf', '%5fcsrf', '_csr%66', '_csrf+', '+_csrf', '%EF%BB%BF_csrf', '_CSRF', 'a', 'note', '', '%zz', '%ED%A0%80', '%C3%A9', 'x+y', '%2B'];
  const pieces = [];
  if (r.chance(0.05)) pieces.push(new Uint8Array([0xef, 0xbb, 0xbf])); // a raw BOM first
  const n = 1 + r.int(6);
  for (let k = 0; k < n; k++) {
    if (k > 0 || pieces.length) pieces.push(r.pick(['&', '&', '&', '&&', '&=&']));
    if (r.chance(0.15)) pieces.push(`big=${'y'.repeat(r.int(1200))}`);
    else {
      const name = calm(names);
      pieces.push(r.chance(0.1) ? name : `${name}=`, r.chance(0.05) ? name : '', r.chance(0.05) ? new Uint8Array([0xff, 0xfe]) : '', calm(values));
    }
  }
  if (r.chance(0.1)) pieces.push('&');
  const contentType = calm([
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded;charset=UTF-8',
    'application/x-www-form-urlencoded; charset=iso-8859-1',
    'Application/X-WWW-Form-Urlencoded',
    ' application/x-www-form-urlencoded ',
    'application/x-www-form-urlencoded, text/plain',
    'text/plain, application/x-www-form-urlencoded',
    'application/x-www-form-urlencodedx',
    null,
  ]);
  return { contentType, bytes: joinedBytes(pieces) };
}

function multipart(r, values, calm) {
  const boundary = calm(['XyZ', '----WebKitFormBoundaryAbC12', 'a', 'b'.repeat(70), 'c'.repeat(71), "x'()+_,./:=?-", 'with space', 'q"q']);
  const crlf = r.chance(0.9) ? '\r\n' : '\n';
  const quoted = r.chance(0.3);
  const contentType = calm([
    `multipart/form-data; boundary=${quoted ? `"${boundary}"` : boundary}`,
    `multipart/form-data; boundary=${quoted ? `"${boundary}"` : boundary}`,
    `multipart/form-data;boundary=${boundary}`,
    `Multipart/Form-Data; BOUNDARY=${boundary}`,
    `multipart/form-data; boundary=${boundary}; charset=utf-8`,
    `multipart/form-data; boundary=other; boundary=${boundary}`,
    `multipart/form-data; boundary=${boundary}; boundary=other`,
    `multipart/form-data; boundary="${boundary}\\"x"`,
    `multipart/form-data; boundary=${boundary}, multipart/form-data; boundary=other`,
    `multipart/mixed; boundary=${boundary}`,
    `multipart/form-data`,
  ]);
  const parts = [];
  if (r.chance(0.1)) parts.push(`preamble --${boundary}x${crlf}`);
  const n = 1 + r.int(5);
  for (let k = 0; k < n; k++) {
    const name = calm(['_csrf', 'note', '_csrf', '_csrf', '_CSRF', 'note', '_csrf ', '%5Fcsrf', '_cs\\"rf', '_csrf"; x="']);
    const disposition = calm([
      `Content-Disposition: form-data; name="${name}"`,
      `Content-Disposition: form-data; name="${name}"`,
      `content-disposition: form-data; name="${name}"`,
      `Content-Disposition: FORM-DATA; NAME="${name}"`,
      `Content-Disposition: form-data; name=${name}`,
      `Content-Disposition: form-data; name*=UTF-8''${name}`,
      `Content-Disposition: form-data; name="${name}"; filename="f.txt"`,
      `Content-Disposition: form-data; name="${name}"; filename=""`,
      `Content-Disposition: form-data; name="${name}"; filename*=UTF-8''f.txt`,
      `Content-Disposition: form-data;${crlf} name="${name}"`,
      `Content-Disposition: form-data; name="${name}"${crlf}Content-Type: text/plain`,
      `Content-Disposition: form-data; name="${name}"${crlf}X-Other: 1`,
      `Content-Disposition : form-data; name="${name}"`,
    ]);
    const big = r.chance(0.15) ? 'z'.repeat(r.int(1500)) : '';
    const value = calm([
      ...values,
      `${r.pick(values)}${crlf}--${boundary}x`,
      `--${boundary}`,
      `${r.pick(values)}${crlf}--${boundary}  `,
      '\ufeff' + r.pick(values),
    ]);
    parts.push(`--${boundary}${r.chance(0.05) ? '  ' : ''}${crlf}${disposition}${crlf}${crlf}`, big || value, crlf);
  }
  const end = r.int(10);
  if (end === 0) {
    // no closing delimiter
  } else if (end === 1) parts.push(`--${boundary}${crlf}`);
  else parts.push(`--${boundary}--`, r.chance(0.3) ? `${crlf}epilogue --${boundary}${crlf}` : crlf);
  return { contentType, bytes: joinedBytes(parts) };
}

/** A random body, or an edge: empty, one byte, exactly or about the limit. */
function bodyOf(r, values, limit) {
  const calm = r.chance(0.5) ? (xs) => xs[0] : (xs) => r.pick(xs); // half the cases mostly as browsers send them
  const form = r.chance(0.5) ? urlencoded(r, values, (xs) => (r.chance(0.85) ? calm(xs) : r.pick(xs))) : multipart(r, values, (xs) => (r.chance(0.85) ? calm(xs) : r.pick(xs)));
  if (r.chance(0.08)) form.bytes = form.bytes.subarray(0, r.int(form.bytes.length + 1));
  if (r.chance(0.1) && limit < 10_000) {
    // Pad a urlencoded form to land at limit-1, limit or limit+1.
    if (form.contentType?.toLowerCase().includes('urlencoded')) {
      const want = limit - 1 + r.int(3);
      const pad = Math.max(0, want - form.bytes.length - 3);
      form.bytes = joinedBytes([form.bytes, `&p=${'p'.repeat(pad)}`]);
    }
  }
  return form;
}

// ---- delivery ------------------------------------------------------------------------------------------------

/** `bytes` as a stream of chunks of the sizes `sizes` gives (a list, kept to replay the same cuts). */
function streamOf(bytes, sizes) {
  const cuts = [];
  for (let at = 0; at < bytes.length; ) {
    const size = Math.max(1, sizes());
    cuts.push(bytes.slice(at, at + size));
    at += size;
  }
  const replay = () => {
    let next = 0;
    return new ReadableStream({ pull: (controller) => (next < cuts.length ? controller.enqueue(cuts[next++]) : controller.close()) });
  };
  const stream = replay();
  stream.replay = replay;
  return stream;
}

// Remix's multipart parser (@remix-run/multipart-parser) fails on some streams cut into small chunks ("Unexpected
// data after end of stream"), check or no check: its reference replays the same chunks.
function requestOf(r, { contentType, bytes }, cookie, remix) {
  const headers = { Cookie: cookie, Origin: SELF };
  if (contentType !== null) headers['Content-Type'] = contentType;
  const delivery = r.pick(['length', 'length', 'stream', 'stream1', 'plain', 'lie-short', 'lie-long']);
  let body = bytes;
  if (delivery === 'length') headers['Content-Length'] = String(bytes.length);
  if (delivery === 'lie-short') headers['Content-Length'] = String(r.int(bytes.length + 1));
  if (delivery === 'lie-long') headers['Content-Length'] = String(bytes.length + 1 + r.int(100));
  if (delivery === 'stream') body = streamOf(bytes, () => 1 + r.int(64));
  if (delivery === 'stream1') body = streamOf(bytes, () => (bytes.length < 3000 ? 1 : 97));
  return { delivery, replay: body.replay, request: new Request(`${SELF}/`, { method: 'POST', headers, body, duplex: 'half' }) };
}

// ---- references ------------------------------------------------------------------------------------------------

async function platformOf(bytes, contentType, mode) {
  try {
    const request = new Request(`${SELF}/`, { method: 'POST', headers: contentType === null ? {} : { 'Content-Type': contentType }, body: bytes });
    if (mode === 'bytes') return { ok: Buffer.from(bytes).toString('hex') };
    const form = await request.clone().formData();
    const value = form.get('_csrf');
    return { ok: await entriesOf(form), token: typeof value === 'string' ? value : null };
  } catch (error) {
    return { threw: String(error?.message ?? error) };
  }
}

const plainHono = new Hono();
plainHono.onError((error, c) => c.text(String(error), 500));
plainHono.post('/', async (c) => c.json(await c.req.parseBody({ all: true }).then(honoShape)));
async function honoReference(bytes, contentType) {
  const response = await plainHono.fetch(new Request(`${SELF}/`, { method: 'POST', headers: contentType === null ? {} : { 'Content-Type': contentType }, body: bytes }));
  return response.status === 200 ? response.json() : { threw: response.status };
}

// ---- the run -------------------------------------------------------------------------------------------------

it(`${CASES} hostile form bodies through withSession, Hono, React Router and Remix v3: only the platform's token passes, and the handler reads what it would without the check`, { timeout: 600_000 }, async () => {
  const apps = [];
  for (const limit of LIMITS) {
    for (const mode of ['form', 'bytes']) {
      apps.push({ name: 'withSession', limit, mode, fetch: withSessionApp(limit, mode) });
      apps.push({ name: 'hono', limit, mode, fetch: honoApp(limit, mode) });
      apps.push({ name: 'react-router', limit, mode, fetch: reactRouterApp(limit, mode) });
      apps.push({ name: 'remix', limit, mode, fetch: remixApp(limit, mode) });
      if (mode === 'form') apps.push({ name: 'remix-formData-first', limit, mode, fetch: remixApp(limit, mode, true) });
    }
  }
  for (const app of apps) {
    const page = await app.fetch(new Request(`${SELF}/`));
    app.cookie = page.headers.getSetCookie()[0].split(';')[0];
    app.token = await page.text();
    assert.match(app.token, /^[\w-]{86}$/, app.name);
  }
  const valuesOf = (token) => [token, token, token, encodeURIComponent(token), token.replace(/./g, (c) => `%${c.charCodeAt(0).toString(16)}`), '', 'x', `${token}%zz`, `+${token}`, `${token}+`, `%EF%BB%BF${token}`, 'a+b%20c%2B%25', '%ED%B0%80', '%F0%9F%98%80'];
  const problems = [];
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(String(reason));
  process.on('unhandledRejection', onUnhandled);
  const tally = {};
  try {
    for (let i = 0; i < CASES; i++) {
      const r = rng(SEED * 1_000_003 + i * 7919);
      const app = r.pick(apps);
      const { token, cookie } = app;
      const form = bodyOf(r, valuesOf(token), app.limit);
      const { delivery, replay, request } = requestOf(r, form, cookie, app.name.startsWith('remix'));
      let platform = await platformOf(form.bytes, form.contentType, 'form');
      const remixRead = /^(multipart\/|application\/x-www-form-urlencoded)/.test(form.contentType ?? '');
      if (app.name === 'remix-formData-first' && remixRead) {
        // The check reads the form formData() parsed (README): Remix's parser is the reference then.
        const remix = await remixReference(form.bytes, form.contentType);
        const value = remix.threw === undefined ? remix.find(([name]) => name === '_csrf')?.[1] : undefined;
        platform = remix.threw === undefined ? { ok: remix, token: typeof value === 'string' ? value : null } : remix;
      }
      const over = form.bytes.length > app.limit;
      saw = undefined;
      let response;
      try {
        response = await app.fetch(request);
      } catch (error) {
        // formData() ahead of csrf() throws on a body it cannot parse, check or no check.
        const own = app.name.startsWith('remix') && (await remixReference(form.bytes, form.contentType, replay)).threw !== undefined;
        if (!own) problems.push(`case ${i} ${app.name} limit ${app.limit} ${app.mode} ${delivery} ${JSON.stringify(form.contentType)} ${form.bytes.length}B: threw ${error}`);
        if (process.env.FUZZ_DUMP) console.log(i, JSON.stringify(new TextDecoder('latin1').decode(form.bytes)), error?.cause);
        continue;
      }
      const shown = `case ${i} ${app.name} limit ${app.limit} ${app.mode} ${delivery} ${JSON.stringify(form.contentType)} ${form.bytes.length}B: ${response.status}`;
      tally[response.status] = (tally[response.status] ?? 0) + 1;
      if (![200, 403, 413].includes(response.status)) {
        problems.push(`${shown} (${(await response.text()).slice(0, 200)})`);
        continue;
      }
      const passed = response.status === 200;
      if (passed && platform.token !== token && !(over && platform.threw)) problems.push(`${shown}: passed, the platform's _csrf is ${JSON.stringify(platform.token ?? platform.threw)?.slice(0, 60)}`);
      // Two Content-Type fields joined (no browser sends them): the check reads neither as a form, a refusal.
      // And types no browser sends that Remix's formData() reads (multipart/mixed, a misspelt urlencoded): the check
      // reads only multipart/form-data and application/x-www-form-urlencoded bodies (README).
      const joined = (form.contentType?.includes(',') && !form.contentType.includes('"')) || /mixed|urlencodedx/.test(form.contentType);
      if (!passed && !over && platform.token === token && !delivery.startsWith('lie') && !joined) problems.push(`${shown}: refused a form whose platform _csrf is the token (${(await response.text()).slice(0, 160)})`);
      if (passed) {
        let expected;
        if (app.mode === 'bytes') expected = Buffer.from(form.bytes).toString('hex');
        else if (app.name === 'hono') expected = await honoReference(form.bytes, form.contentType);
        else if (app.name.startsWith('remix')) {
          // A body the check read whole reaches Remix's parser in one chunk; one streamed on past the limit, in its own.
          expected = await remixReference(form.bytes, form.contentType, replay);
          const whole = await remixReference(form.bytes, form.contentType);
          if (JSON.stringify(saw) === JSON.stringify(whole)) expected = whole;
        }
        else expected = platform.ok ?? platform;
        // A reference that fails to parse: the handler must fail too (any message).
        if (expected?.threw !== undefined) {
          if (saw?.threw === undefined) problems.push(`${shown}: the handler read ${JSON.stringify(saw).slice(0, 120)} where the platform throws`);
        } else if (JSON.stringify(saw) !== JSON.stringify(expected)) {
          problems.push(`${shown}: the handler read ${JSON.stringify(saw).slice(0, 200)}, without the check ${JSON.stringify(expected).slice(0, 200)}`);
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  console.log('statuses', tally);
  assert.deepEqual(unhandled, []);
  assert.deepEqual(problems.slice(0, 30), [], `${problems.length} problems`);
});
