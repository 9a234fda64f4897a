// The PRG cycle of bench/cycle.js as a Worker serves it: Request in, Response out, through withSession, without
// and with its csrf option, so they show what CSRF protection adds to a request (target: at most +10%).
//
//   POST /  (Origin, Sec-Fetch-Site and Content-Length as a browser sends them; a urlencoded form the handler reads)
//           counter += 1, set the user object, flash the form's message -> 303 + Set-Cookie
//   GET /   read the flash -> JSON { count, flash, token } + Set-Cookie (the flash cleared)
// With csrf the GET also makes the form's token (csrfToken) and the POST carries it back, which withSession
// checks before the handler runs: in the `_csrf` field (a form without script; the check reads the body and the
// handler reads it again from memory) or in the X-CSRF-Token header (what a fetch() sends; the body is not read).
// Imports from ./cycle.js (which lists these in its registry) are used at call time only, so the cycle is harmless.
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { cookieHeaderOf, FLASH, USER } from './cycle.js';

const ORIGIN = 'https://bench.example';
const NAME = '__session';
const SECRETS = ['bench-s3cr3t-of-32-characters-or-more'];
// Expiry on (issue 11): every implementation's cookie expires; edge-session also enforces
// idle and absolute timeouts from the times in its payload.
const WEEK = 7 * 24 * 3600;
const LIFETIME = { idleTimeout: 30 * 60, absoluteTimeout: 8 * 3600 };

let storage;
function sessionStorage() {
  return (storage ??= createCookieSessionStorage({ cookie: { name: NAME, secrets: SECRETS, httpOnly: true, sameSite: 'lax', path: '/', maxAge: WEEK }, ...LIFETIME }));
}

/** The PRG Worker's fetch: withSession over the cycle's handler, with or without csrf (bench/http-cycle.js serves it too). */
export function makeFetch(csrf) {
  return withSession(
    () => sessionStorage(),
    async (request, { session }) => {
      if (request.method === 'POST') {
        const form = await request.formData();
        const count = (session.get('count') ?? 0) + 1;
        session.set('user', USER);
        session.set('count', count);
        session.flash('message', form.get('message'));
        return new Response(null, { status: 303, headers: { Location: '/' } });
      }
      const token = csrf ? csrfToken(session) : undefined;
      return Response.json({ count: session.get('count'), flash: session.get('message'), token });
    },
    { csrf },
  );
}

/** The Cookie header for the session cookie `response` sets, else `kept` (throws when there is neither). */
export function setCookieOf(response, kept) {
  const header = response.headers.getSetCookie().find((value) => value.startsWith(`${NAME}=`));
  if (header) return cookieHeaderOf(header);
  if (kept !== undefined) return kept;
  throw new Error(`no ${NAME} Set-Cookie (status ${response.status})`);
}

function request(method, cookie, body, headerToken) {
  const headers = { 'Sec-Fetch-Site': 'same-origin' };
  if (headerToken) headers['X-CSRF-Token'] = headerToken;
  if (cookie) headers.Cookie = cookie;
  if (body !== undefined) {
    headers.Origin = ORIGIN;
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    // A browser's form post declares its length (a form body is never chunked); the csrf check reads a body of
    // declared length at once, and an undeclared one chunk by chunk to stop past its limit. The body is ASCII.
    headers['Content-Length'] = String(body.length);
  }
  return new Request(`${ORIGIN}/`, { method, headers, body });
}

function createRequestCycle(csrf, viaHeader = false) {
  let fetch;
  return async function requestCycle(cookie, previous) {
    fetch ??= makeFetch(csrf);
    let token = previous?.token;
    if (csrf && (cookie === null || token === undefined)) {
      // A first visit: the form's page comes before the first post.
      const page = await fetch(request('GET', cookie));
      token = (await page.json()).token;
      cookie = setCookieOf(page);
    }
    const fields = new URLSearchParams({ message: FLASH });
    if (csrf && !viaHeader) fields.set('_csrf', token);
    const posted = await fetch(request('POST', cookie, fields.toString(), viaHeader ? token : undefined));
    if (posted.status !== 303) throw new Error(`POST answered ${posted.status}: ${await posted.text()}`);
    const shown = await fetch(request('GET', setCookieOf(posted)));
    const { count, flash, token: next } = await shown.json();
    return { cookie: setCookieOf(shown), count, flash, token: next };
  };
}

async function peek(cookie) {
  const session = await sessionStorage().getSession(cookie);
  try {
    return { user: session.get('user'), count: session.get('count'), flash: session.get('message') };
  } finally {
    session.dispose();
  }
}

/** For bench/cycle.js's registry; `warmOnly`: left out of the cold-start runs (they time the storages). */
export const requestImplementations = [
  { key: 'ws', name: 'edge-session, withSession', cycle: createRequestCycle(false), peek, warmOnly: true },
  { key: 'ws-csrf', name: 'edge-session, withSession + csrf (token in the form)', cycle: createRequestCycle(true), peek, warmOnly: true },
  { key: 'ws-csrf-header', name: 'edge-session, withSession + csrf (token in X-CSRF-Token)', cycle: createRequestCycle(true, true), peek, warmOnly: true },
  // The control: the first row's very cycle again, as a row of its own. Its ratio to the first row is what the
  // machine's noise alone makes of two identical rows (A/A); a csrf row's ratio means only as much as it exceeds it.
  { key: 'ws-again', name: 'edge-session, withSession again (control: same code as withSession)', cycle: createRequestCycle(false), peek, warmOnly: true },
];
