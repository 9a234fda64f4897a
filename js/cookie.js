// createCookie: a named, optionally signed cookie holding a JSON value, with
// React Router's API. Parsing, signing and Set-Cookie serialization run in the
// core; this file validates types and turns options into the JSON it takes.
import { cookieIdentity } from './cookie-identity.js';
import { cookieHeaderFor } from './cookie-header.js';
import { checkCookieRules, checkCookieTextSizes, checkSecrets, MAX_OPTIONS_JSON } from './cookie-rules.js';
import { CookieOptionError, CookieTooLargeError, errorFromCode, SessionDataError, shownOption } from './errors.js';
import { cookieCore, cookieCoreReady, isRecord, MAX_SET_COOKIE_BYTES, parseVerified, parseVerifiedText, serializeText } from './internal.js';
import { dateIn, earlierEnd } from './lifetime.js';
import { coreGeneration, forgetCoreAfterTrap, loadCore } from './loader.js';
import { nextNonce } from './nonce-pool.js';
import { warnIfShortSecrets } from './warnings.js';

/** The `encrypt` option as the core takes it (CookieSealing). */
const SEALING = new Map([[undefined, 0], [false, 0], [true, 1], ['migrate', 2]]);
/** @internal Cookie: `[cookieSealing]` is 0 signed, 1 sealed, 2 sealed reading signed values. */
export const cookieSealing = Symbol('edge-session.cookieSealing');
/** @internal Cookie: `[cookieOptions]` is a copy of the options it was made with. */
const cookieOptions = Symbol('edge-session.cookieOptions');
/** @internal Cookie: `[cookieMaxAge]` is the maxAge it was made with, as given (undefined for none or null). */
export const cookieMaxAge = Symbol('edge-session.cookieMaxAge');
/** @internal Cookie: `[cookieExpiresOption]` is the expires it was made with, as given (undefined for none or null). */
export const cookieExpiresOption = Symbol('edge-session.cookieExpiresOption');

/** Wire formats: React Router v7 / Remix v2 (default) or Remix v3. */
export const FORMATS = Object.freeze({ 'react-router': 0, 'remix-v3': 1 });

/**
 * The core's readValue: the value's JSON text ('' when absent or not
 * verified) and whether a retired secret verified it (marked with a leading
 * '!', which no JSON text starts with).
 * @internal
 */
export function readValue({ core, address }, cookieHeader) {
  let text;
  try {
    text = core.readValue(address, cookieHeader);
  } catch (error) {
    throw forgetCoreAfterTrap(error);
  }
  return text.charCodeAt(0) === 33 ? { json: text.slice(1), oldSecret: true } : { json: text, oldSecret: false };
}

/**
 * The text of a core Outcome ({ code, text }), or its error thrown.
 * @internal
 */
export function outcomeText(outcome) {
  if (outcome.code !== 0) throw errorFromCode(outcome.code, outcome.text);
  return outcome.text;
}

/**
 * The cookie a storage's Cookie sets, as browsers tell cookies apart: `{ name, domain, path, chunks }`
 * (js/cookie-identity.js), for sessions spanning up to `chunks` cookies.
 * @internal
 */
export function cookieIdentityOf(cookie, chunks = 1) {
  return cookieIdentity(cookie.name, cookie[cookieOptions], chunks);
}

/**
 * The Set-Cookie that removes the cookie (empty value, Max-Age=0, a past
 * Expires), with `options` applied over its attributes.
 * @internal
 */
export function expiringSetCookie(coreCookie, options, cookie) {
  return outcomeText(coreCookie.destroyCookie(optionsJson(options, cookie)));
}

/**
 * React Router's `encode`/`decode` options (functions, which JSON would silently drop): the value's encoding is
 * the one React Router writes by default, so cookies stay readable by both, and these are refused, not ignored.
 */
export function refuseCodecs(options) {
  if (options == null || typeof options !== 'object') return;
  for (const key of ['encode', 'decode']) {
    if (options[key] !== undefined) {
      throw new CookieOptionError('INVALID_OPTIONS', `Cookie option ${key} is not supported: values are percent-encoded as React Router does by default`);
    }
  }
}

