// Remix v3's storage interface on every storage, next to React Router's:
//   read(cookieValue) -> Session    save(session) -> value to set, '' to clear, null for no change
// so that `session(cookie, storage)` from @remix-run/session-middleware runs on
// our storages. Remix's own Cookie signs and parses; these methods see only
// the cookie's unsigned value (remix-sessions.md §1.3-1.4), and never a header.
//   cookie storage: the value is Remix v3's payload, {"i":id,"d":[values,flash]};
//   server-side storages: the value is the session ID, the data in the store
//   (js/id-storage.js: read/save share getSession's and commitSession's path).
import { CookieTooLargeError } from './errors.js';
import { dataText, randomSessionId, releaseSession } from './internal.js';
import { forgetCoreAfterTrap, loadCore } from './loader.js';
import { isSession, wrapSession } from './session.js';

/** Browsers keep a cookie of at most 4096 bytes (name, value and attributes). */
const MAX_COOKIE_BYTES = 4096;
/** `.` and an HMAC-SHA256 in unpadded base64, which @remix-run/cookie appends. */
const SIGNATURE_CHARACTERS = 44;
const FLASH_KEY = /^__flash_([\s\S]*)__$/;
const encoder = new TextEncoder();

function checkSession(session) {
  if (!isSession(session)) throw new TypeError('save(session): expected a Session from edge-session');
}

async function sessionFrom(dataJson, id) {
  const core = await loadCore();
  try {
    return wrapSession(core, core.sessionFromData(dataJson, id, false) || core.sessionFromData('{}', id, false));
  } catch (error) {
    throw forgetCoreAfterTrap(error);
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
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const [values, flash] = Array.isArray(payload.d) ? payload.d : [];
  const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
  const flat = isObject(values) ? { ...values } : {};
  if (isObject(flash)) for (const [key, value] of Object.entries(flash)) flat[`__flash_${key}__`] = value;
  return { id: typeof payload.i === 'string' && payload.i !== '' ? payload.i : randomSessionId(), flat };
}

/** Remix v3's `[values, flash]` from our data (values, and this request's flash as `__flash_<key>__`). */
function remixData(session) {
  const values = {};
  const flash = {};
  for (const [key, value] of Object.entries(JSON.parse(session[dataText]()))) {
    const match = FLASH_KEY.exec(key);
    if (match) flash[match[1]] = value;
    else values[key] = value;
  }
  return [values, flash];
}

/**
 * Adds read/save to the cookie storage: the whole session rides in Remix v3's
 * cookie payload, which @remix-run/cookie signs.
 * @template {object} Storage
 * @param {Storage} storage
 * @returns {Storage}
 * @internal
 */
export function withRemixCookieStorage(storage) {
  storage.read = async function read(cookieValue) {
    const parsed = typeof cookieValue === 'string' && cookieValue !== '' ? flatFromRemixPayload(cookieValue) : null;
    if (parsed === null) return sessionFrom('{}', randomSessionId());
    return sessionFrom(JSON.stringify(parsed.flat), parsed.id);
  };

  storage.save = async function save(session) {
    checkSession(session);
    try {
      if (session.destroyed) return '';
      if (!session.dirty) return null;
      const value = JSON.stringify({ i: session.id || randomSessionId(), d: remixData(session) });
      // Remix signs base64 of the value; a cookie past 4096 bytes is dropped
      // by the browser without a word, so say so now (Remix does not check).
      const signedLength = Math.ceil(encoder.encode(value).length / 3) * 4 + SIGNATURE_CHARACTERS;
      if (signedLength > MAX_COOKIE_BYTES) {
        throw new CookieTooLargeError(
          'COOKIE_TOO_LARGE',
          `Session cookie value would be ${signedLength} bytes once signed, over the browser limit of ${MAX_COOKIE_BYTES}; nothing was written`,
        );
      }
      return value;
    } finally {
      // Frees the WebAssembly memory now; the session stays readable.
      session[releaseSession]();
    }
  };
  return storage;
}
