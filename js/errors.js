// The one table that turns the core's error codes (src/error.h) into JS
// errors. A programming mistake (bad options, a destroyed session written to,
// a cookie too large) throws one of these; untrusted input never does.

/**
 * Base class of every error edge-session throws. `code` is stable; the
 * subclasses below say what kind of mistake it was.
 * @example
 * try {
 *   headers.append('Set-Cookie', await storage.commitSession(session));
 * } catch (error) {
 *   if (error instanceof CookieTooLargeError) return new Response('Too much in the session', { status: 500 });
 *   if (error instanceof EdgeSessionError) console.error(error.code, error.message);
 *   throw error;
 * }
 */
export class EdgeSessionError extends Error {
  /**
   * @param {string} code stable name, e.g. 'COOKIE_TOO_LARGE'
   * @param {string} message
   * @param {{ cause?: unknown }} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The error of a session whose WebAssembly instance failed and was replaced (README, Errors). */
export function coreResetError() {
  return new EdgeSessionError('CORE_RESET', 'edge-session: this session belongs to a WebAssembly instance that failed and was replaced');
}

/**
 * A cookie name, attribute, option or secret that cannot be used.
 * @example
 * await createCookie('bad name').parse(header); // rejects: CookieOptionError, code 'INVALID_COOKIE_NAME'
 */
export class CookieOptionError extends EdgeSessionError {}
/**
 * A commit whose Set-Cookie would pass the 4096-byte browser limit. Nothing is written.
 * @example
 * session.set('history', hugeArray);
 * await storage.commitSession(session); // rejects: CookieTooLargeError, with the size and the limit
 */
export class CookieTooLargeError extends EdgeSessionError {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{ size?: number, limit?: number, cause?: unknown }} [options] `size` and `limit` in bytes, where known
   */
  constructor(code, message, { size, limit, ...options } = {}) {
    super(code, message, options);
    const stated = size === undefined || limit === undefined ? sizeInMessage(message) : undefined;
    /** The bytes the commit needed (undefined for SEVERAL_COOKIES, which is no overflow). */
    this.size = size ?? stated?.size;
    /** The bytes it may take. */
    this.limit = limit ?? stated?.limit;
  }
}

/** The core's messages say "... N bytes, over the [browser] limit of M bytes". */
function sizeInMessage(message) {
  const found = /(\d+) bytes, over the (?:browser )?limit of (\d+) bytes/.exec(message);
  return found ? { size: Number(found[1]), limit: Number(found[2]) } : undefined;
}
/**
 * A write to a session after destroy().
 * @example
 * session.destroy();
 * session.set('user', 'ada'); // throws SessionDestroyedError
 */
export class SessionDestroyedError extends EdgeSessionError {}
/**
 * A key, value or ID a session cannot hold.
 * @example
 * session.set('callback', () => {}); // throws SessionDataError, code 'INVALID_VALUE'
 */
export class SessionDataError extends EdgeSessionError {}
/**
 * A storage backend failed to read, write or delete a session (`cause` holds its error).
 * withSession answers such failures with a 500.
 * @example
 * await kvStorage.commitSession(session); // rejects with SessionStorageError when KV is down
 */
export class SessionStorageError extends EdgeSessionError {}

// The names errors show (`error.name`, `constructor.name`, the first word of their stack), given as text: a bundler
// that minifies without keep_names (wrangler's `minify = true` with `keep_names = false`, as this project's own
// wrangler.toml has it) renames the classes, and new.target.name then read `Ne`. Regression (build-configurations
// pass, tests/workerd/build-names.test.js).
for (const [ErrorClass, name] of [
  [EdgeSessionError, 'EdgeSessionError'],
  [CookieOptionError, 'CookieOptionError'],
  [CookieTooLargeError, 'CookieTooLargeError'],
  [SessionDestroyedError, 'SessionDestroyedError'],
  [SessionDataError, 'SessionDataError'],
  [SessionStorageError, 'SessionStorageError'],
]) {
  Object.defineProperty(ErrorClass, 'name', { value: name, configurable: true });
}

/**
 * A session ID as messages and logs show it: its first 8 characters, enough to tell sessions apart, too few to use
 * one (logs are read by more people than the sessions' owners; OWASP's logging cheat sheet). Regression (review):
 * failed commits logged the whole ID.
 * @param {string} id
 * @internal
 */
export function shownId(id) {
  return `${String(id).slice(0, 8)}…`;
}

/** Strings up to this long are quoted whole; the option values refused (`'lax '`, `"1800"`, `'migrate '`) are shorter. */
const SHOWN_OPTION_CHARS = 16;

