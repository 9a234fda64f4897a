// Remix v3's storage interface on every storage, next to React Router's:
//   read(cookieValue) -> Session    save(session) -> value to set, '' to clear, null for no change
// so that `session(cookie, storage)` from @remix-run/session-middleware runs on
// our storages. Remix's own Cookie signs and parses; these methods see only
// the cookie's unsigned value (remix-sessions.md §1.3-1.4), and never a header.
//   cookie storage: the value is Remix v3's payload, {"i":id,"d":[values,flash]}, its values carrying the
//   session's times ("__es__") so the storage's lifetime and revocation hold as on getSession's path; with
//   `encrypt`, that payload sealed by the storage's own cookie (Remix's Cookie only signs);
//   server-side storages: the value is the session ID, the data in the store
//   (js/id-storage.js: read/save share getSession's and commitSession's path).
import { cookieSealing } from './cookie.js';
import { valueOfSetCookie } from './cookie-identity.js';
import { CookieTooLargeError, SessionDataError } from './errors.js';
import {
  commitNotSent,
  encodedTwice,
  isRecord,
  keepsUnderWay,
  keptRevocationsSettled,
  savedForResponse,
  MAX_COOKIE_HEADER_LENGTH,
  MAX_SET_COOKIE_BYTES,
  mustRewrite,
  needsResign,
  parseVerifiedText,
  randomSessionId,
  releaseSession,
  rewriteWindow,
  sessionHandle,
  serializeText,
  setOwn,
  settled,
  unchangedSinceRefusal,
} from './internal.js';
import { expiresAtOf } from './lifetime.js';
import { forgetCoreAfterTrap, loadCore } from './loader.js';
import { claimRewrite, forgetRewrite, rememberRewrite } from './rewrite-window.js';
import { readMark } from './recent-deletes.js';
import { isSession, wrapSession } from './session.js';
import { warnRewriteTooLarge } from './warnings.js';

/** `.` and an HMAC-SHA256 in unpadded base64, which @remix-run/cookie appends. */
const SIGNATURE_CHARACTERS = 44;
const FLASH_KEY = /^__flash_([\s\S]*)__$/;
const encoder = new TextEncoder();

function checkSession(session) {
  if (!isSession(session)) throw new TypeError('save(session): expected a Session from edge-session');
}

/**
 * The session of React Router's flat layout (JSON text) and `id`; a fresh one when the layout's times say it ended.
 * `oldSecret`: a retired secret opened it, so its next save rewrites it under secrets[0] even untouched.
 */
async function sessionFrom(dataJson, id, lifetime = undefined, oldSecret = false) {
  const core = await loadCore();
  try {
    return wrapSession(core, core.sessionFromData(dataJson, id, oldSecret, lifetime) || core.sessionFromData('{}', randomSessionId(), false));
  } catch (error) {
    throw forgetCoreAfterTrap(error);
  }
}

/** `value` as JSON text; null for a value JSON cannot hold (nested past the stack, a cycle): bad input. */
function jsonTextOf(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return null;
  }
}

/**
 * React Router's flat layout (values, flash as `__flash_<key>__`) from Remix
 * v3's payload text; null when it is not one (then the session starts fresh).
 */
function flatFromRemixPayload(text) {
  let payload;
  try {
    payload = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(payload)) return null;
  const [values, flash] = Array.isArray(payload.d) ? payload.d : [];
  const flat = isRecord(values) ? { ...values } : {};
  if (isRecord(flash)) for (const [key, value] of Object.entries(flash)) flat[`__flash_${key}__`] = value;
  return { id: typeof payload.i === 'string' && payload.i !== '' ? payload.i : randomSessionId(), flat };
}

/** Remix v3's `[values, flash]` from React Router's flat layout (values, and flash as `__flash_<key>__`). */
function remixData(flatText) {
  const values = {};
  const flash = {};
  for (const [key, value] of Object.entries(JSON.parse(flatText))) {
    const match = FLASH_KEY.exec(key);
    // Regression (review): assigned, a key named __proto__ set the object's prototype and was lost, on this path only.
    if (match) setOwn(flash, match[1], value);
    else setOwn(values, key, value);
  }
  return [values, flash];
}

/**
 * Adds read/save to the cookie storage: the whole session rides in Remix v3's
 * cookie payload, which @remix-run/cookie signs. What getSession and
 * commitSession enforce holds here too: the lifetime (the payload carries
 * the session's times), the user's revocation, and sealing.
 * @template {object} Storage
 * @param {Storage} storage
 * @param {object} policy the cookie storage's own
 * @param {import('./cookie.js').Cookie} policy.cookie the storage's cookie: it seals the payload when encrypted
 * @param {{ idleTimeout: number, absoluteTimeout: number, touchInterval: number }} policy.lifetime
 * @param {(session: import('./session.js').Session) => Promise<import('./session.js').Session>} policy.checkUser
 *   after a read: the session, or a fresh one when its user's sessions were revoked since it signed in
 * @param {(session: import('./session.js').Session) => object | undefined} policy.beforeCommit stamps a sign-in;
 *   returns what afterCommit records once the cookie value is made
 * @param {(session: import('./session.js').Session) => boolean} policy.refusesRevoked true when a
 *   revocation voided the session after it was read: it is ended, not written
 * @param {(change: object | undefined) => Promise<void>} policy.afterCommit
 * @param {(session: import('./session.js').Session) => Promise<void>} policy.onDestroy records a sign-out
 * @param {boolean} [policy.migrates] the storage has migrateFrom, which read() cannot do: it then throws
 * @returns {Storage}
 * @internal
 */
