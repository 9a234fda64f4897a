// CSRF protection (OWASP CSRF Prevention Cheat Sheet): a synchronizer token per
// session, masked per response against BREACH (as Rails and Django do), plus an
// Origin / Sec-Fetch-Site check on every unsafe request. The secret is made the
// first time a token is asked for, so a visitor who never sees a form has no
// session and gets no Set-Cookie (Remix v3's csrf middleware stores one on every
// request instead).
import { createBufferedRequest } from './buffered-request.js';

/** The session key holding the secret (base64url, 32 bytes). */
const CSRF_SESSION_KEY = '__csrf';
/** The form field a token is read from. */
const CSRF_FIELD = '_csrf';
/** The request header a token is read from (checked before the body). */
const CSRF_HEADER = 'X-CSRF-Token';

const SECRET_BYTES = 32;
const SECRET_LENGTH = 43; // 32 bytes in base64url, unpadded
const TOKEN_LENGTH = 86; // pad || secret XOR pad: 64 bytes
// RFC 9110 9.2.1: the methods that must not change state. Every other method, known or not, needs a token.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);
// The most body read to find a form's token, unless csrf.maxBodyBytes says otherwise: nginx's default
// client_max_body_size. The check must hold the whole body in memory (a Worker has 128 MB for everything).
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

// base64url (RFC 4648 section 5) by table: btoa/atob plus three regex replacements made a token cost ~16 µs in
// Node, whose btoa is slow; this is well under 1 µs in both runtimes.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const CODES = Uint8Array.from(ALPHABET, (char) => char.charCodeAt(0));
// The codes to a string: String.fromCharCode.apply(null, codes) took ~4 µs for a token in workerd (a call
// spread over a typed array), this ~0.1 µs (and 0.3 µs against 0.85 µs in Node). They are ASCII: UTF-8 as is.
const ascii = new TextDecoder();
const SEXTETS = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) SEXTETS[CODES[i]] = i;

/** Unpadded base64url of `bytes`, whose length is a multiple of 32 (three bytes give four characters). */
function toBase64Url(bytes) {
  const codes = new Uint8Array(Math.ceil((bytes.length * 4) / 3));
  let at = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    codes[at++] = CODES[n >> 18];
    codes[at++] = CODES[(n >> 12) & 63];
    codes[at++] = CODES[(n >> 6) & 63];
    codes[at++] = CODES[n & 63];
  }
  const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8); // the 1 or 2 bytes left (32 and 64 leave 2)
  codes[at++] = CODES[n >> 18];
  codes[at++] = CODES[(n >> 12) & 63];
  if (i + 1 < bytes.length) codes[at++] = CODES[(n >> 6) & 63];
  return ascii.decode(codes);
}

/** The bytes of `text` when it is base64url of exactly `length` characters, else null. */
function fromBase64Url(text, length) {
  if (typeof text !== 'string' || text.length !== length) return null;
  const bytes = new Uint8Array((length * 6) >> 3);
  let bits = 0;
  let count = 0;
  let at = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const sextet = code < 128 ? SEXTETS[code] : -1;
    if (sextet < 0) return null;
    bits = ((bits << 6) | sextet) & 0xfff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes[at++] = (bits >> count) & 0xff;
    }
  }
  return bytes;
}

// Random bytes drawn from one buffer refilled by getRandomValues: a call costs ~7 µs in Node 20 whatever its size,
// and a token needs 32 fresh bytes. Each byte is used once. Filled on first use, never at import (Workers forbid
// random values in global scope).
const POOL_BYTES = 2048;
let pool;
let poolAt = POOL_BYTES;

/** `length` fresh random bytes, a view valid until the next call: copy what must be kept. */
function randomBytes(length) {
  if (poolAt + length > POOL_BYTES) {
    pool ??= new Uint8Array(POOL_BYTES);
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  poolAt += length;
  return pool.subarray(poolAt - length, poolAt);
}

/** The session's secret bytes, or null when it has none (or something else sits under the key). */
function secretOf(session) {
  return fromBase64Url(session.get(CSRF_SESSION_KEY), SECRET_LENGTH);
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
    secret = randomBytes(SECRET_BYTES).slice();
    session.set(CSRF_SESSION_KEY, toBase64Url(secret));
  }
  const token = new Uint8Array(SECRET_BYTES * 2);
  token.set(randomBytes(SECRET_BYTES));
  for (let i = 0; i < SECRET_BYTES; i++) token[SECRET_BYTES + i] = token[i] ^ secret[i];
  return toBase64Url(token);
}

/**
 * True when `token` unmasks to `secret`. The comparison takes the same time
 * whatever bytes differ: every byte is XOR-accumulated, no early exit. A token
 * of the wrong shape is refused on its length alone, which tells nothing of the secret.
 */
