// A wait for another operation that gives up after a while: an isolate's lines of writes (js/kv-keys.js,
// js/callback-user-store.js) wait for the one before, and a call that never settles (its request cancelled
// mid-write: the client went away, the runtime took it for hung) must not hold the ones after it for good.

/**
 * Resolves when `promise` settles, to true, or after `ms`, to false, whichever comes first (the timer cleared).
 * Never rejects: the operation waited for answers its own caller.
 * @param {Promise<unknown>} promise
 * @param {number} ms
 */
export async function waitAtMost(promise, ms) {
  let timer;
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, ms, false)))]);
  } finally {
    clearTimeout(timer);
  }
}