/**
 * A commit's or serialize's options may repeat what makes the cookie (React Router ignores them there, and code
 * often passes one options object everywhere), but not change it. Regression: commitSession(s, { encrypt: true })
 * on a signed cookie wrote a signed cookie, without a word.
 */
function refuseOtherCookie(options, cookie) {
  const own = cookie[cookieOptions];
  const sameSecrets = (secrets) => Array.isArray(secrets) && secrets.length === (own.secrets ?? []).length && secrets.every((secret, i) => secret === own.secrets[i]);
  for (const [key, same] of [
    ['name', (name) => name === cookie.name],
    ['secrets', sameSecrets],
    ['encrypt', (encrypt) => SEALING.get(encrypt) === cookie[cookieSealing]],
  ]) {
    if (options[key] !== undefined && !same(options[key])) {
      throw new CookieOptionError('INVALID_OPTIONS', `Cookie option ${key} differs from the cookie's own: it belongs to the cookie (createCookie or the storage's cookie), not to one commit or serialize`);
    }
  }
}

/** The error of a maxAge that is no number of seconds (NaN, Infinity, a BigInt, a string). */
export function maxAgeError(maxAge) {
  // A string quoted: "got 3600" read as a valid maxAge (review).
  return new CookieOptionError('INVALID_MAX_AGE', `Cookie option maxAge must be an integer number of seconds, got ${shownOption(maxAge)}`);
}

/** Throws CookieOptionError INVALID_EXPIRES unless `expires` is a valid Date. */
export function checkExpiresOption(expires) {
  if (!(expires instanceof Date) || Number.isNaN(expires.getTime())) {
    throw new CookieOptionError('INVALID_EXPIRES', 'Cookie option expires must be a valid Date');
  }
}

/**
 * Cookie options as the core takes them: secrets removed, a Date as epoch ms; with `cookie` (a commit's or
 * serialize's own options), what makes the cookie must be its own.
 * @returns {string} JSON, or '' when there is nothing to apply
 */
export function optionsJson(options, cookie) {
  if (options == null) return '';
  if (typeof options !== 'object') throw new CookieOptionError('INVALID_OPTIONS', 'Cookie options must be an object');
  if (cookie) refuseOtherCookie(options, cookie);
  // What is not an attribute stays here; the core refuses unknown names.
  const { secrets, name, expires, encrypt, ...attributes } = options;
  refuseCodecs(options);
  checkCookieTextSizes(undefined, attributes);
  // An option given as undefined overrides the cookie's own, as React Router's
  // object spread does (serialize(v, { maxAge: undefined }) drops Max-Age).
  // JSON.stringify would drop the key, so send null: the core resets it.
  // It would drop a function or a symbol too, and the attribute with it (`secure: config.isProd`, a method not
  // called, wrote no Secure): sent as a value the core refuses for every attribute with that attribute's own
  // error (an empty object; for maxAge, whose message shows the value, its description). Regression (audit).
  for (const key of Object.keys(attributes)) {
    const type = typeof attributes[key];
    if (type === 'function' || type === 'symbol') attributes[key] = key === 'maxAge' ? `(a ${type})` : {}; // maxAge's message shows it
    else attributes[key] ??= null;
  }
  // JSON.stringify turns NaN and Infinity into null, which would silently
  // drop Max-Age; React Router rejects them.
  // A BigInt too, by name (JSON.stringify's own error names no option).
  const { maxAge } = attributes;
  if (typeof maxAge === 'bigint' || (typeof maxAge === 'number' && !Number.isFinite(maxAge))) throw maxAgeError(maxAge);
  if (expires !== undefined && expires !== null) {
    checkExpiresOption(expires);
    attributes.expires = expires.getTime();
  } else if (Object.hasOwn(options, 'expires')) {
    attributes.expires = null;
  }
  let json;
  try {
    json = JSON.stringify(attributes);
  } catch (error) {
    // A BigInt, a cycle, a throwing toJSON: the app's mistake, typed as any bad option (not a bare TypeError, which
    // a storage takes for a failed instance). Regression (audit of issue 10.2).
    throw new CookieOptionError('INVALID_OPTIONS', `Cookie options cannot be written as JSON: ${error?.message ?? error}`, { cause: error });
  }
  // Measured before the core copies it (issue 10.4): an attribute of another type may be any size of JSON.
  if (json.length > MAX_OPTIONS_JSON) {
    throw new CookieOptionError('INVALID_OPTIONS', `Cookie options are ${json.length} characters of JSON, over the limit of ${MAX_OPTIONS_JSON}: no Set-Cookie could carry them`);
  }
  return json;
}

