// The browser of the model-based tests (session-model*.test.js): a jar of name -> value that takes Set-Cookie
// headers as a browser does, except that it keeps a cookie past its Max-Age or Expires unless asked to honour them
// (a replayed cookie: what the server must refuse by itself), and sends the chunks `name`, `name.1`, ... in order.

/** Applies `headers` to `jar`: an empty value or Max-Age <= 0 removes the cookie; a past Expires too with `expires`. */
export function applySetCookies(jar, headers, { expires = false } = {}) {
  for (const header of headers) {
    const [pair, ...attributes] = header.split(';');
    const equals = pair.indexOf('=');
    const name = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1);
    const expired =
      attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a)) ||
      (expires && attributes.some((a) => /^\s*expires\s*=/i.test(a) && Date.parse(a.split('=').slice(1).join('=')) < Date.now()));
    if (expired || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}

/** The Cookie header the jar sends (null when empty): the first cookie, then its chunks in order. */
export function cookieHeader(jar) {
  if (jar.size === 0) return null;
  const chunkOf = (name) => (name.includes('.') ? Number(name.split('.').pop()) : 0);
  const names = [...jar.keys()].sort((x, y) => chunkOf(x) - chunkOf(y));
  return names.map((name) => `${name}=${jar.get(name)}`).join('; ');
}
