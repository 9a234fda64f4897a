// A tiny cookie jar for driving a Worker over HTTP with fetch(..., { redirect: 'manual' }).
// One origin, no domain/path matching: enough for tests, not a browser.

/**
 * Parses one Set-Cookie header value into its name, value and attributes (attribute names lowercased;
 * flag attributes such as HttpOnly map to true).
 * @example parseSetCookie('a=b; Path=/; HttpOnly') -> { name: 'a', value: 'b', attributes: { path: '/', httponly: true } }
 */
export function parseSetCookie(header) {
  const [pair, ...parts] = header.split(';');
  const eq = pair.indexOf('=');
  const attributes = {};
  for (const part of parts) {
    const i = part.indexOf('=');
    const key = (i === -1 ? part : part.slice(0, i)).trim().toLowerCase();
    if (key) attributes[key] = i === -1 ? true : part.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

/** Whether a parsed Set-Cookie tells the client to delete the cookie now (Max-Age <= 0 or Expires in the past). */
export function isExpiring({ attributes }, now = Date.now()) {
  if (attributes['max-age'] !== undefined) return Number(attributes['max-age']) <= 0;
  if (attributes.expires !== undefined) return Date.parse(attributes.expires) <= now;
  return false;
}

export class CookieJar {
  #cookies = new Map();

  /** Stores (or deletes) the cookies a response sets; returns the parsed Set-Cookie headers. */
  update(response) {
    const parsed = response.headers.getSetCookie().map(parseSetCookie);
    for (const cookie of parsed) {
      if (isExpiring(cookie)) this.#cookies.delete(cookie.name);
      else this.#cookies.set(cookie.name, cookie.value);
    }
    return parsed;
  }

  get(name) {
    return this.#cookies.get(name);
  }

  set(name, value) {
    this.#cookies.set(name, value);
  }

  delete(name) {
    this.#cookies.delete(name);
  }

  /** The Cookie request header, or undefined when the jar is empty. */
  header() {
    if (this.#cookies.size === 0) return undefined;
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /**
   * fetch with this jar: sends its cookies, never follows redirects, stores what the response sets.
   * @returns {Promise<{ response: Response, setCookies: ReturnType<typeof parseSetCookie>[] }>}
   */
  async fetch(url, init = {}) {
    const headers = new Headers(init.headers);
    const cookie = this.header();
    if (cookie !== undefined) headers.set('Cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual', signal: init.signal ?? AbortSignal.timeout(10_000) });
    return { response, setCookies: this.update(response) };
  }
}