/** `encrypt`: true, false or 'migrate', and only with secrets (keys derive from them). */
function checkEncrypt({ encrypt, secrets }) {
  if (!SEALING.has(encrypt)) {
    throw new CookieOptionError('INVALID_OPTIONS', `Cookie option encrypt must be true, false or 'migrate', got ${shownOption(encrypt)}`);
  }
  if (SEALING.get(encrypt) !== 0 && !(secrets?.length > 0)) {
    throw new CookieOptionError('INVALID_SECRET', 'Cookie option encrypt needs secrets: the encryption keys are derived from them');
  }
}

/**
 * The safety net for Cookies an app makes over and over (a storage factory given a new `env` per request, as
 * @hono/node-server does): a Cookie collected frees its cookies in the core. Regression: each kept ~380 bytes of
 * WebAssembly memory for good. A cookie of a core replaced after a trap is gone with it (delete throws).
 */
const uncollectedCookies = new FinalizationRegistry((cookie) => {
  try {
    cookie.delete();
  } catch {
    // its core was replaced, and its memory with it
  }
});

/**
 * An HTTP cookie with a JSON value, signed when `secrets` are given.
 * Options are validated by the core on first use: a bad name or attribute
 * makes parse/serialize reject with a CookieOptionError saying which.
 */
class Cookie {
  #name;
  #options;
  #secrets;
  #handles = new Map(); // format -> { generation, ready: Promise<{ core, cookie, address }>, value }

  constructor(name, options) {
    this.#name = name;
    this.#secrets = options.secrets ?? [];
    this.#options = options;
  }

  /** The cookie's name. */
  get name() {
    return this.#name;
  }

  /** True when the cookie has secrets, so its values are signed (or sealed). */
  get isSigned() {
    return this.#secrets.length > 0;
  }

  /** True when values are sealed (`encrypt: true` or `'migrate'`): encrypted and authenticated. */
  get isEncrypted() {
    return this[cookieSealing] !== 0;
  }

