// One-time warnings for risky but legal configurations, as React Router gives.
import { CookieTooLargeError, SessionDataError } from './errors.js';

const warned = new Set();

function warnOnce(key, message) {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(message);
}

/** Unsigned session cookies can be forged by any client. */
export function warnIfUnsigned(cookie) {
  if (!cookie.isSigned) {
    warnOnce(`unsigned:${cookie.name}`, `edge-session: the "${cookie.name}" cookie is not signed, so clients can forge its sessions. Pass secrets: [...] to sign it.`);
  }
}

const warnedTooLarge = new WeakSet(); // storages

/**
 * True for the error of a write too large to make: a cookie past 4096 bytes, or a record past 512 KiB once its
 * times are added (a record another program wrote near the limit). A write made only to renew, re-sign, seal or
 * migrate the session leaves it as it is then (warnRewriteTooLarge).
 */
export function isTooLargeToWrite(error) {
  return (error instanceof CookieTooLargeError && error.code === 'COOKIE_TOO_LARGE') || (error instanceof SessionDataError && error.code === 'VALUE_TOO_LARGE');
}

/**
 * A session written only to renew, re-sign, seal, migrate it or clear a flash that arrived no longer fits its cookie
 * or its record (a near-4 KB cookie of another library, written anew in this storage's name and format; a record near
 * 512 KiB another program wrote without times): it is left as the browser and the store hold it. Once per storage.
 */
export function warnRewriteTooLarge(storage, error) {
  if (warnedTooLarge.has(storage)) return;
  warnedTooLarge.add(storage);
  console.warn(
    `edge-session: a session was left as the browser holds it, not renewed, re-signed, sealed or migrated, because written anew it would not fit (${error.message}). Give a cookie storage chunks: N, or keep less in the session.`,
  );
}