function tokenMatches(token, secret) {
  const bytes = fromBase64Url(token, TOKEN_LENGTH);
  if (bytes === null) return false;
  let difference = 0;
  for (let i = 0; i < SECRET_BYTES; i++) difference |= bytes[i] ^ bytes[SECRET_BYTES + i] ^ secret[i];
  return difference === 0;
}

/**
 * The options a `csrf` option stands for, checked once when the middleware is
 * made: null for off (false or absent), else `{ trustedOrigins, maxBodyBytes }`
 * (a Set, and the most of a form body read for its token).
 * Throws a TypeError for anything else, naming `caller`.
 * @param {boolean | { trustedOrigins?: string[], maxBodyBytes?: number } | undefined} option
 * @param {string} caller
 */
export function csrfOptions(option, caller) {
  if (option === undefined || option === false) return null;
  if (option === true) return { trustedOrigins: new Set(), maxBodyBytes: DEFAULT_MAX_BODY_BYTES };
  if (option === null || typeof option !== 'object' || Array.isArray(option)) {
    throw new TypeError(`${caller}: csrf must be true, false or { trustedOrigins, maxBodyBytes }`);
  }
  const { trustedOrigins = [], maxBodyBytes = DEFAULT_MAX_BODY_BYTES } = option;
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
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new TypeError(`${caller}: csrf.maxBodyBytes must be a whole number of bytes, such as ${DEFAULT_MAX_BODY_BYTES}`);
  }
  return { trustedOrigins: new Set(trustedOrigins), maxBodyBytes };
}

