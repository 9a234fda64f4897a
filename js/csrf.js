// CSRF protection (OWASP CSRF Prevention Cheat Sheet): a synchronizer token per
// session, masked per response against BREACH (as Rails and Django do), plus an
// Origin / Sec-Fetch-Site check on every unsafe request. The secret is made the
// first time a token is asked for, so a visitor who never sees a form has no
// session and gets no Set-Cookie (Remix v3's csrf middleware stores one on every
// request instead).
import { createBufferedRequest, createStreamedRequest } from './buffered-request.js';
import { csrfSecretOf, tokenMatchesSecret } from './csrf-token.js';
import { discardBody, formOf, parseForm, readBody, urlencodedField } from './form-body.js';
import { fieldInPrefix } from './form-prefix.js';
import { csrfRefusals, editClock, isRecord, refusedRequests } from './internal.js';
import { refuseUnknownKeys } from './storage-options.js';

/** The form field a token is read from. */
const CSRF_FIELD = '_csrf';
/** The request header a token is read from (checked before the body). */
const CSRF_HEADER = 'X-CSRF-Token';

// RFC 9110 9.2.1: the methods that must not change state. Every other method, known or not, needs a token.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
const URLENCODED = 'application/x-www-form-urlencoded';
const FORM_TYPES = new Set([URLENCODED, 'multipart/form-data']);
// The most body read to find a form's token, unless csrf.maxBodyBytes says otherwise: nginx's default
// client_max_body_size. The check must hold the whole body in memory (a Worker has 128 MB for everything).
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const CSRF_OPTION_NAMES = ['trustedOrigins', 'maxBodyBytes'];

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
  if (!isRecord(option)) {
    throw new TypeError(`${caller}: csrf must be true, false or { trustedOrigins, maxBodyBytes }`);
  }
  // A typo (trustedOrigin) would silently leave the default; the storages refuse unknown options the same way.
  refuseUnknownKeys(option, CSRF_OPTION_NAMES, `${caller}, csrf`);
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

/**
 * The CSRF options of a middleware's `options` (withSession's third argument, the Hono and React Router
 * middlewares' second), whose only option is `csrf`: what csrfOptions returns. Any other name is a TypeError.
 * @param {{ csrf?: unknown } | undefined} options
 * @param {string} caller
 */
