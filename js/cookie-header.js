// The part of a request's Cookie header a storage reads. The core takes at most MAX_COOKIE_HEADER_LENGTH (what
// goes into WebAssembly memory is bounded), but a browser sends every cookie of the host, those of other apps on
// it (another port, a sibling path) too: up to 180 of 4096 bytes in Chromium, and Cloudflare passes 128 KB of
// headers. A longer header is cut here to the pairs of the cookies asked for, so the session is read whatever
// else crowds it.
import { MAX_COOKIE_HEADER_LENGTH } from './internal.js';

/** The longest Cookie header looked through at all (a browser's most, with room): past it, no cookie is read. */
const MAX_SCANNED_COOKIE_HEADER_LENGTH = 1024 * 1024;

/**
 * `header` as a storage reads it for the cookies `names` (each with its chunks, `name.1` ...): one within
 * MAX_COOKIE_HEADER_LENGTH as it is; a longer one (up to MAX_SCANNED_COOKIE_HEADER_LENGTH) as those cookies'
 * pairs alone, in the header's order (the first of a name still comes first), or '' when even they are longer; ''
 * for anything else but an object (a Request, its Headers), a TypeError naming `caller`. Regression (browser
 * pass): a header past 64 KiB was dropped whole, so 17 cookies of another app on the host signed the user out,
 * and every form then got a 403 that no reload could mend.
 * @param {unknown} header
 * @param {Array<string | undefined>} names
 * @returns {string}
 */
export function cookieHeaderFor(header, names, caller = 'getSession(cookieHeader)') {
  if (typeof header !== 'string') {
    // A Request or its Headers where the header's text goes is the app's mistake, not a client's: read as "no
    // cookie", every request got a fresh session and no sign-in ever held, without a word (misuse pass).
    // Any other value (a number) still reads as no cookie, as it always has.
    if (header !== null && typeof header === 'object') {
      const got = header.constructor?.name ?? 'object';
      throw new TypeError(`${caller}: expected the Cookie header's text (request.headers.get('Cookie')), or null for none; got ${/^[aeiou]/i.test(got) ? 'an' : 'a'} ${got}`);
    }
    return '';
  }
  if (header.length <= MAX_COOKIE_HEADER_LENGTH) return header;
  return ownCookiePairs(header, names);
}

/**
 * The pairs of the cookies `names` (each with its chunks) in `header`, in its order, whatever its length (up to
 * MAX_SCANNED_COOKIE_HEADER_LENGTH), '' when they pass MAX_COOKIE_HEADER_LENGTH or there are none: what names a
 * cookie session in the renewals' pacing (js/request-lifecycle.js), so that a request and another of the same
 * browser whose other cookies differ are known as one session's.
 * @param {string} header
 * @param {Array<string | undefined>} names
 * @returns {string}
 */
export function ownCookiePairs(header, names) {
  if (typeof header !== 'string' || header.length > MAX_SCANNED_COOKIE_HEADER_LENGTH) return '';
  const wanted = names.filter((name) => typeof name === 'string' && name !== '');
  const kept = [];
  let keptLength = 0;
  // The next '=' is looked for once, past the pair that used the last: looked for from each pair's start, a header
  // of parts without one took O(n^2) (5 s for 1 MiB of "; "; adversarial pass).
  let equals = header.indexOf('=');
  for (let start = 0; equals >= 0 && start < header.length; ) {
    const semicolon = header.indexOf(';', start);
    const end = semicolon < 0 ? header.length : semicolon;
    if (equals < end) {
      const pair = pairOf(header, start, end, equals, wanted);
      if (pair !== undefined) {
        keptLength += pair.length + 2;
        if (keptLength > MAX_COOKIE_HEADER_LENGTH + 2) return '';
        kept.push(pair);
      }
      equals = header.indexOf('=', end);
    }
    start = end + 1;
  }
  return kept.join('; ');
}

/** The pair in `header` from `start` to `end` (its first '=' at `equals`), trimmed, when it is a cookie of `names`. */
function pairOf(header, start, end, equals, names) {
  const name = cookieTrim(header.slice(start, equals));
  if (!names.some((wanted) => name === wanted || isChunkOf(name, wanted))) return undefined;
  return cookieTrim(header.slice(start, end));
}

/** A chunk cookie's suffix: `.1` to `.15` (js/cookie-chunks.js MAX_CHUNKS, 16 cookies in all). */
const CHUNK_SUFFIX = /^\.(?:[1-9]|1[0-5])$/;

/**
 * True when `name` is one of `base`'s chunk cookies, `base.1` ... `base.15`: the only ones read or expired. Regression
 * (adversarial pass): any `base.<anything>` was kept from a long header, so 17 cookies of 4000 bytes named
 * `__session.prefs0`... filled the 64 KiB kept, and the session read as none.
 * @param {string} name
 * @param {string} base
 */
export function isChunkOf(name, base) {
  return name.length > base.length && name.startsWith(base) && CHUNK_SUFFIX.test(name.slice(base.length));
}

/**
 * The cookies of a Cookie header (one within the core's bound: cookieHeaderFor), first of each name, as the core
 * reads them: name -> value, trimmed as cookieTrim trims.
 * @param {string} header
 * @returns {Map<string, string>}
 */
export function cookiePairs(header) {
  const pairs = new Map();
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const name = cookieTrim(part.slice(0, equals));
    if (!pairs.has(name)) pairs.set(name, cookieTrim(part.slice(equals + 1)));
  }
  return pairs;
}

/**
 * `text` less the spaces and tabs around it, as the core trims a Cookie header's names and values (src/cookie.cpp
 * is_cookie_space; RFC 6265 5.4). Not String's trim(), which strips \v, \f, U+00A0, U+FEFF too. Regression
 * (adversarial pass): "\v__session=<another's cookie>" before the user's read as the session's cookie in a long
 * header alone.
 * @param {string} text
 */
function cookieTrim(text) {
  let from = 0;
  let to = text.length;
  while (from < to && isCookieSpace(text.charCodeAt(from))) from++;
  while (to > from && isCookieSpace(text.charCodeAt(to - 1))) to--;
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

function isCookieSpace(code) {
  return code === 32 || code === 9;
}