  /** @internal The options it was made with (a copy). */
  get [cookieOptions]() {
    return { ...this.#options };
  }

  /** @internal */
  get [cookieMaxAge]() {
    return this.#options.maxAge ?? undefined;
  }

  /** @internal */
  get [cookieExpiresOption]() {
    return this.#options.expires ?? undefined;
  }

  /** @internal */
  get [cookieSealing]() {
    return SEALING.get(this.#options.encrypt);
  }

  /**
   * When the cookie expires: now + maxAge if set, else the `expires` option (the earlier for both; undefined for
   * neither). An option given as null is not set, as in the Set-Cookie (the core resets it). Regression (audit):
   * `maxAge: null` gave now, and every server-side record (and Remix v3 payload) expired as it was written, while
   * its cookie had no Max-Age.
   */
  get expires() {
    const { maxAge, expires } = this.#options;
    // Checked as the first commit checks them (a CookieOptionError), for the storages read this first. Regression
    // (audit): a BigInt maxAge threw a bare TypeError from here.
    if (expires != null) checkExpiresOption(expires);
    if (maxAge == null) return expires ?? undefined;
    if (typeof maxAge !== 'number' || !Number.isFinite(maxAge)) throw maxAgeError(maxAge);
    return earlierEnd(dateIn(maxAge), expires ?? undefined); // both: where the core ends a cookie session made so
  }

  /**
   * The value of this cookie in a Cookie header; null when absent or not
   * verified (tampered, wrong secret, not our encoding).
   * @param {string | null | undefined} cookieHeader
   */
  async parse(cookieHeader, options) {
    refuseCodecs(options);
    return (await this[parseVerified](cookieHeader)).value;
  }

  /** @internal parse's value, and whether a retired secret verified it (internal.js parseVerified). */
  async [parseVerified](cookieHeader) {
    const { json, oldSecret } = await this[parseVerifiedText](cookieHeader);
    return json === '' ? { value: null, oldSecret: false } : { value: JSON.parse(json), oldSecret };
  }

  /** @internal parseVerified's value as the JSON text it was written as, '' for none (internal.js parseVerifiedText). */
  async [parseVerifiedText](cookieHeader) {
    const header = cookieHeaderFor(cookieHeader, [this.name], 'parse(cookieHeader)');
    if (header === '') return { json: '', oldSecret: false };
    return readValue(await this[cookieCore](FORMATS['react-router']), header);
  }

  /**
   * A Set-Cookie header carrying `value` (any JSON value; "" clears). Rejects with SessionDataError INVALID_VALUE,
   * as set() does, for a value parse could not read back (nested past 64 levels) or JSON cannot hold.
   * @param {unknown} value
   * @param {object} [options] attributes for this header only
   */
  async serialize(value, options) {
    let text;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      // A cycle, a BigInt, or nesting past JSON.stringify's stack (a RangeError), as set() says it. Deeper than
      // parse reads (64 levels) is refused by the core's writeValue. Audit of issue 10.2: a bare RangeError escaped.
      throw new SessionDataError('INVALID_VALUE', `Value of cookie "${this.#name}" cannot be stored as JSON: ${error.message}`);
    }
    // undefined, a function, a symbol: no JSON text at all. A value, not an option (README, Errors). Regression
    // (audit): it was a CookieOptionError INVALID_OPTIONS.
    if (text === undefined) throw new SessionDataError('INVALID_VALUE', `Value of cookie "${this.#name}" cannot be stored as JSON: ${typeof value} has no JSON text`);
    return this[serializeText](text, options);
  }

  /** @internal serialize of a value given as its JSON text, made by our own code (internal.js serializeText). */
  async [serializeText](text, options) {
    this.#refuseOversized(text);
    const { core, cookie, address } = await this[cookieCore](FORMATS['react-router']);
    if (this.isEncrypted) core.provideNonce(address, nextNonce());
    return outcomeText(cookie.writeValue(text, optionsJson(options, this)));
  }

  /**
   * Throws before the core copies `text` into WASM memory when no cookie could
   * carry it (issue 10.4): base64, signing and sealing only grow a value, and
   * its UTF-8 bytes are at least its UTF-16 length.
   */
  #refuseOversized(text) {
    if (text.length <= MAX_SET_COOKIE_BYTES) return;
    throw new CookieTooLargeError(
      'COOKIE_TOO_LARGE',
      `Value of cookie "${this.#name}" is ${text.length} characters of JSON, over the browser limit of ${MAX_SET_COOKIE_BYTES} bytes per cookie`,
      { size: text.length, limit: MAX_SET_COOKIE_BYTES },
    );
  }

  /**
   * @internal Resolves to { core, cookie, address }: the core, its cookie for
   * `format` (created and validated once per instance) and where the core's
   * session calls find that cookie. One cached promise, so a request awaits once.
   */
  [cookieCore](format) {
    const cached = this.#handles.get(format);
    if (cached && cached.generation === coreGeneration()) return cached.ready;
    // A core replaced after a trap is gone, its cookie with it: not held for the safety net either (an Embind handle
    // keeps its whole instance alive). Regression (review): a long-lived storage kept every replaced instance.
    if (cached) uncollectedCookies.unregister(cached);
    const entry = { generation: coreGeneration(), ready: undefined, value: undefined };
    entry.ready = this.#createHandle(format, entry);
    this.#handles.set(format, entry);
    entry.ready.then(
      (value) => {
        entry.value = value;
      },
      // A rejected promise must not stay cached (a trap, or bad options that
      // will fail again anyway, cheaply).
      () => this.#handles.get(format) === entry && this.#handles.delete(format),
    );
    return entry.ready;
  }

  /**
   * @internal What [cookieCore](format) resolved to, if it has and the core is
   * still current; else undefined. Saves the hot path an await.
   */
  [cookieCoreReady](format) {
    const cached = this.#handles.get(format);
    return cached !== undefined && cached.generation === coreGeneration() ? cached.value : undefined;
  }

