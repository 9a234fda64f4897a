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

/**
 * A migrateFrom cookie without secrets: any client can write one, and the migration makes it a session of ours, signed.
 * Its own message: that cookie is only read, never written, so "sign it" was no advice (observability pass).
 */
export function warnIfUnsignedMigration(cookie) {
  if (!cookie.isSigned) {
    warnOnce(
      `unsigned-migration:${cookie.name}`,
      `edge-session: migrateFrom's "${cookie.name}" cookie is not signed (no secrets), so any client can forge one and have it migrated into a signed session of ours. Give it the secrets its cookies were signed with; if they never were, drop migrateFrom rather than trust them.`,
    );
  }
}

/**
 * A file storage directory every local user may write in (o+w, as /tmp): any of them can block a session for good
 * (a lock file of its name, which a sticky directory keeps from the server's delete: its user can no longer log
 * out), or, in a directory without the sticky bit, replace a session's file by one of their own. Warned once per
 * directory rather than refused: it is the deployer's to fix (chmod 700), and the storage makes no such directory.
 */
export function warnIfWritableByAnyone(dir) {
  warnOnce(
    `writable-dir:${dir}`,
    `edge-session: the file storage's directory "${dir}" is writable by every local user, who can then block or change its sessions. Make it the server user's only (chmod 700), or give the storage a directory of its own.`,
  );
}

/** Fewer characters than this in a secret can be guessed offline from any one cookie: iron-session's and h3's minimum. */
export const MIN_SECRET_LENGTH = 32;

/**
 * Secrets a holder of one cookie can guess offline (its value and HMAC, or a sealed value of a known shape, test
 * every guess), after which any session can be signed or sealed. Taken, as React Router takes them, with a warning
 * once per cookie name. The secret itself is never shown.
 */
export function warnIfShortSecrets(name, secrets) {
  const short = secrets.findIndex((secret) => secret.length < MIN_SECRET_LENGTH);
  if (short === -1) return;
  warnOnce(
    `short-secret:${name}`,
    `edge-session: the "${name}" cookie's secrets[${short}] is ${secrets[short].length} characters: anyone holding one of its cookies can guess a short secret offline and then sign or seal any session. Use at least ${MIN_SECRET_LENGTH} random characters (openssl rand -base64 32).`,
  );
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
 * What to do about a session too large to write, for the log of the 500 it gets (the error states only the sizes):
 * '' for any other error.
 */
export function tooLargeAdvice(error) {
  if (!isTooLargeToWrite(error)) return '';
  return error instanceof CookieTooLargeError
    ? 'Keep less in the session, spread it over several cookies (the cookie storage\'s chunks: N, up to 16), or keep it on the server (Workers KV, Durable Objects).'
    : 'Keep less in the session: a stored record holds at most 512 KiB of JSON.';
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

/**
 * A session changed after the handler's own commit of it: the lifecycle writes nothing more for a session the handler
 * committed (issue 11: exactly one Set-Cookie, the handler's), so that change never reaches the browser or the store,
 * though `dirty` says it is there. Once per isolate: a handler that does it does it on every such request. Found by
 * a blind reading of the README, whose reader expected the change written.
 */
export function warnChangeAfterHandCommit() {
  warnOnce(
    'change-after-hand-commit',
    "edge-session: a session was changed after the handler's own commitSession of it. withSession and the middlewares write nothing more for a session the handler committed, so this change is not saved: commit again after the last change, or leave the commit to them.",
  );
}