/**
 * An option's value as a refusal shows it: a string quoted (a Worker's [vars] are strings, and "got 1800" read as
 * if 1800 were refused; black-box pass), a BigInt with its n, anything else as String() does. A longer string is
 * shown by its first 8 characters and its length: the likeliest is a key given where a short value goes
 * (`encrypt: env.SESSION_KEY`), and a refusal reaches logs. Regression (s48 errors pass): the first 40 of a
 * 44-character `openssl rand -base64 32` key were quoted, leaving ~24 bits of it to guess.
 * @param {unknown} value
 * @internal
 */
export function shownOption(value) {
  if (typeof value === 'string') {
    return value.length > SHOWN_OPTION_CHARS ? `${JSON.stringify(`${value.slice(0, 8)}…`)} (${value.length} characters)` : JSON.stringify(value);
  }
  return typeof value === 'bigint' ? `${value}n` : String(value);
}

/**
 * `call()`'s result; a backend's failure as SessionStorageError STORAGE_FAILED saying what failed (`what`: "read
 * the revocations of a user"). A SessionStorageError already (a store's own clear one) passes as it is.
 * @template T
 * @param {string} what
 * @param {() => Promise<T>} call
 * @returns {Promise<T>}
 * @internal
 */
export async function storageCall(what, call) {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SessionStorageError) throw error;
    const message = `Session storage failed to ${what}: ${error?.message ?? error}`;
    throw new SessionStorageError('STORAGE_FAILED', `${message}${hintFor(error)}`, { cause: error });
  }
}

/** Errors that came from a call on a SessionDurableObject stub of ours (sessionObjectStub). */
const fromSessionObjects = new WeakSet();

/**
 * `stub`, an object of the namespace the app gave as SessionDurableObject's, whose calls' failures are known as
 * ours: only those get hintFor's advice. Regression (adversarial pass): the advice went by workerd's text alone, and
 * an app's own backend under createSessionStorage that called its own object with a misnamed method was told to bind
 * that object to SessionDurableObject.
 * @template {object} Stub
 * @param {Stub} stub
 * @returns {Stub}
 * @internal
 */
export function sessionObjectStub(stub) {
  const mark = (error) => {
    if (error !== null && typeof error === 'object') fromSessionObjects.add(error);
    throw error;
  };
  return new Proxy(stub, {
    get(target, name) {
      if (name === 'then') return undefined; // a stub is no thenable: an async function may return it
      const value = target[name];
      if (typeof name !== 'string' || typeof value !== 'function') return value;
      return (...args) => {
        try {
          return Promise.resolve(target[name](...args)).catch(mark);
        } catch (error) {
          return mark(error);
        }
      };
    },
  });
}

/**
 * What a backend's error means when the app wired it wrong. Regression (misuse pass): a Durable Object namespace
 * bound to the app's own class failed every write with only workerd's "The RPC receiver does not implement the
 * method", which names neither the class expected nor where it is set.
 */
function hintFor(error) {
  if (!fromSessionObjects.has(error) || !/RPC receiver does not implement the method/.test(String(error?.message))) return '';
  return ' (is this Durable Object namespace bound to another class? Its binding\'s class_name must be SessionDurableObject, exported from your Worker\'s main module)';
}

// Index = the core's ErrorCode value.
const coreErrors = [
  undefined,
  [CookieOptionError, 'INVALID_COOKIE_NAME'],
  [CookieOptionError, 'INVALID_DOMAIN'],
  [CookieOptionError, 'INVALID_PATH'],
  [CookieOptionError, 'INVALID_EXPIRES'],
  [CookieOptionError, 'INVALID_MAX_AGE'],
  [CookieOptionError, 'INVALID_SAME_SITE'],
  [CookieOptionError, 'INVALID_PRIORITY'],
  [CookieTooLargeError, 'COOKIE_TOO_LARGE'],
  [CookieOptionError, 'INVALID_SECRET'],
  [SessionDestroyedError, 'SESSION_DESTROYED'],
  [SessionDataError, 'INVALID_KEY'],
  [SessionDataError, 'INVALID_VALUE'],
  [CookieOptionError, 'INVALID_OPTIONS'],
  [SessionDataError, 'INVALID_SESSION_ID'],
  [SessionDataError, 'VALUE_TOO_LARGE'],
  [CookieOptionError, 'INVALID_PREFIX'],
];

/**
 * The JS error for a core error code.
 * @param {number} code
 * @param {string} message
 * @returns {EdgeSessionError}
 */
export function errorFromCode(code, message) {
  const [ErrorClass, name] = coreErrors[code] ?? [EdgeSessionError, 'INTERNAL'];
  return new ErrorClass(name, message);
}
