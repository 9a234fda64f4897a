// What storage factories share about their options.
import { CookieOptionError } from './errors.js';

/**
 * Throws a CookieOptionError naming the first option a storage factory does not know: a typo such as
 * `idleTimout` would otherwise leave every session without the timeout the app meant to set (issue 11 refuses
 * unknown cookie options for the same reason).
 * @param {object} unknown the options left after the factory took the ones it knows
 * @param {string} factory its name, for the message
 */
export function refuseUnknownOptions(unknown, factory) {
  const [name] = Object.keys(unknown);
  if (name !== undefined) throw new CookieOptionError('INVALID_OPTIONS', `${factory}: unknown option "${name}"`);
}

/**
 * Throws a TypeError naming the first key of `options` not in `known`: a typo ({ crsf: true }, { exept }) would
 * otherwise leave a default in place silently (no CSRF check; the current session revoked too).
 * @param {unknown} options
 * @param {string[]} known
 * @param {string} caller
 */
export function refuseUnknownKeys(options, known, caller) {
  if (options === null || typeof options !== 'object') return;
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) throw new TypeError(`${caller}: unknown option "${name}" (known: ${known.join(', ')})`);
  }
}
