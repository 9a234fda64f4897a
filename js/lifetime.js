// How long a session may live, checked by the core inside the signed payload
// or the stored record (issue 11): `idleTimeout` and `absoluteTimeout`
// (seconds), and `touchInterval`, how often a busy session's renewal is
// written (default: a quarter of idleTimeout). Idleness is measured from the
// last write, so a session ends between 3/4 idleTimeout and idleTimeout after
// its last use (the core counts milliseconds), and a burst of requests writes
// at most once per touchInterval (hono-sessions #29 lost updates writing each
// time; Workers KV takes one write per second per key: rewriteWindowOf).
import { CookieOptionError, shownOption } from './errors.js';

/** The longest a browser keeps a cookie, in seconds (RFC 6265bis caps Max-Age and Expires at 400 days). */
export const MAX_COOKIE_LIFETIME_S = 400 * 24 * 3600;

/**
 * Requests of one session that arrive together and each find its renewal due (all read it before any wrote it)
 * would each rewrite it: a write per request, which issue 11 forbids and KV's one write per second per key
 * refuses. So in an isolate, a session's first rewrite stands for the others within a window: this one, for a
 * storage without timeouts (a rewrite then only re-signs under a new secret), or one of our interface's.
 */
export const REWRITE_WINDOW_MS = 2000;

/**
 * How long after a stored session's expiry its commit still finds it (ms): a request that read it alive, just
 * before, and took a few seconds, renews it, as it would its cookie; what it read it had read alive. The memory
 * storage sweeps a record this long after its expiry, and a user's index keeps the entry of the session
 * committing (js/user-index.js).
 */
export const LATE_COMMIT_GRACE_MS = 60_000;

/**
 * A storage's renewal window (ms; the request lifecycle's burst dedupe): a session kept busy inside a short
 * idleTimeout must be renewed each time its renewal is due. Regression: with idleTimeout 1 and a request every
 * 500 ms, a 2 s window skipped every renewal until the session ended. So: half the touchInterval, but not under
 * the interval the store needs between two writes of a record (`minRewriteInterval`; Workers KV: a second) where
 * that interval leaves the renewals room before the session's end.
 * @param {ReturnType<typeof lifetimeOf>} lifetime
 * @param {number} [minRewriteInterval]
 */
export function rewriteWindowOf(lifetime, minRewriteInterval = 0) {
  if (lifetime.idleTimeout === 0) return REWRITE_WINDOW_MS;
  // The store's floor only where it leaves renewals room before the session's end: with idleTimeout 1 on KV a
  // second's floor is the whole of it, and a read could never renew (deployed KV refuses a key's second write
  // within a second: kv-keys.js retries it, README). Regression (audit of issue 4): a busy KV session with
  // idleTimeout 1 ended.
  const renewalSpan = (Math.min(lifetime.idleTimeout, lifetime.maxAge ?? Infinity) - lifetime.touchInterval) * 1000;
  const floor = minRewriteInterval <= renewalSpan ? minRewriteInterval : 0;
  return Math.max(floor, Math.min(REWRITE_WINDOW_MS, lifetime.touchInterval * 500));
}

function seconds(value, name) {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value <= 0 || value > MAX_COOKIE_LIFETIME_S) {
    throw new CookieOptionError('INVALID_OPTIONS', `Storage option ${name} must be a whole number of seconds from 1 to ${MAX_COOKIE_LIFETIME_S}, got ${shownOption(value)}`);
  }
  return value;
}

/**
 * The storage's lifetime policy, validated.
 * @param {{ idleTimeout?: number, absoluteTimeout?: number, touchInterval?: number }} options
 * @returns {{ idleTimeout: number, absoluteTimeout: number, touchInterval: number }} seconds; touchInterval's
 *   default a quarter of idleTimeout, maybe fractional
 */
export function lifetimeOf({ idleTimeout, absoluteTimeout, touchInterval } = {}) {
  const idle = seconds(idleTimeout, 'idleTimeout');
  const absolute = seconds(absoluteTimeout, 'absoluteTimeout');
  let touch = seconds(touchInterval, 'touchInterval');
  if (touch !== 0 && idle === 0) {
    throw new CookieOptionError('INVALID_OPTIONS', 'Storage option touchInterval needs idleTimeout: it paces the renewal of idle sessions');
  }
  // A quarter of idleTimeout, to the millisecond as the core counts (0.5 s for idleTimeout 2): a session then ends
  // between 3/4 and 1 idleTimeout after its last use. Regression: whole seconds (at least 1) made it a half for
  // idleTimeout 2, and a session used 1.1 s before ended.
  if (idle !== 0 && touch === 0) touch = idle / 4;
  if (touch >= idle && idle !== 0) {
    throw new CookieOptionError('INVALID_OPTIONS', `Storage option touchInterval (${touch}) must be less than idleTimeout (${idle})`);
  }
  return Object.freeze({ idleTimeout: idle, absoluteTimeout: absolute, touchInterval: touch, touchIntervalGiven: touchInterval !== undefined });
}