export function middlewareCsrf(options, caller) {
  // `withSession(factory, handler, true)` meant csrf on: refused, not taken as no options (csrf silently off).
  // Regression (audit): true, null and 'csrf' were accepted, and left every form unprotected.
  if (!isRecord(options)) {
    throw new TypeError(`${caller}: options must be an object such as { csrf: true }`);
  }
  refuseUnknownKeys(options, ['csrf'], caller);
  return csrfOptions(options?.csrf, caller);
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
 * user's own navigation) pass. An Origin listed in trustedOrigins passes
 * whatever Sec-Fetch-Site says (the app named it; Go's CrossOriginProtection
 * and Django's CSRF_TRUSTED_ORIGINS do the same). Otherwise `cross-site`
 * never passes, nor `same-site` (a sibling subdomain or another port of the
 * same host, which the issue counts as an attacker; SameSite=Lax cookies do
 * reach it); nor any other value (no browser sends one). Without Sec-Fetch-Site, Origin must be the request's own origin
 * ("null", an opaque origin, never is). With neither header the client is
 * no browser (browsers send Origin on every cross-origin POST): the token
 * alone decides.
 */
function originProblem(request, trustedOrigins) {
  let site = request.headers.get('Sec-Fetch-Site');
  if (site?.includes(',')) site = repeatedValue(site);
  if (site === 'same-origin' || site === 'none') return null; // Origin unread: each header read crosses into the runtime
  const origin = request.headers.get('Origin');
  if (origin !== null && trustedOrigins.has(origin)) return null;
  const from = origin ? `, Origin ${shownOrigin(origin)}` : '';
  if (site === 'cross-site') return `cross-site request (Sec-Fetch-Site: cross-site${from}); ${allowHint(origin, 'list its origin')}${ELSEWHERE}`;
  if (site === 'same-site') return `request from another origin of this site (Sec-Fetch-Site: same-site${from}); ${allowHint(origin, 'list it')}`;
  // No browser sends another value (Fetch Metadata has these four), so none is taken as absent: an empty one, or
  // two different ones joined, is refused. Regression (audit): "CROSS-SITE" or "same-origin, cross-site" without an
  // Origin passed on the token alone.
  if (site !== null) return `request with a Sec-Fetch-Site no browser sends (${JSON.stringify(site.slice(0, 40))}).`;
  if (origin === null || origin === new URL(request.url).origin) return null;
  return `cross-site request (Origin ${shownOrigin(origin)} is not this site's); ${allowHint(origin, 'list it')}${ELSEWHERE}`;
}

/**
 * Where a post another site or a server sends, which cannot carry the session's token, is to go: out of the check.
 * Regression (posts-from-elsewhere pass): an identity provider's form_post callback was only told to list the
 * provider in trustedOrigins, after which it got "missing CSRF token ... reload the page" (no token can come); a
 * webhook was told its cookie did not come.
 */
const ELSEWHERE_ROUTE = 'keep its route out of the check (README "Routes that take posts from elsewhere")';
const ELSEWHERE = ` A route another site posts to with no token (an identity provider's form_post callback): ${ELSEWHERE_ROUTE}.`;

/**
 * True for a request no browser sent: no Cookie, no Origin and no Sec-Fetch-Site (a webhook, an API client). Read
 * only on a refusal's way out.
 */
function fromServer(request) {
  const { headers } = request;
  return !headers.has('Cookie') && !headers.has('Origin') && !headers.has('Sec-Fetch-Site');
}

/** The 403 of a token missing from a server's request (fromServer): it holds no session, so no token can come. */
function serverRefusal() {
  return refuse(
    `missing CSRF token (a request with no cookie, no Origin and no Sec-Fetch-Site is no browser's (a webhook, an API client, curl) and holds no session's token; if this route takes such posts, ${ELSEWHERE_ROUTE}).`,
  );
}

/**
 * How a refused origin could be allowed. "null" (an opaque origin: a sandboxed frame, a page of no origin) is no origin
 * trustedOrigins takes (listing it is a TypeError). Regression (README pass): the 403 said to list it there.
 */
function allowHint(origin, listIt) {
  if (origin === 'null') return 'Origin null is an opaque origin (a sandboxed frame, a document of no origin), which no csrf.trustedOrigins entry can allow.';
  return `${listIt} in csrf.trustedOrigins to allow it.`;
}

/**
 * The one value of a header a proxy repeated (joined "same-origin, same-origin"), else the joined text as it came.
 * Regression (review): such a genuine same-origin request was refused.
 */
function repeatedValue(joined) {
  const values = new Set(joined.split(',').map((value) => value.trim()));
  return values.size === 1 ? [...values][0] : joined;
}

/** An Origin (or a media type) as a 403 quotes it: at most 100 characters (the client chose it). Regression (review): unbounded. */
function shownOrigin(origin) {
  return origin.length <= 100 ? origin : `${origin.slice(0, 100)}…`;
}

/**
 * The 403 for a form whose body code ahead of the check read, keeping no form of it. Not "missing": the form may
 * well carry its token. Regression (review): it was told "missing CSRF token".
 */
function readBefore() {
  return refuse(`the form's body was read before the CSRF check (by code ahead of it), so its ${CSRF_FIELD} field cannot be; run the check first, or send the token in the ${CSRF_HEADER} header.`);
}

/** A 413 for a form too large for the check to read (RFC 9110 15.5.14 "Content Too Large"). */
function tooLarge(limit) {
  return new Response(
    `Content Too Large: a form body is read to find its ${CSRF_FIELD} token, up to ${limit} bytes; put the ${CSRF_FIELD} field before the form's files, send the token in the ${CSRF_HEADER} header instead (the body is then not read), or raise csrf.maxBodyBytes.\n`,
    { status: 413, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } },
  );
}

/**
 * The form's token and the Request the handler gets, or a 413: the first `_csrf` field of a form body, exactly
 * what the handler's `formData().get('_csrf')` would give. The body is read once, at most maxBodyBytes of it, and
 * the handler gets a BufferedRequest that answers its own reads from those bytes: in workerd each read of a body
 * costs ~15 µs whatever its size and a clone() tees the stream, which made the check's second read cost more than
 * the rest of the check (issue 14). `keepBody`: read a clone and leave `request` as it is.
 */
async function formTokenOf(request, secret, maxBodyBytes, keepBody, parsedForm) {
  const contentType = request.headers.get('Content-Type') ?? '';
  // What a browser's form sends exactly, else the media type of a Content-Type with parameters or other case.
  const type = contentType === URLENCODED ? URLENCODED : contentType.split(';')[0].trim().toLowerCase();
  if (!FORM_TYPES.has(type)) return { token: null, request, notForm: type };
  // Read already, by a framework that keeps what it parsed (Hono's c.req, after a middleware's parseBody()).
  if (request.bodyUsed && parsedForm) {
    try {
      const value = (await parsedForm()).get(CSRF_FIELD);
      return { token: typeof value === 'string' ? value : null, request };
    } catch {
      return readBefore(); // the framework kept no form of it either (Hono, after c.req.raw.text())
    }
  }
  if (request.bodyUsed) return readBefore();
  // No token passes a session that holds no secret (verdict): its form is read to its end (or the limit and a
  // little more, as a refused large one is) and dropped, never scanned nor parsed. Regression (cost and abuse
  // pass): any client's cookie-less post of 1 MiB of tiny multipart parts was parsed whole by the platform first,
  // ~200 ms of workerd CPU for a certain 403, on every route behind the check.
  if (secret === undefined) {
    let named = false;
    try {
      const read = await readBody(keepBody ? request.clone() : request, maxBodyBytes);
      if (read.bytes === undefined) await dropRest(request, read.rest, keepBody);
      // Which 403 it is, "wrong" or "missing", from one search of the bytes for the field's name as browsers send it.
      named = latin1.decode(read.bytes ?? read.prefix).includes(CSRF_FIELD);
    } catch {}
    if (!named && fromServer(request)) return serverRefusal();
    return noSecret(named ? 'wrong CSRF token' : 'missing CSRF token', request);
  }
  let read;
  try {
    read = await readBody(keepBody ? request.clone() : request, maxBodyBytes);
  } catch {
    return { token: null, request }; // a body that fails to read (already read, a broken upload) carries no token
  }
  const urlencoded = type === URLENCODED;
  if (read.bytes === undefined) return prefixTokenOf(request, read, contentType, urlencoded, maxBodyBytes, keepBody);
  const { bytes } = read;
  let token = urlencoded ? urlencodedField(bytes, CSRF_FIELD) : undefined;
  let form;
  if (token === undefined) {
    try {
      form = await parseForm(bytes, contentType); // multipart, or escapes only the platform decodes as it does
    } catch {
      return { token: null, request }; // a body that is no form carries no token
    }
    const value = form.get(CSRF_FIELD);
    token = typeof value === 'string' ? value : null;
  }
  if (keepBody) return { token, request };
  // The form parsed for the token goes to the first formData() call; a clone's call parses its own.
  const formOnce = () => {
    const parsed = form ?? formOf(bytes, contentType, urlencoded);
    form = undefined;
    return parsed;
  };
  return { token, request: createBufferedRequest(request, bytes, formOnce) };
}

/**
 * Drops the rest of a refused form past maxBodyBytes (discardBody). Read from a clone (keepBody), the request's own
 * branch of the teed body is cancelled too: a tee cancels its source only once both branches are. Regression (s51
 * CSRF scenario pass): under React Router a refused upload was never cancelled.
 */
async function dropRest(request, rest, keepBody) {
  await discardBody(rest);
  if (keepBody) request.body?.cancel().catch(() => {});
}

/**
 * For a form body past maxBodyBytes: its token when its first maxBodyBytes bytes hold it (an upload form with
 * `_csrf` before its files), and the handler's Request streaming the whole body (js/form-prefix.js); else a
 * 413, once a little more of the body is dropped (dropRest). `dropBody` does that dropping, for a request
 * the token then refuses; `keptBody`, read from a clone, cancels the copy's rest for a request it lets through.
 */
async function prefixTokenOf(request, { prefix, chunks, rest }, contentType, urlencoded, maxBodyBytes, keepBody) {
  // Within maxBodyBytes, whatever the chunks: a body passes or not by where its token is, not by how it came.
  const token = fieldInPrefix(prefix.subarray(0, maxBodyBytes), contentType, urlencoded, CSRF_FIELD);
  if (token === undefined) {
    await dropRest(request, rest, keepBody);
    return tooLarge(maxBodyBytes);
  }
  if (!keepBody) return { token, request: createStreamedRequest(request, chunks, rest), dropBody: () => discardBody(rest) };
  // The copy's rest is cancelled once the token passes (the handler reads the original), else read as far as any
  // refused form's. Regression (s51 CSRF scenario pass): cancelled at once, a wrong token's upload was not read further.
  return { token, request, dropBody: () => dropRest(request, rest, true), keptBody: () => rest?.cancel().catch(() => {}) };
}

/**
 * `request` when `token` unmasks to `secret` (the session's: csrfSecretOf), else the 403 saying why. `notForm`:
 * the media type of a body that is no form, whose `_csrf` is never looked for. Regression (frameworks pass): React
 * Router's JSON and text submissions (`encType`), which carry no header of the app's, were told to send the field
 * they had.
 */
function verdict(token, secret, request, notForm) {
  if ((token === null || token === '') && fromServer(request)) return serverRefusal();
  if ((token === null || token === '') && notForm) {
    return refuse(
      `missing CSRF token (a body of type ${shownOrigin(notForm)} is not read for a ${CSRF_FIELD} field: send the token in the ${CSRF_HEADER} header, ` +
        'or post a form (application/x-www-form-urlencoded or multipart/form-data; React Router submits JSON and text/plain with no header of yours, so submit those form-encoded); csrfToken(session) makes one).',
    );
  }
  if (token === null || token === '') {
    return refuse(`missing CSRF token (send it in the ${CSRF_FIELD} form field or the ${CSRF_HEADER} header; csrfToken(session) makes one).`);
  }
  if (!tokenMatchesSecret(secret, token)) {
    if (secret === undefined) return noSecret('wrong CSRF token', request);
    return refuse('wrong CSRF token (it is not this session\'s: the session may have ended since the form was shown; reload the page and try again).');
  }
  return request;
}

/** Bytes as text, one character each: a search of a body's bytes, in one call into the runtime. */
const latin1 = new TextDecoder('latin1');

/**
 * The 403 of a session with no CSRF secret. Said apart: no secret at all is often a cookie that never arrives, which
 * no reload mends. Regression (browser pass): a Secure cookie over a LAN address's plain http was refused, and the
 * 403 said only to reload. `what`: "wrong CSRF token" or "missing CSRF token".
 */
function noSecret(what, request) {
  return refuse(
    `${what} (this request's session has no CSRF secret: its cookie did not come with the request ` +
      `(cookies blocked, a Secure cookie over plain http${crossSite(request) ? ", a cross-site post and a cookie not sameSite: 'none'" : ''}) ` +
      `or the session ended since the form was shown; reload the page and try again).${crossSite(request) ? ELSEWHERE : ''}`,
  );
}

/** True for a request another site's page sent (a trusted origin's, once past originProblem). */
function crossSite(request) {
  const site = request.headers.get('Sec-Fetch-Site');
  if (site !== null) return site.includes('cross-site');
  const origin = request.headers.get('Origin');
  return origin !== null && origin !== new URL(request.url).origin;
}

async function checkForm(request, secret, maxBodyBytes, keepBody, parsedForm) {
  const carried = await formTokenOf(request, secret, maxBodyBytes, keepBody, parsedForm);
  if (carried instanceof Response) return carried;
  const checked = verdict(carried.token, secret, carried.request, carried.notForm);
  if (checked instanceof Response) await carried.dropBody?.(); // refused: a large body is dropped, not handed on
  else carried.keptBody?.();
  return checked;
}

/**
 * Checks one request: the 403 (or 413) Response to answer when it must not
 * reach the handler (text/plain, no-store, saying which rule failed), else
 * the Request the handler is to get: `request` itself, or, when the token
 * was read from the form, a BufferedRequest holding the body the check read
 * (`request`'s own body is then used up). Safe methods always pass; any
 * other needs a same-origin request (originProblem) and a token that unmasks
 * to the session's secret. Reads nothing from the session but the secret and
 * writes nothing to it; a refusal is noted against the session and the
 * Response (noted), for whatever lifecycle finishes the session after it.
 * @param {Request} request
 * @param {import('./session.js').Session} session
 * @param {{ trustedOrigins: Set<string>, maxBodyBytes: number }} options what csrfOptions returned
 * @param {{ keepBody?: boolean, parsedForm?: () => Promise<FormData>, routedMethod?: string, joined?: boolean }} [how] `keepBody`:
 *   read a form from a clone of `request` and always give back `request`, its body unread (for a caller that
 *   cannot hand on another Request; the clone tees the body; a refused one past maxBodyBytes has it cancelled). `parsedForm`: the form a framework parsed and kept,
 *   for a body already read. `routedMethod`: the method the framework picks the handler by, when it may differ
 *   from the request's (Remix's method override): the request is checked when either is unsafe. `joined`: the
 *   session is another lifecycle's (js/joined-sessions.js): a refusal is noted on its 403 only
 * @returns {Response | Request | Promise<Response | Request>} a Promise only when a form body is read
 */
export function checkCsrf(request, session, options, how) {
  const checked = check(request, session, options, how);
  const joined = how?.joined === true;
  return checked instanceof Promise ? checked.then((result) => noted(session, result, joined)) : noted(session, checked, joined);
}

/**
 * `result`, a refusal noted against `session` (internal.js refusedRequests): whatever lifecycle finishes the
 * session after the 403 then commits nothing unless it changed since (an outer mount of the middleware without
 * csrf, Remix's session() saving after any answer); and the Response itself, for a lifecycle whose session is
 * another copy (internal.js csrfRefusals). Regression (audit): an outer Hono or React Router mount committed a due
 * renewal onto an inner mount's 403.
 */
function noted(session, result, joined) {
  if (result instanceof Response) {
    const at = editClock();
    // A joined lifecycle's refusal (js/joined-sessions.js) is noted on its 403 only: the session is the outer
    // lifecycle's, which answers with that 403 (nothing committed) or with a response of its own (committed).
    if (!joined) refusedRequests.set(session, at);
    csrfRefusals.set(result, at);
  }
  return result;
}

/** True for a WebSocket opening handshake (RFC 6455 4.1: `Upgrade: websocket`, any case). */
function isWebSocketUpgrade(request) {
  const upgrade = request.headers.get('Upgrade');
  return upgrade !== null && /(?:^|,)\s*websocket\s*(?:,|$)/i.test(upgrade);
}

/** The request headers method overrides commonly read (Hono's methodOverride takes any name: these are the usual). */
const OVERRIDE_HEADERS = ['X-HTTP-Method-Override', 'X-HTTP-Method', 'X-Method-Override'];

/**
 * The method a HEAD, OPTIONS or TRACE is overridden to, by a `_method` query parameter or a usual override header,
 * else undefined: Hono's methodOverride({ app, query }) (or { header }) overrides every method but GET and
 * dispatches the request again inside the app, where withSession's check (around app.fetch) never sees it.
 * Regression (frameworks composition pass): a HEAD to /posts/1?_method=DELETE, which a sibling subdomain's page can
 * send with the visitor's cookie, ran the DELETE handler. GET is left alone: Hono does not override it, and it is
 * by far the commonest request.
 */
function overriddenMethodOf(request) {
  if (request.method === 'GET') return undefined;
  // Nor a CORS preflight: a browser sends it with no cookie, and no page can set Access-Control-Request-Method.
  // Regression (adversarial pass): a trusted origin's POST ?_method=DELETE had its preflight refused (no token).
  if (request.method === 'OPTIONS' && request.headers.has('Access-Control-Request-Method')) return undefined;
  // Every `_method` the query has, the first unsafe one named: hono 4.7 (in the peer range; 4.13 decodes names
  // first) reads the first parameter written literally `_method`, URLSearchParams decodes names. Regression
  // (adversarial pass): a HEAD to ?%5Fmethod=GET&_method=DELETE was checked as a GET; hono 4.7 ran the DELETE.
  // And the headers an override names it by (methodOverride({ app, header })): a page sends one only where the app's
  // CORS lets it, but CORS is no CSRF rule. Regression (adversarial pass): a HEAD with X-HTTP-Method-Override:
  // DELETE from an origin cors() let in, refused the DELETE itself by the origin rule, ran it.
  const headers = OVERRIDE_HEADERS.map((name) => request.headers.get(name)).filter((value) => value !== null);
  const named = [...new URL(request.url).searchParams.getAll('_method'), ...headers].filter((value) => value !== '');
  const unsafe = named.map((value) => value.toUpperCase()).find((method) => !SAFE_METHODS.has(method));
  if (unsafe !== undefined) return unsafe;
  // And an OPTIONS or TRACE with a form body, checked as the POST it was sent as: Hono's methodOverride({ app }) in its
  // default mode reads `_method` from the form of any method but GET (as Remix's csrf(), js/remix.js routedMethodOf).
  // Regression (adversarial pass): an OPTIONS with `_method=DELETE` in its body, from an origin cors() let the method
  // in, ran the DELETE under withSession.
  if (request.method !== 'HEAD' && hasFormBody(request)) return 'POST';
  return named[0]?.toUpperCase();
}

/** True when the request's Content-Type is a form's (what Hono's methodOverride and Remix's formData() read `_method` from). */
export function hasFormBody(request) {
  const type = (request.headers.get('Content-Type') ?? '').trimStart().toLowerCase();
  return type.startsWith('multipart/') || type.startsWith('application/x-www-form-urlencoded');
}

function check(request, session, { trustedOrigins, maxBodyBytes }, { keepBody = false, parsedForm, routedMethod } = {}) {
  routedMethod ??= SAFE_METHODS.has(request.method) ? overriddenMethodOf(request) : undefined;
  if (SAFE_METHODS.has(request.method) && (routedMethod === undefined || SAFE_METHODS.has(routedMethod))) {
    // A WebSocket handshake is a GET, but it opens a channel the session authenticates, and a browser sends the
    // session's cookie with it from any page of the site: it gets the origin rule (a page cannot set a handshake's
    // headers, so no token). Regression (HTTP edges pass): another port's page read the victim's session over a socket.
    if (!isWebSocketUpgrade(request)) return request;
    const refused = originProblem(request, trustedOrigins);
    return refused === null ? request : refuse(`WebSocket ${refused}`);
  }
  const problem = originProblem(request, trustedOrigins);
  if (problem !== null) return refuse(problem);
  // The header first: then the body is not read (a fetch() sends it; synchronous, no promise made). An empty one
  // is none: a fetch wrapper that always sets it would else hide a form's token. Regression (audit): it did.
  // The secret is read once (a read of the session crosses into WebAssembly): no token passes a session without one.
  const secret = csrfSecretOf(session);
  const header = request.headers.get(CSRF_HEADER);
  if (header !== null && header !== '') return verdict(header, secret, request);
  return checkForm(request, secret, maxBodyBytes, keepBody, parsedForm);
}
