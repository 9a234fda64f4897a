// The shared logic of every server-side storage: the cookie holds only the
// signed session ID (React Router's layout: the JSON string of the ID), the
// data lives in a store as the core's record text. Stores speak text so KV,
// Durable Objects and files never convert the data twice.
import { FORMATS, optionsJson } from './cookie.js';
import { errorFromCode, SessionStorageError } from './errors.js';
import { cookieCore, MAX_COOKIE_HEADER_LENGTH, releaseSession, sessionHandle } from './internal.js';
import { forgetCoreAfterTrap, loadCore } from './loader.js';
import { checkSession } from './cookie-storage.js';
import { wrapSession } from './session.js';
import { warnIfUnsigned } from './warnings.js';

/**
 * @typedef {object} RecordStore
 * @property {(record: string, expires?: Date) => Promise<string>} create stores a new record, returns its new ID
 * @property {(id: string) => Promise<string | null>} read the record, or null when missing or expired
 * @property {(id: string, record: string, expires?: Date) => Promise<void>} update creates or replaces
 * @property {(id: string) => Promise<void>} delete
 */

async function storeCall(action, id, call) {
  try {
    return await call();
  } catch (error) {
    throw new SessionStorageError('STORAGE_FAILED', `Session storage failed to ${action} session${id ? ` "${id}"` : ''}: ${error?.message ?? error}`, { cause: error });
  }
}

/** When the stored record should expire: the commit's maxAge/expires, else the cookie's. */
function expiresFor(cookie, options) {
  if (options?.maxAge != null) return new Date(Date.now() + options.maxAge * 1000);
  return options?.expires ?? cookie.expires;
}

/**
 * @param {import('./cookie.js').Cookie} cookie
 * @param {RecordStore} store
 * @internal
 */
export function createIdSessionStorage(cookie, store) {
  warnIfUnsigned(cookie);
  const core = () => cookie[cookieCore](FORMATS['react-router']);

  async function destroyCookie(options) {
    const outcome = (await core()).destroyCookie(optionsJson(options));
    if (outcome.code !== 0) throw errorFromCode(outcome.code, outcome.text);
    return outcome.text;
  }

  return {
    async getSession(cookieHeader) {
      const [module, coreCookie] = await Promise.all([loadCore(), core()]);
      let id = '';
      let oldSecret = false;
      if (typeof cookieHeader === 'string' && cookieHeader.length <= MAX_COOKIE_HEADER_LENGTH) {
        const value = coreCookie.readValue(cookieHeader);
        const parsed = value.text === '' ? null : JSON.parse(value.text);
        if (typeof parsed === 'string') [id, oldSecret] = [parsed, value.oldSecret];
      }
      // An ID the store does not have is never adopted (session fixation):
      // the session starts empty with no ID, and its commit creates a new one.
      const record = id ? await storeCall('read', id, () => store.read(id)) : null;
      try {
        const handle = record == null ? null : module.sessionFromData(record, id, oldSecret);
        return wrapSession(module, handle ?? module.sessionFromData('{}', '', false));
      } catch (error) {
        throw forgetCoreAfterTrap(error);
      }
    },

    async commitSession(session, options) {
      checkSession(session);
      if (session.destroyed) return this.destroySession(session, options);
      const handle = session[sessionHandle]();
      const record = handle.data();
      const deleteId = handle.deleteId();
      let id = session.id;
      const expires = expiresFor(cookie, options);
      if (deleteId) await storeCall('delete', deleteId, () => store.delete(deleteId));
      if (id) await storeCall('update', id, () => store.update(id, record, expires));
      else id = await storeCall('create', '', () => store.create(record, expires));
      const setCookie = await cookie.serialize(id, options);
      session[releaseSession]();
      return setCookie;
    },

    async destroySession(session, options) {
      checkSession(session);
      const handle = session[sessionHandle]();
      const ids = new Set([handle.id(), handle.deleteId()].filter(Boolean));
      for (const id of ids) await storeCall('delete', id, () => store.delete(id));
      const setCookie = await destroyCookie(options);
      session[releaseSession]();
      return setCookie;
    },
  };
}
