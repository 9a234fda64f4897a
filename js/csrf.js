// CSRF protection (OWASP CSRF Prevention Cheat Sheet): a synchronizer token per
// session, masked per response against BREACH (as Rails and Django do), plus an
// Origin / Sec-Fetch-Site check on every unsafe request. The secret is made the
// first time a token is asked for, so a visitor who never sees a form has no
// session and gets no Set-Cookie (Remix v3's csrf middleware stores one on every
// request instead).

/** The session key holding the secret (base64url, 32 bytes). */
export const CSRF_SESSION_KEY = '__csrf';
/** The form field a token is read from. */
export const CSRF_FIELD = '_csrf';
/** The request header a token is read from (checked before the body). */
export const CSRF_HEADER = 'X-CSRF-Token';

const SECRET_BYTES = 32;
const SECRET_TEXT = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url without padding
const TOKEN_TEXT = /^[A-Za-z0-9_-]{86}$/; // pad || secret XOR pad: 64 bytes
// RFC 9110 9.2.1: the methods that must not change state. Every other method, known or not, needs a token.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

function toBase64Url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Bytes of base64url text already checked against SECRET_TEXT or TOKEN_TEXT. */
function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The session's secret bytes, or null when it has none (or something else sits under the key). */
function secretOf(session) {
  const text = session.get(CSRF_SESSION_KEY);
  return typeof text === 'string' && SECRET_TEXT.test(text) ? fromBase64Url(text) : null;
}

/**
 * A token for a form or a fetch: the session's CSRF secret, masked with a
 * fresh random pad, so each call returns a different string (nothing constant
 * for a compression side channel to recover); every one of them verifies.
 * The first call makes the secret and stores it in the session (which then
 * commits); a session that never asks for a token stays untouched.
 * Throws SessionDestroyedError on a destroyed session.
 * @param {import('./session.js').Session} session
 * @returns {string} 86 base64url characters
 * @example
 * html += `<form method="post" action="/notes">
 *   <input type="hidden" name="_csrf" value="${csrfToken(session)}">
 *   ...
 * </form>`;
 */
export function csrfToken(session) {
  let secret = secretOf(session);
  if (secret === null) {
    secret = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
    session.set(CSRF_SESSION_KEY, toBase64Url(secret));
  }
  const token = new Uint8Array(SECRET_BYTES * 2);
  crypto.getRandomValues(token.subarray(0, SECRET_BYTES));
  for (let i = 0; i < SECRET_BYTES; i++) token[SECRET_BYTES + i] = token[i] ^ secret[i];
  return toBase64Url(token);
}

/**
 * True when `token` unmasks to `secret`. The comparison takes the same time
 * whatever bytes differ: every byte is XOR-accumulated, no early exit. A token
 * of the wrong shape is refused on its length alone, which tells nothing of the secret.
 */
function tokenMatches(token, secret) {
  if (typeof token !== 'string' || !TOKEN_TEXT.test(token)) return false;
  const bytes = fromBase64Url(token);
  let difference = 0;
  for (let i = 0; i < SECRET_BYTES; i++) difference |= bytes[i] ^ bytes[SECRET_BYTES + i] ^ secret[i];
  return difference === 0;
}

/**
 * The options a `csrf` option stands for, checked once when the middleware is
 * made: null for off (false or absent), else `{ trustedOrigins }` (a Set).
 * Throws a TypeError for anything else, naming `caller`.
 * @param {boolean | { trustedOrigins?: string[] } | undefined} option
 * @param {string} caller
 */
