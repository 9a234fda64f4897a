// Type-checked by `npm test` (tsc): each error class's `code` is typed as the codes README "Errors" gives it, so a
// check of a code its class never has is refused and a switch over a class's codes is exhaustive. Regression (API
// pass): every class's code was the whole EdgeSessionErrorCode union.
import {
  CookieOptionError,
  CookieTooLargeError,
  EdgeSessionError,
  SessionDataError,
  SessionDestroyedError,
  SessionStorageError,
  type CookieTooLargeErrorCode,
  type EdgeSessionErrorCode,
  type SessionStorageErrorCode,
} from 'edge-session';

export function overflowCode(error: CookieTooLargeError): 'COOKIE_TOO_LARGE' | 'SEVERAL_COOKIES' {
  return error.code;
}

export function storageAnswer(error: SessionStorageError): number {
  switch (error.code) {
    case 'STORAGE_FAILED':
    case 'SESSION_CHANGED':
    case 'SESSION_OPEN':
    case 'SESSION_REVOKED':
      return 503;
    case 'INVALID_SESSION_ID':
      return 500;
    default: {
      const none: never = error.code;
      return none;
    }
  }
}

export function described(error: unknown): string {
  if (error instanceof SessionDestroyedError) {
    const code: 'SESSION_DESTROYED' = error.code;
    return code;
  }
  if (error instanceof SessionDataError) {
    // @ts-expect-error: SESSION_DESTROYED is SessionDestroyedError's, never SessionDataError's
    if (error.code === 'SESSION_DESTROYED') return 'never';
    return error.code === 'INVALID_USER_ID' || error.code === 'SESSION_ENDED' ? error.code : 'data';
  }
  if (error instanceof CookieOptionError) {
    // @ts-expect-error: an overflow is CookieTooLargeError's
    if (error.code === 'COOKIE_TOO_LARGE') return 'never';
    return error.code;
  }
  // The base class: any code, the three it alone has included.
  if (error instanceof EdgeSessionError) return error.code === 'CORE_RESET' || error.code === 'WASM_NOT_FOUND' ? 'reload' : error.code;
  return '';
}

// Every class's codes are EdgeSessionErrorCode's; a class is made with its own codes only.
export const codes: EdgeSessionErrorCode[] = [new CookieTooLargeError('SEVERAL_COOKIES', 'x').code, 'INTERNAL'];
export const typed: [CookieTooLargeErrorCode, SessionStorageErrorCode] = ['COOKIE_TOO_LARGE', 'SESSION_OPEN'];
// @ts-expect-error: STORAGE_FAILED is SessionStorageError's
new CookieOptionError('STORAGE_FAILED', 'x');