export function withRemixCookieStorage(storage, { cookie, lifetime, checkUser, beforeCommit, refusesRevoked, afterCommit, onDestroy, migrates = false }) {
  const sealing = cookie[cookieSealing];
  const cookieNameBytes = encoder.encode(cookie.name).length;
  // session -> { value: the cookie value read() opened it from (its renewal's burst key), mark: readMark() before }
  const reads = new WeakMap();

  /**
   * The payload text in a cookie value, unsealed when the storage seals (null when it is not ours), and whether a
   * retired secret opened it (cookie.parse drops the latter). Regression (audit): an untouched session
   * opened with a retired secret was never re-sealed, and dropping that secret signed its user out.
   */
  async function payloadOf(cookieValue) {
    if (sealing === 0) return { payload: cookieValue, oldSecret: false }; // Remix's Cookie checked the signature
    const { json, oldSecret } = await cookie[parseVerifiedText](`${cookie.name}=${cookieValue}`);
    // save seals the payload's own JSON text; before 2026-12-03 it sealed a JSON string of it, read here too.
    const opened = json.charCodeAt(0) === 34 ? JSON.parse(json) : json;
    if (opened !== '') return { payload: opened, oldSecret };
    // encrypt: 'migrate' also reads a payload written before sealing (Remix's Cookie signed it), once.
    return { payload: sealing === 2 ? cookieValue : null, oldSecret: false };
  }

  storage.read = async function read(cookieValue) {
    const mark = readMark(); // before the read: a write that ends after this may be missing from what it reads
    // Remix's middleware hands read() its own cookie's value alone: the old cookie is out of sight, and every
    // user would be signed out without a word. Regression: they were.
    if (migrates) {
      throw new TypeError(
        'read: migrateFrom needs the whole Cookie header, and Remix v3\'s session middleware passes read() only its own cookie\'s value; migrate under withSession or getSession(cookieHeader), then use read/save',
      );
    }
    // Longer than any Cookie header getSession reads: a value signed for something else (Remix signs the value
    // only), which the core would refuse as too large to take. Regression (audit): read() threw VALUE_TOO_LARGE.
    const readable = typeof cookieValue === 'string' && cookieValue !== '' && cookieValue.length <= MAX_COOKIE_HEADER_LENGTH;
    const { payload, oldSecret } = readable ? await payloadOf(cookieValue) : { payload: null };
    const parsed = payload === null ? null : flatFromRemixPayload(payload);
    const flatText = parsed === null ? null : jsonTextOf(parsed.flat);
    // fresh: no times, so nothing to write
    if (flatText === null) return sealedTwice(await sessionFrom('{}', randomSessionId()));
    const session = await sessionFrom(flatText, parsed.id, lifetime, oldSecret);
    reads.set(session, { value: cookieValue, mark });
    if (sealing === 2 && payload === cookieValue) session[mustRewrite](); // read unsealed: sealed by its next save
    return sealedTwice(await checkUser(session));
  };

  /** `session`, marked for keepForm when what save() seals Remix's Cookie base64-encodes once more. */
  function sealedTwice(session) {
    if (sealing !== 0) encodedTwice.add(session);
    return session;
  }

  /**
   * The Set-Cookie sealing `payload`: its own JSON text, or, for a payload nested past the core's 64 levels with
   * its wrapper (a value of 62 levels, from Remix's own storage), a JSON string of it, as before 2026-12-03, which
   * read() still reads. Regression (review): such a session could no longer be saved, on every request.
   */
  async function sealPayload(payload) {
    try {
      return await cookie[serializeText](payload);
    } catch (error) {
      if (!(error instanceof SessionDataError) || error.code !== 'INVALID_VALUE') throw error;
      return cookie.serialize(payload);
    }
  }

  storage.save = async function save(session) {
    checkSession(session);
    // A revokeUserSessions keeping this session, still running (left in ctx.waitUntil): it signs the session in anew,
    // which only this save can carry, as under withSession (request-lifecycle.js finishedResponse). Regression
    // (adversarial pass): the save went first, and the device asking to stay signed in was signed out.
    if (keepsUnderWay.has(session)) await keptRevocationsSettled(session); // no extra turn for every response
    // From here on the value it returns is being made: a revocation keeping the session started now (a job that
    // awaited something first) could not reach it, and throws SESSION_ENDED, as under withSession once its lifecycle
    // writes the response. Regression (senior review): marked only once the save was made, a revocation started
    // while a sign-in's save awaited its revocation store went ahead and signed the kept device out.
    savedForResponse.add(session);
    // An earlier save of the request stands (its value went out): a refused one leaves its change unwritten after
    // it, as a refused commit does (cookie-storage.js commitHeaders).
    const wasSettled = session[settled];
    let unwritten = false;
    try {
      // csrf() refused its request: nothing is committed, but a logout made before the check (a middleware ahead of
      // it) still ends the session, and a revocation's stamp on the session it kept is still written
      // (internal.js nothingToSendAnyway). Regression (review): the logout was dropped, and the user stayed signed in.
      if (unchangedSinceRefusal(session)) return null;
      // A logout or a change is noted by the cookie value it was read from, as a renewal is claimed: a renewal of a
      // request that read that value before it (a slow page) is then not made (claimRewrite), as under withSession.
      // Regression (adversarial review): nothing was noted, and a slow page's renewal answered after a logout
      // signed the browser in again.
      const read = reads.get(session);
      const value = read?.value;
      if (session.destroyed) {
        await onDestroy(session);
        if (value !== undefined) rememberRewrite(storage, value);
        return '';
      }
      const dirty = session.dirty;
      if (!dirty && !session[needsResign]) return null;
      // Voided by a revocation after it was read (another tab of a device the revocation kept): not written, as a
      // server-side storage refuses it; the browser keeps the cookie it has (cookie-storage.js refuseIfRevoked).
      if (refusesRevoked(session)) return null;
      // Unchanged, written only to renew or re-seal it: once per burst of requests carrying its cookie, as under
      // withSession (request-lifecycle.js sessionWrite). Regression (audit): every request of a burst re-issued it.
      // Claimed with no window too (no idleTimeout: a re-seal only), as a rewrite of a session read before another
      // write of it is never made. Regression (s47 mutation pass): unclaimed there, a slow page's re-seal answered
      // after a logout and signed the browser in again.
      const windowMs = storage[rewriteWindow] ?? 0;
      const burstKey = dirty ? undefined : value;
      const claim = burstKey === undefined ? undefined : claimRewrite(storage, burstKey, windowMs, read.mark);
      if (claim === false) return null;
      if (burstKey === undefined && value !== undefined) rememberRewrite(storage, value);
      try {
        return await written(session, dirty);
      } catch (error) {
        forgetRewrite(storage, claim); // not written: the next request tries again
        unwritten = dirty;
        throw error;
      }
    } finally {
      // Frees the WebAssembly memory now; the session stays readable.
      session[releaseSession]();
      // Refused (too large, a failing revocation store): nothing was written, so the change is still to be, as
      // after a refused commitSession. Regressions: left clean, a second save() answered null (model-based audit);
      // un-settled after an earlier save, withSession dropped that save's cookie for one that could not fit, a 500
      // (review).
      if (unwritten) session[commitNotSent](wasSettled);
    }
  };

  /** The cookie value save() returns for a session to be written (`dirty`: changed, not only renewed). */
  async function written(session, dirty) {
    const change = beforeCommit(session);
    const core = await loadCore();
    let flatText;
    try {
      const expires = cookie.expires;
      flatText = core.record(session[sessionHandle](core), expiresAtOf(expires), lifetime);
    } catch (error) {
      throw forgetCoreAfterTrap(error);
    }
    const payload = JSON.stringify({ i: session.id || randomSessionId(), d: remixData(flatText) });
    // Sealed as the payload's own text. Regression (review): sealed as a JSON string of it, every `"` and `\` of
    // the payload was escaped once more, and kept form fields within keepForm's budget made a cookie too large.
    const value = sealing === 0 ? payload : valueOfSetCookie(await sealPayload(payload));
    // Remix signs base64 of the value; a cookie whose name and value pass 4096 bytes is dropped by the browser
    // without a word (RFC 6265bis 5.7), so say so now (Remix does not check). Remix's cookie is out of sight:
    // its name is taken to be our storage cookie's (README). Regression (audit): the name was not counted, and
    // sessions a browser drops were saved.
    const signedLength = cookieNameBytes + Math.ceil(encoder.encode(value).length / 3) * 4 + SIGNATURE_CHARACTERS;
    if (signedLength > MAX_SET_COOKIE_BYTES) {
      const error = new CookieTooLargeError(
        'COOKIE_TOO_LARGE',
        `Session cookie's name and value would be ${signedLength} bytes once signed, over the browser limit of ${MAX_SET_COOKIE_BYTES}; nothing was written`,
        { size: signedLength, limit: MAX_SET_COOKIE_BYTES },
      );
      // Unchanged, written only to seal or renew it: the cookie the browser holds still reads (as withSession).
      if (!dirty) {
        warnRewriteTooLarge(storage, error);
        return null;
      }
      throw error;
    }
    if (change !== undefined) await afterCommit(change); // no await on the hot path
    return value;
  }
  return storage;
}
