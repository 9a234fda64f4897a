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
