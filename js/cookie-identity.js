// Which cookie a Set-Cookie header sets, as a browser tells cookies apart (RFC 6265 5.3 step 11: the same name,
// domain and path replace one another). The request lifecycle writes no renewal over a response that already
// sets the session's own cookie, and does over one that sets a cookie of that name elsewhere (another path).

/** A Domain attribute's value as a browser keeps it: lower case, a leading dot dropped (RFC 6265 5.2.3). */
function domainOf(value) {
  const domain = value.trim().toLowerCase();
  return domain.startsWith('.') ? domain.slice(1) : domain;
}

/**
 * The cookie a storage writes: `{ name, domain, path }`, from its cookie's name and options (Path defaults to
 * "/", as the core writes it; no Domain is "", a host-only cookie).
 * @param {string} name
 * @param {{ domain?: string, path?: string }} options
 */
export function cookieIdentity(name, { domain, path } = {}) {
  return { name, domain: typeof domain === 'string' ? domainOf(domain) : '', path: typeof path === 'string' ? path : '/' };
}

/**
 * The cookie the Set-Cookie `header` sets, or undefined for a header that sets none (no "="). Its path is
 * undefined when it has no Path attribute (the request's own path then, not known here).
 * @param {string} header
 */
export function cookieIdentityOfHeader(header) {
  const parts = header.split(';');
  const equals = parts[0].indexOf('=');
  if (equals === -1) return undefined;
  let domain = '';
  let path;
  // The last of an attribute counts (RFC 6265 5.3 steps 4 and 7); one Path not starting with "/" is no path.
  for (let i = 1; i < parts.length; i++) {
    const at = parts[i].indexOf('=');
    if (at === -1) continue;
    const key = parts[i].slice(0, at).trim().toLowerCase();
    const value = parts[i].slice(at + 1).trim();
    if (key === 'domain') domain = domainOf(value);
    else if (key === 'path') path = value.startsWith('/') ? value : undefined;
  }
  return { name: parts[0].slice(0, equals).trim(), domain, path };
}

/**
 * True when the Set-Cookie `header` sets the cookie `identity` names. A header without a Path counts as setting
 * it: it may (its request's path), and a renewal written over a newer write of the session's cookie loses it.
 * @param {string} header
 * @param {{ name: string, domain: string, path: string }} identity
 */
export function setsCookie(header, identity) {
  // Most headers are other cookies': told apart by name before any attribute is read.
  const equals = header.indexOf('=');
  if (equals === -1 || header.slice(0, equals).trim() !== identity.name) return false;
  const set = cookieIdentityOfHeader(header);
  return set.domain === identity.domain && (set.path === undefined || set.path === identity.path);
}
