// The cookie rules a programmer breaks when writing options, checked when the cookie is made (issue 11):
// an unknown option name (a typo such as `httponly`) and the __Secure-/__Host- prefix rules (RFC 6265bis
// 4.1.3: browsers drop such a cookie silently, a login that never sticks). The core checks the same rules, and
// every attribute's value, at first use (src/cookie_options.cpp, src/cookie.cpp validate_prefix_rules), but it
// loads asynchronously; these few are checked here too so that createCookie throws at once, where the mistake is.
import { CookieOptionError } from './errors.js';

/** The cookie's attributes (the core's apply_option) and the options that are not attributes. */
const ATTRIBUTES = ['domain', 'path', 'expires', 'maxAge', 'httpOnly', 'secure', 'partitioned', 'sameSite', 'priority'];
const KNOWN_OPTIONS = new Set([...ATTRIBUTES, 'secrets', 'encrypt']);

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
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new CookieOptionError('INVALID_OPTIONS', `Unknown cookie option "${key}" (expected ${ATTRIBUTES.slice(0, -1).join(', ')} or ${ATTRIBUTES.at(-1)})`);
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
