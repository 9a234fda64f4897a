// The cookie rules a programmer breaks when writing options, checked when the cookie is made (issue 11):
// an unknown option name (a typo such as `httponly`) and the __Secure-/__Host- prefix rules (RFC 6265bis
// 4.1.3: browsers drop such a cookie silently, a login that never sticks). The core checks the same rules, and
// every attribute's value, at first use (src/cookie_options.cpp, src/cookie.cpp validate_prefix_rules), but it
// loads asynchronously; these few are checked here too so that createCookie throws at once, where the mistake is.
import { CookieOptionError } from './errors.js';
import { MAX_SET_COOKIE_BYTES } from './internal.js';

/** The cookie's attributes (the core's apply_option) and the options that are not attributes. */
const ATTRIBUTES = ['domain', 'path', 'expires', 'maxAge', 'httpOnly', 'secure', 'partitioned', 'sameSite', 'priority'];
const KNOWN_OPTIONS = new Set(['secrets', 'encrypt', ...ATTRIBUTES]);
const OPTION_NAMES = `${[...KNOWN_OPTIONS].slice(0, -1).join(', ')} or ${[...KNOWN_OPTIONS].at(-1)}`;

// Measured before anything is copied into WebAssembly memory (issue 10.4: a 10 MB domain grew it by 72 MiB for
// the isolate's life). No Set-Cookie of more than 4096 bytes carries a longer name or attribute; a secret longer
// than a block of HMAC-SHA256 is hashed to 32 bytes anyway, so a longer one adds no strength; a rotation list
// holds a few.
/** The most characters of a cookie's name, or of one of its string attributes. */
export const MAX_COOKIE_TEXT = MAX_SET_COOKIE_BYTES;
/** The most characters of one secret, and the most secrets. */
export const MAX_SECRET_LENGTH = 4096;
export const MAX_SECRETS = 64;
/** The most characters of the JSON of a cookie's attributes (several attributes, each at most MAX_COOKIE_TEXT). */
export const MAX_OPTIONS_JSON = 4 * MAX_COOKIE_TEXT;
const ATTRIBUTE_CODES = { domain: 'INVALID_DOMAIN', path: 'INVALID_PATH', sameSite: 'INVALID_SAME_SITE', priority: 'INVALID_PRIORITY' };

/** `text`'s start, for a message about a text too long to quote. */
const quoted = (text) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);

/**
 * Throws a CookieOptionError when the cookie's name or a string attribute is longer than any Set-Cookie could
 * carry, before either reaches the core.
 * @param {string | undefined} name
 * @param {object} options
 */
export function checkCookieTextSizes(name, options) {
  if (name !== undefined && name.length > MAX_COOKIE_TEXT) {
    throw new CookieOptionError('INVALID_COOKIE_NAME', `Cookie name ${quoted(name)} is ${name.length} characters, over the ${MAX_COOKIE_TEXT} bytes a Set-Cookie may have`);
  }
  for (const [key, code] of Object.entries(ATTRIBUTE_CODES)) {
    const value = options[key];
    if (typeof value === 'string' && value.length > MAX_COOKIE_TEXT) {
      throw new CookieOptionError(code, `Cookie option ${key} ${quoted(value)} is ${value.length} characters, over the ${MAX_COOKIE_TEXT} bytes a Set-Cookie may have`);
    }
  }
}

/**
 * Throws a CookieOptionError unless `secrets` is an array of at most MAX_SECRETS strings of at most
 * MAX_SECRET_LENGTH characters each.
 * @param {unknown} secrets
 */
export function checkSecrets(secrets) {
  if (!Array.isArray(secrets)) {
    throw new CookieOptionError('INVALID_SECRET', `Cookie option secrets must be an array of strings, got ${secrets === null ? 'null' : typeof secrets}`);
  }
  const bad = secrets.findIndex((secret) => typeof secret !== 'string');
  if (bad !== -1) {
    // The usual cause: `[env.SESSION_SECRET]` with the secret never set (no .dev.vars, no `wrangler secret put`).
    const missing = secrets[bad] === undefined ? ' (a secret the environment does not have?)' : '';
    throw new CookieOptionError('INVALID_SECRET', `Cookie option secrets must be an array of strings: secrets[${bad}] is ${secrets[bad] === null ? 'null' : typeof secrets[bad]}${missing}`);
  }
  if (secrets.length > MAX_SECRETS) {
    throw new CookieOptionError('INVALID_SECRET', `Cookie option secrets has ${secrets.length} secrets, over the limit of ${MAX_SECRETS} (keep the current one and those still to verify)`);
  }
  const long = secrets.findIndex((secret) => secret.length > MAX_SECRET_LENGTH);
  if (long !== -1) {
    throw new CookieOptionError('INVALID_SECRET', `Cookie option secrets[${long}] is ${secrets[long].length} characters, over the limit of ${MAX_SECRET_LENGTH}`);
  }
}

/** The core's message for a broken prefix rule, word for word. */
function prefixError(name, rule) {
  return new CookieOptionError('INVALID_PREFIX', `Cookie "${name}" ${rule} (RFC 6265bis 4.1.3: browsers drop it silently)`);
}

/**
 * Throws a CookieOptionError naming the rule when `options` has an unknown option name, or when `name`'s prefix
 * needs attributes the options do not give (an option given as undefined or null is the default, as in the core).
 * @param {string} name
 * @param {object} options
 */
export function checkCookieRules(name, options) {
  checkCookieTextSizes(name, options);
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      // Every option a cookie takes, secrets and encrypt too. Regression (audit): only the attributes were listed, so
      // a typo of `secrets` read as if cookies took no secrets.
      throw new CookieOptionError('INVALID_OPTIONS', `Unknown cookie option "${key}" (expected ${OPTION_NAMES})`);
    }
  }
  const secure = options.secure === true;
  // RFC 6265bis: a prefix matches in any ASCII case, as browsers now match it.
  const prefix = name.slice(0, 9).toLowerCase();
  if (prefix === '__secure-' && !secure) throw prefixError(name, 'has the __Secure- prefix, which requires secure: true (the Secure attribute)');
  if (prefix.startsWith('__host-')) {
    if (!secure) throw prefixError(name, 'has the __Host- prefix, which requires secure: true (the Secure attribute)');
    if (options.domain != null) throw prefixError(name, 'has the __Host- prefix, which forbids a domain (the Domain attribute)');
    if (options.path != null && options.path !== '/') throw prefixError(name, 'has the __Host- prefix, which requires path "/" (Path=/)');
  }
}
