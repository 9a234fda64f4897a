// One-time warnings for risky but legal configurations, as React Router gives.
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
 * A session written only to renew, re-sign, seal or migrate it no longer fits its cookie (a near-4 KB cookie of
 * another library, written anew in this storage's name and format): it is left as the browser holds it. Once
 * per storage.
 */
export function warnRewriteTooLarge(storage, error) {
  if (warnedTooLarge.has(storage)) return;
  warnedTooLarge.add(storage);
  console.warn(
    `edge-session: a session was left as the browser holds it, not renewed, re-signed, sealed or migrated, because written anew it would not fit (${error.message}). Give the storage chunks: N, or keep less in the session.`,
  );
}
