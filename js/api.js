// What every runtime entry exports.
export { createCookie, isCookie } from './cookie.js';
export { createCookieSessionStorage } from './cookie-storage.js';
export { createSessionStorage, isSafeSessionId } from './session-storage.js';
export { createMemorySessionStorage } from './memory-storage.js';
export { createWorkersKVSessionStorage } from './kv-storage.js';
export { createSession, isSession } from './session.js';
export { withSession } from './with-session.js';
export { csrfToken } from './csrf-token.js';
export { FLASH_SEVERITIES, KEPT_FORM_MAX_BYTES, flashError, flashInfo, flashMessage, flashSuccess, flashWarning, getFlash, getFlashMessages, getKeptForm, keepForm } from './flash.js';
export {
  EdgeSessionError,
  CookieOptionError,
  CookieTooLargeError,
  SessionDestroyedError,
  SessionDataError,
  SessionStorageError,
} from './errors.js';
