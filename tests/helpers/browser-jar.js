// A cookie jar that stores as a browser does (RFC 6265 5.3): cookies keyed by name, domain, host-only and path
// (RFC 6265bis 5.7 step 22: a host-only cookie and a Domain cookie of one name are two), each Set-Cookie applied in
// order, Max-Age before Expires (now or earlier deletes), the default path from the request URL, a Domain the
// request's host is not within refused, the __Secure- and __Host- prefix rules enforced (RFC 6265bis 4.1.3: a header
// breaking them is dropped, an expiry too), a cookie whose name and value pass 4096 bytes dropped, a clock that can
// be moved. For in-process tests of what a sequence of responses leaves in a browser (tests/helpers/cookie-jar.js
// drives a Worker over HTTP).
import assert from 'node:assert/strict';
import { parseSetCookie } from './cookie-jar.js';

function defaultPath(url) {
  const path = new URL(url).pathname;
  return path.lastIndexOf('/') <= 0 ? '/' : path.slice(0, path.lastIndexOf('/'));
}

/** RFC 6265 5.1.3: the host is the domain or one of its subdomains. */
function domainMatches(host, domain) {
  return host === domain || host.endsWith(`.${domain}`);
}

/** A Domain attribute as browsers keep it (RFC 6265 5.2.3): a leading dot dropped, lower case; '' for none. */
function domainOf(attribute) {
  return typeof attribute === 'string' ? attribute.replace(/^\./, '').toLowerCase() : '';
}

/**
 * RFC 6265bis 4.1.3: what a browser requires of a cookie whose name starts with __Secure- or __Host- (any case). A
 * Secure attribute is one whatever its value (RFC 6265 5.2.5).
 */
function breaksPrefix(name, { secure, path, domain }) {
  const prefix = name.slice(0, 9).toLowerCase();
  if (prefix === '__secure-') return secure === undefined;
  if (prefix.startsWith('__host-')) return secure === undefined || domain !== undefined || path !== '/';
  return false;
}

function pathMatches(requestPath, cookiePath) {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export class BrowserJar {
  #cookies = new Map(); // `${name}\0${domain}\0${hostOnly}\0${path}` -> { name, value, domain, hostOnly, path, expiresAt, created }
  #created = 0;
  now = () => Date.now();

  /** Applies every Set-Cookie of `response` (or an array of Set-Cookie headers), in order. */
  apply(responseOrHeaders, url = 'https://example.com/') {
    const host = new URL(url).hostname;
    const headers = Array.isArray(responseOrHeaders) ? responseOrHeaders : responseOrHeaders.headers.getSetCookie();
    for (const header of headers) {
      if (!header.split(';')[0].includes('=')) continue;
      if (new TextEncoder().encode(header.split(';')[0]).length > 4096) continue; // browsers drop it (name and value)
      const { name, value, attributes } = parseSetCookie(header);
      let expiresAt = Infinity;
      if (attributes['max-age'] !== undefined) {
        const seconds = Number(attributes['max-age']);
        expiresAt = seconds <= 0 ? -Infinity : this.now() + seconds * 1000;
      } else if (attributes.expires !== undefined) {
        expiresAt = Date.parse(attributes.expires);
      }
      const path = typeof attributes.path === 'string' && attributes.path.startsWith('/') ? attributes.path : defaultPath(url);
      const hostOnly = domainOf(attributes.domain) === '';
      const domain = hostOnly ? host : domainOf(attributes.domain);
      if (!domainMatches(host, domain)) continue; // another site's
      if (breaksPrefix(name, attributes)) continue;
      const key = `${name}\0${domain}\0${hostOnly}\0${path}`;
      if (expiresAt <= this.now()) {
        this.#cookies.delete(key);
        continue;
      }
      const created = this.#cookies.get(key)?.created ?? this.#created++;
      this.#cookies.set(key, { name, value, domain, hostOnly, path, expiresAt, created });
    }
    return this;
  }

  /** The Cookie header a browser sends to `url` (longest path first, then oldest), or undefined. */
  header(url = 'https://example.com/') {
    const { hostname, pathname: path } = new URL(url);
    const sent = this.#live()
      .filter((cookie) => (cookie.hostOnly ? hostname === cookie.domain : domainMatches(hostname, cookie.domain)))
      .filter((cookie) => pathMatches(path, cookie.path))
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created);
    return sent.length === 0 ? undefined : sent.map(({ name, value }) => `${name}=${value}`).join('; ');
  }

  /** The names of the cookies it holds, sorted. */
  names() {
    return this.#live()
      .map(({ name }) => name)
      .sort();
  }

  #live() {
    const now = this.now();
    return [...this.#cookies.values()].filter((cookie) => cookie.expiresAt > now);
  }
}

/** Fails when a response sets one cookie (name, domain and path) twice: a browser keeps the last, whatever was meant. */
export function assertOneHeaderPerCookie(setCookies) {
  const seen = new Map();
  for (const header of setCookies) {
    const { name, attributes } = parseSetCookie(header);
    const key = `${name}\0${domainOf(attributes.domain)}\0${attributes.path ?? ''}`;
    assert.ok(!seen.has(key), `two Set-Cookie for ${name}:\n  ${seen.get(key)?.slice(0, 80)}\n  ${header.slice(0, 80)}`);
    seen.set(key, header);
  }
}

/**
 * Sends a request for `path` through `fetchLike` with the jar's cookies, and applies the response to the jar.
 * `init.origin` (default https://example.com) is the site visited.
 */
export async function visit(jar, fetchLike, path, { origin = 'https://example.com', ...init } = {}) {
  const url = `${origin}${path}`;
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie !== undefined) headers.set('Cookie', cookie);
  const response = await fetchLike(new Request(url, { ...init, headers }));
  jar.apply(response, url);
  return response;
}