export function csrfOptions(option, caller) {
  if (option === undefined || option === false) return null;
  if (option === true) return { trustedOrigins: new Set() };
  if (option === null || typeof option !== 'object' || Array.isArray(option)) {
    throw new TypeError(`${caller}: csrf must be true, false or { trustedOrigins }`);
  }
  const { trustedOrigins = [] } = option;
  if (!Array.isArray(trustedOrigins)) throw new TypeError(`${caller}: csrf.trustedOrigins must be an array of origins`);
  for (const origin of trustedOrigins) {
    // An origin exactly as a browser sends it: "https://app.example.com", no path, no trailing slash.
    let parsed = null;
    try {
      parsed = typeof origin === 'string' ? new URL(origin).origin : null;
    } catch {}
    if (parsed === null || parsed === 'null' || parsed !== origin) {
      throw new TypeError(`${caller}: csrf.trustedOrigins: ${JSON.stringify(origin)} is not an origin such as "https://app.example.com"`);
    }
  }
  return { trustedOrigins: new Set(trustedOrigins) };
}

function refuse(reason) {
  return new Response(`Forbidden: ${reason}\n`, {
    status: 403,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/**
 * Why the request's origin is refused, or null when it may go on. A browser
 * sets Sec-Fetch-Site and no page can forge it: `same-origin` and `none` (the
 * user's own navigation) pass, `cross-site` never does, and `same-site` (a
 * sibling subdomain or another port of the same host, which the issue counts
 * as an attacker; SameSite=Lax cookies do reach it) passes only from a trusted
 * origin. Without it, Origin must be the request's own origin or a trusted
 * one ("null", an opaque origin, never is). With neither header the client is
 * no browser (browsers send Origin on every cross-origin POST): the token
 * alone decides.
 */
function originProblem(request, trustedOrigins) {
  const site = request.headers.get('Sec-Fetch-Site');
  const origin = request.headers.get('Origin');
  if (site === 'same-origin' || site === 'none') return null;
  if (site === 'cross-site') return `cross-site request (Sec-Fetch-Site: cross-site${origin ? `, Origin ${origin}` : ''}).`;
  if (site === 'same-site') {
    return origin !== null && trustedOrigins.has(origin)
      ? null
      : `request from another origin of this site (Sec-Fetch-Site: same-site${origin ? `, Origin ${origin}` : ''}); list it in csrf.trustedOrigins to allow it.`;
  }
  if (origin === null) return null;
  if (origin === new URL(request.url).origin || trustedOrigins.has(origin)) return null;
  return `cross-site request (Origin ${origin} is not this site's).`;
}

/** The token the request carries: the header, else the form field read from a clone (the handler still reads the body). */
async function tokenOf(request) {
  const header = request.headers.get(CSRF_HEADER);
  if (header !== null) return header;
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (!FORM_TYPES.has(type) || request.body === null) return null;
  try {
    const value = (await request.clone().formData()).get(CSRF_FIELD);
    return typeof value === 'string' ? value : null;
  } catch {
    return null; // a body that is no form carries no token
  }
}

/**
 * Checks one request: null when it may reach the handler, else the 403 to
 * answer (text/plain, no-store, saying which rule failed). Safe methods
 * always pass; any other needs a same-origin request (originProblem) and a
 * token that unmasks to the session's secret. Reads nothing from the session
 * but the secret and writes nothing to it.
 * @param {Request} request
 * @param {import('./session.js').Session} session
 * @param {{ trustedOrigins: Set<string> }} options what csrfOptions returned
 * @returns {Promise<Response | null>}
 */
export async function verifyCsrf(request, session, { trustedOrigins }) {
  if (SAFE_METHODS.has(request.method)) return null;
  const problem = originProblem(request, trustedOrigins);
  if (problem !== null) return refuse(problem);
  const token = await tokenOf(request);
  if (token === null || token === '') {
    return refuse(`missing CSRF token (send it in the ${CSRF_FIELD} form field or the ${CSRF_HEADER} header; csrfToken(session) makes one).`);
  }
  // A session without a secret (new, expired, destroyed since the form was shown) matches no token.
  const secret = secretOf(session);
  if (secret === null || !tokenMatches(token, secret)) {
    return refuse('wrong CSRF token (it is not this session\'s: the session may have ended since the form was shown; reload the page and try again).');
  }
  return null;
}
