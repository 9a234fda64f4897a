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