  /** The core's cookie for `format`; `entry`, its cache entry, unregisters it from the safety net. */
  async #createHandle(format, entry) {
    const core = await loadCore();
    const attributes = optionsJson(this.#options); // an app's error from its options is no failed instance (cookie-storage.js commitIn)
    let cookie;
    try {
      // `format` may carry the chunks a storage splits values over in bits 8-15 (cookie-chunks.js).
      cookie = new core.Cookie(this.#name, JSON.stringify(this.#secrets), attributes, format & 255, this[cookieSealing] | (format & 0xff00));
    } catch (error) {
      throw forgetCoreAfterTrap(error);
    }
    const code = cookie.errorCode();
    if (code !== 0) {
      const message = cookie.errorMessage();
      cookie.delete();
      throw errorFromCode(code, message);
    }
    // Not for a core replaced while this one was made: it is gone (and would be held). Regression (review).
    if (entry.generation === coreGeneration()) uncollectedCookies.register(this, cookie, entry);
    return { core, cookie, address: cookie.address() };
  }
}

/**
 * Creates a cookie, as React Router's createCookie does.
 * @param {string} name
 * @param {object} [options] secrets, encrypt (true: values sealed with XChaCha20-Poly1305;
 *   'migrate': also reads signed values, re-sealed at the next write), domain, path ('/'),
 *   expires, maxAge, httpOnly, secure, sameSite ('lax'), partitioned, priority
 * @example
 * const prefs = createCookie('prefs', { secrets: ['s3cr3t'], maxAge: 604_800 });
 * const value = await prefs.parse(request.headers.get('Cookie'));
 * const setCookie = await prefs.serialize({ theme: 'dark' });
 */
export function createCookie(name, options = {}) {
  if (typeof name !== 'string') throw new CookieOptionError('INVALID_COOKIE_NAME', 'Cookie name must be a string');
  if (options === null || typeof options !== 'object') throw new CookieOptionError('INVALID_OPTIONS', 'Cookie options must be an object');
  if (options.secrets !== undefined) checkSecrets(options.secrets);
  checkEncrypt(options);
  if (options.secrets !== undefined) warnIfShortSecrets(name, options.secrets);
  checkCookieRules(name, options);
  return new Cookie(name, { ...options });
}

/**
 * True for cookies made by createCookie.
 * @example
 * const cookie = isCookie(options.cookie) ? options.cookie : createCookie('__session', options.cookie);
 */
export function isCookie(value) {
  return value instanceof Cookie;
}

/**
 * The cookie a storage's options name (`cookie`: a Cookie, or the options to make one), sealed as the storage's
 * own `encrypt` option says when it has one: a Cookie made without `encrypt` is made anew with it, and one whose
 * `encrypt` says otherwise is refused (neither may silently win).
 * @internal
 */
export function cookieFromOption(cookie, encrypt) {
  const made = isCookie(cookie);
  if (!made && typeof cookie?.parse === 'function' && typeof cookie?.serialize === 'function') {
    // Regression: it was read as options, and failed on "Unknown cookie option isSigned".
    throw new CookieOptionError(
      'INVALID_OPTIONS',
      `Storage option cookie is a Cookie another library made (React Router's createCookie?): its secrets cannot be read. Make it with edge-session's createCookie, or pass its options ({ name, secrets, ... })`,
    );
  }
  if (!made && cookie != null && !isRecord(cookie)) {
    // Regression (black-box pass): a name given as the option ('__session') was read as options: "Unknown cookie option "0"".
    throw new CookieOptionError(
      'INVALID_OPTIONS',
      `Storage option cookie must be the cookie's options ({ name, secrets, ... }) or a Cookie from createCookie, got ${Array.isArray(cookie) ? 'an array' : typeof cookie}`,
    );
  }
  const { name = '__session', ...options } = made ? { name: cookie.name, ...cookie[cookieOptions] } : (cookie ?? {});
  if (encrypt === undefined || options.encrypt === encrypt) return made ? cookie : createCookie(name, options);
  if (options.encrypt !== undefined) {
    throw new CookieOptionError(
      'INVALID_OPTIONS',
      `Storage option encrypt (${String(encrypt)}) differs from its cookie's (${String(options.encrypt)}): set it in one place`,
    );
  }
  return createCookie(name, { ...options, encrypt });
}