function refuse(reason) {
  return new Response(`Forbidden: ${reason}\n`, {
    status: 403,
    // The body can quote the request's Origin: plain text, never sniffed as anything else.
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
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
  if (site === 'same-origin' || site === 'none') return null; // Origin unread: each header read crosses into the runtime
  const origin = request.headers.get('Origin');
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

/** A 413 for a form too large for the check to read (RFC 9110 15.5.14 "Content Too Large"). */
function tooLarge(limit) {
  return new Response(
    `Content Too Large: a form body is read to find its ${CSRF_FIELD} token, up to ${limit} bytes; send the token in the ${CSRF_HEADER} header instead (the body is then not read), or raise csrf.maxBodyBytes.\n`,
    { status: 413, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } },
  );
}

/**
 * The request's whole body when it is at most `limit` bytes, else null (then no more than `limit` + one chunk
 * was read). A declared Content-Length decides before anything is read; HTTP servers (workerd, Node's parser)
 * deliver exactly that many bytes, so the one read that follows is bounded. Without it (a chunked upload, a
 * Request made in process) the body is read chunk by chunk and abandoned past the limit.
 */
async function readBody(request, limit) {
  const length = request.headers.get('Content-Length');
  if (length !== null && /^\d+$/.test(length)) {
    if (Number(length) > limit) return null;
    const bytes = new Uint8Array(await request.arrayBuffer());
    return bytes.length <= limit ? bytes : null;
  }
  const stream = request.body;
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** The platform's own parse of `bytes` as a form of `contentType`. */
function parseForm(bytes, contentType) {
  return new Response(bytes, { headers: { 'Content-Type': contentType } }).formData();
}

// A plain urlencoded body: ASCII only (what browsers send: they percent-encode the rest) and every "%" starting an
// escape. plainFields reads it exactly as the platform's formData() does; anything else goes to the platform's own
// parser, since the runtimes differ there: workerd's formData() turns "%zz" into "zz", URLSearchParams and Node
// keep "%zz" (WHATWG URL 5.1), and raw UTF-8 is decoded before or after the escapes.
const NOT_PLAIN_URLENCODED = /[^\x00-\x7f]|%(?![0-9A-Fa-f]{2})/;

/** The body as text: any non-ASCII byte, a BOM included, is kept and so sends the body to the platform's parser. */
const utf8KeepingBom = new TextDecoder('utf-8', { ignoreBOM: true });

/** One name or value of a plain urlencoded body: "+" is a space, then %-escapes; URIError when they are no UTF-8. */
function decodeField(raw) {
  if (raw.indexOf('+') === -1 && raw.indexOf('%') === -1) return raw;
  return decodeURIComponent(raw.replaceAll('+', ' '));
}

/**
 * The names and values of a plain urlencoded body (NOT_PLAIN_URLENCODED), in order, as the urlencoded parser
 * gives them (WHATWG URL 5.1: split on "&", empty pieces skipped, the name up to the first "="); null when an
 * escape is no UTF-8, which the parser turns into U+FFFD and decodeURIComponent refuses. In plain JavaScript: in
 * workerd, URLSearchParams is a runtime object whose parse and iteration cross into it (~6 µs for two fields).
 */
function plainFields(text) {
  const names = [];
  const values = [];
  try {
    for (const piece of text.split('&')) {
      if (piece === '') continue;
      const at = piece.indexOf('=');
      names.push(decodeField(at === -1 ? piece : piece.slice(0, at)));
      values.push(at === -1 ? '' : decodeField(piece.slice(at + 1)));
    }
  } catch {
    return null;
  }
  return { names, values };
}

/** A FormData of `names` and `values`, as formData() gives for the body they came from. */
function formOf({ names, values }) {
  const form = new FormData();
  for (let i = 0; i < names.length; i++) form.append(names[i], values[i]);
  return form;
}

/**
 * The token the request carries, and the Request the handler gets (`request` itself unless the body was read):
 * the X-CSRF-Token header, else the first `_csrf` field of a form body, exactly what the handler's
 * `formData().get('_csrf')` would give. The body is read once, at most maxBodyBytes of it (a 413 Response past
 * that), and the handler gets a BufferedRequest that answers its own reads from those bytes: in workerd each read
 * of a body costs ~15 µs whatever its size and a clone() tees the stream, which made the check's second read cost
 * more than the rest of the check (issue 14). `keepBody`: read a clone and leave `request` as it is.
 */
async function tokenOf(request, maxBodyBytes, keepBody) {
  const header = request.headers.get(CSRF_HEADER);
  if (header !== null) return { token: header, request };
  const contentType = request.headers.get('Content-Type') ?? '';
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (!FORM_TYPES.has(type)) return { token: null, request };
  let bytes;
  try {
    bytes = await readBody(keepBody ? request.clone() : request, maxBodyBytes);
  } catch {
    return { token: null, request }; // a body that fails to read (already read, a broken upload) carries no token
  }
  if (bytes === null) return tooLarge(maxBodyBytes);
  if (type === 'application/x-www-form-urlencoded') {
    const text = utf8KeepingBom.decode(bytes);
    const fields = NOT_PLAIN_URLENCODED.test(text) ? null : plainFields(text);
    if (fields !== null) {
      const first = fields.names.indexOf(CSRF_FIELD); // formData().get: the first
      const token = first === -1 ? null : fields.values[first];
      return { token, request: keepBody ? request : createBufferedRequest(request, bytes, () => formOf(fields)) };
    }
  }
  let form;
  try {
    form = await parseForm(bytes, contentType);
  } catch {
    return { token: null, request }; // a body that is no form carries no token
  }
  const value = form.get(CSRF_FIELD);
  return { token: typeof value === 'string' ? value : null, request: keepBody ? request : createBufferedRequest(request, bytes, () => form) };
}

/**
 * Checks one request: the 403 (or 413) Response to answer when it must not
 * reach the handler (text/plain, no-store, saying which rule failed), else
 * the Request the handler is to get: `request` itself, or, when the token
 * was read from the form, a BufferedRequest holding the body the check read
 * (`request`'s own body is then used up). Safe methods always pass; any
 * other needs a same-origin request (originProblem) and a token that unmasks
 * to the session's secret. Reads nothing from the session but the secret and
 * writes nothing to it.
 * @param {Request} request
 * @param {import('./session.js').Session} session
 * @param {{ trustedOrigins: Set<string>, maxBodyBytes: number }} options what csrfOptions returned
 * @param {{ keepBody?: boolean }} [how] `keepBody`: read a form from a clone of `request` and always give back
 *   `request`, its body unread (for a caller that cannot hand on another Request; the clone tees the body)
 * @returns {Promise<Response | Request>}
 */
export async function checkCsrf(request, session, { trustedOrigins, maxBodyBytes }, { keepBody = false } = {}) {
  if (SAFE_METHODS.has(request.method)) return request;
  const problem = originProblem(request, trustedOrigins);
  if (problem !== null) return refuse(problem);
  const carried = await tokenOf(request, maxBodyBytes, keepBody);
  if (carried instanceof Response) return carried;
  const { token } = carried;
  if (token === null || token === '') {
    return refuse(`missing CSRF token (send it in the ${CSRF_FIELD} form field or the ${CSRF_HEADER} header; csrfToken(session) makes one).`);
  }
  // A session without a secret (new, expired, destroyed since the form was shown) matches no token.
  const secret = secretOf(session);
  if (secret === null || !tokenMatches(token, secret)) {
    return refuse('wrong CSRF token (it is not this session\'s: the session may have ended since the form was shown; reload the page and try again).');
  }
  return carried.request;
}