/**
 * The lifetime of a storage whose cookie has `maxAge` (seconds): a maxAge under idleTimeout ends a busy session
 * unless a renewal comes before it, so the default touchInterval is then a quarter of maxAge (as it is of
 * idleTimeout), and the rewrite window (rewriteWindowOf) leaves room for it. A touchInterval given is kept, and must
 * be less than maxAge (a CookieOptionError, as it must be less than idleTimeout).
 * Regression (audit): maxAge 3600 with idleTimeout 86400 renewed every 6 hours, and a busy user was signed out at
 * each maxAge. (A first fix in the core renewed a quarter of each session's own span: with a fixed `expires` it
 * rewrote ever more often as the end neared, extending nothing, and the 2 s window still let maxAge 2 lapse.)
 * @param {ReturnType<typeof lifetimeOf>} lifetime
 * @param {unknown} maxAge the cookie's option, as given
 */
export function lifetimeUnderMaxAge(lifetime, maxAge) {
  if (typeof maxAge !== 'number' || !(maxAge > 0) || maxAge >= lifetime.idleTimeout) return lifetime;
  if (lifetime.touchIntervalGiven && lifetime.touchInterval >= maxAge) {
    throw new CookieOptionError(
      'INVALID_OPTIONS',
      `Storage option touchInterval (${lifetime.touchInterval}) must be less than the cookie's maxAge (${maxAge}): a busy session would end at its maxAge, unrenewed`,
    );
  }
  const touchInterval = lifetime.touchIntervalGiven ? lifetime.touchInterval : Math.min(lifetime.touchInterval, maxAge / 4);
  return Object.freeze({ ...lifetime, touchInterval, maxAge });
}

/** The latest time the core's session times hold: 2^53 ms (src/session_times.h kMaxTimeMs). */
export const MAX_TIME_MS = 2 ** 53;

/**
 * A record's expiry as the core takes it: the Unix millisecond it ends at (the core serves a session until then,
 * never at or after it), 0 for none. A Date past what a Date holds (a huge maxAge) ends at MAX_TIME_MS.
 * @param {Date | undefined} expires
 */
export function expiresAtOf(expires) {
  if (!expires) return 0;
  const at = endOf(expires);
  return at === null ? MAX_TIME_MS : Math.min(Math.max(1, at), MAX_TIME_MS);
}

/**
 * The Date `seconds` (a maxAge) from now. Past what a Date holds: ahead, an invalid Date (no end: endOf); behind,
 * the epoch (ended). Regression (audit): a maxAge of -1e13 also made an invalid Date, read as no end, so a record
 * whose Set-Cookie deleted its cookie was served forever to a copy of it.
 * @param {number} seconds
 */
export function dateIn(seconds) {
  return new Date(Math.max(0, Date.now() + seconds * 1000));
}

/**
 * The earlier of a Max-Age's end and an Expires, where a session whose Set-Cookie carries both ends (a browser keeps
 * the cookie by Max-Age, and the app asked for an end at Expires); either may be undefined, and an invalid Date (a
 * maxAge past what a Date holds) is no end.
 * @param {Date | undefined} byMaxAge
 * @param {Date | undefined} byExpires
 */
export function earlierEnd(byMaxAge, byExpires) {
  if (byMaxAge === undefined || endOf(byMaxAge) === null) return byExpires ?? byMaxAge;
  return byExpires !== undefined && byExpires < byMaxAge ? byExpires : byMaxAge;
}

/**
 * A session's end (Unix ms) as the core enforces it, null for none. An invalid Date (a maxAge past what a Date
 * holds) is none for the stores and the user index: kept until deleted (the core still ends it at MAX_TIME_MS).
 * @param {Date | undefined | null} expires
 */
export function endOf(expires) {
  const at = expires ? expires.getTime() : NaN;
  return Number.isFinite(at) ? at : null;
}

/**
 * Until when a store keeps a record that expires at `expires` (Unix ms; null for never): the end of that whole
 * second, a little past the session's end, which the core enforces to the millisecond from the record's own times.
 * @param {Date | undefined | null} expires
 */
export function keptUntil(expires) {
  const at = endOf(expires);
  return at === null ? null : (Math.floor(at / 1000) + 1) * 1000;
}
