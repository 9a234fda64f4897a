// Which cookie a Set-Cookie header sets, as a browser tells cookies apart (RFC 6265 5.3 step 11: the same name,
// domain and path replace one another). The request lifecycle writes no renewal over a response that already
// sets the session's own cookie, and does over one that sets a cookie of that name elsewhere (another path).
import { parseCookieDate } from './cookie-date.js';
import { isChunkOf } from './cookie-header.js';

/** A Domain attribute's value as a browser keeps it: lower case, a leading dot dropped (RFC 6265 5.2.3). */
function domainOf(value) {
  const domain = value.trim().toLowerCase();
  return domain.startsWith('.') ? domain.slice(1) : domain;
}

/**
 * The cookie a storage writes: `{ name, domain, path, chunks }`, from its cookie's name and options (Path defaults
 * to "/", as the core writes it; no Domain is "", a host-only cookie) and how many cookies a session may span
 * (`chunks`: name, name.1, ... name.<chunks - 1>, js/cookie-chunks.js).
 * @param {string} name
 * @param {{ domain?: string, path?: string }} options
 * @param {number} [chunks]
 */
export function cookieIdentity(name, { domain, path } = {}, chunks = 1) {
  return { name, domain: typeof domain === 'string' ? domainOf(domain) : '', path: typeof path === 'string' ? path : '/', chunks };
}

/**
 * The cookie the Set-Cookie `header` sets, or undefined for a header that sets none (no "="). Its path is
 * undefined when it has no Path attribute (the request's own path then, not known here). Also what its expiry is
 * read from (expiresAtOnce), in the same pass: `maxAge`, its last Max-Age a browser reads (digits, a leading "-"
 * allowed; RFC 6265 5.2.2 ignores any other), and `expires`, its Expires values in order, or undefined for none.
 * @param {string} header
 */
export function cookieIdentityOfHeader(header) {
  const parts = header.split(';');
  const equals = parts[0].indexOf('=');
  if (equals === -1) return undefined;
  let domain = '';
  let path;
  let maxAge;
  let expires;
  // The last of an attribute counts (RFC 6265 5.3 steps 3, 4 and 7); one Path not starting with "/" is no path.
  for (let i = 1; i < parts.length; i++) {
    const at = parts[i].indexOf('=');
    if (at === -1) continue;
    const key = parts[i].slice(0, at).trim().toLowerCase();
    const value = parts[i].slice(at + 1).trim();
    if (key === 'domain') domain = domainOf(value);
    else if (key === 'path') path = value.startsWith('/') ? value : undefined;
    else if (key === 'max-age') maxAge = /^-?\d+$/.test(value) ? value : maxAge;
    else if (key === 'expires') (expires ??= []).push(value);
  }
  return { name: parts[0].slice(0, equals).trim(), domain, path, maxAge, expires };
}

/**
 * True when a browser sends the cookie `identity` names with a request for `url` as far as its Path tells (RFC 6265
 * 5.1.4: the path itself, or below it at a "/"); true when either is unknown. Its Domain is not looked at: a
 * Set-Cookie for a Domain the host is not within is refused by the browser anyway.
 * @param {string | undefined} url
 * @param {{ path: string } | undefined} identity
 */
export function pathReaches(url, identity) {
  if (url === undefined || identity === undefined || identity.path === '/') return true; // "/" reaches every URL
  let path;
  try {
    path = new URL(url).pathname;
  } catch {
    return true;
  }
  const cookiePath = identity.path;
  if (path === cookiePath) return true;
  return path.startsWith(cookiePath) && (cookiePath.endsWith('/') || path[cookiePath.length] === '/');
}

/** The name of the cookie the Set-Cookie `header` sets, or undefined for a header that sets none (no "="). */
function nameOf(header) {
  const equals = header.indexOf('=');
  return equals === -1 ? undefined : header.slice(0, equals).trim();
}

/** True when `set` (cookieIdentityOfHeader's), of a cookie `identity`'s name or another, is on identity's domain and path. */
function onIdentity(set, identity) {
  return set.domain === identity.domain && (set.path === undefined || set.path === identity.path);
}

/**
 * True when the Set-Cookie `header` sets the cookie `identity` names. A header without a Path counts as setting
 * it: it may (its request's path), and a renewal written over a newer write of the session's cookie loses it.
 * @param {string} header
 * @param {{ name: string, domain: string, path: string }} identity
 */
export function setsCookie(header, identity) {
  // Most headers are other cookies': told apart by name before any attribute is read.
  return nameOf(header) === identity.name && onIdentity(cookieIdentityOfHeader(header), identity);
}

/**
 * True when the Set-Cookie `header` sets the cookie `identity` names or, for a storage whose sessions span several
 * cookies (`identity.chunks` over 1), one of its chunk cookies: what a session's write replaces.
 * @param {string} header
 * @param {{ name: string, domain: string, path: string, chunks?: number }} identity
 */
export function setsSessionCookies(header, identity) {
  const name = nameOf(header);
  if (name === undefined || !name.startsWith(identity.name)) return false;
  const chunk = name.length > identity.name.length;
  if (chunk && !(identity.chunks > 1 && isChunkOf(name, identity.name))) return false;
  return onIdentity(cookieIdentityOfHeader(header), identity);
}

/**
 * True when the Set-Cookie read as `set` (cookieIdentityOfHeader) removes its cookie at once, as a browser reads it
 * (RFC 6265 5.3 step 3): by its last Max-Age when it has one (5.2.2: zero or less, in any spelling: "00", "-1"), else
 * by its last Expires the browser can read (5.2.1, a date by 5.1.1: js/cookie-date.js) at or before now.
 * Regression (cookie dates): a hand logout by a past Expires alone (`deleted; Expires=Thu, 01 Jan 1970 ...`, what
 * Express's clearCookie and many others write) was taken for no logout, and the request's session written over it;
 * `Max-Age=0; Max-Age=3600` was taken for one, though the browser keeps that cookie an hour.
 * @param {{ maxAge?: string, expires?: string[] }} set
 */
function expiresAtOnce({ maxAge, expires }) {
  if (maxAge !== undefined) return maxAge.startsWith('-') || /^0+$/.test(maxAge);
  for (let i = (expires?.length ?? 0) - 1; i >= 0; i--) {
    const time = parseCookieDate(expires[i]);
    if (time !== undefined) return time <= Date.now();
  }
  return false;
}

/** The value part of a Set-Cookie header (`name=value; attributes`). */
export function valueOfSetCookie(setCookie) {
  const end = setCookie.indexOf(';');
  return setCookie.slice(setCookie.indexOf('=') + 1, end === -1 ? undefined : end);
}

/**
 * True when the Set-Cookie `header` ends the session of the cookie `identity` names: a logout of it. The storages'
 * logouts expire it (`Max-Age=0`), or, by hand during a migrateFrom migration, keep it empty for 400 days so the
 * old cookie is never read again (cookie-storage.js keptEmpty). Regression (review): the empty one was taken for no
 * logout, and the request's session was written over it.
 * @param {string} header
 * @param {{ name: string, domain: string, path: string }} identity
 */
export function endsCookie(header, identity) {
  if (nameOf(header) !== identity.name) return false;
  const set = cookieIdentityOfHeader(header);
  if (!onIdentity(set, identity)) return false;
  return valueOfSetCookie(header).trim() === '' || expiresAtOnce(set);
}
