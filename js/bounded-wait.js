// A wait for another operation that gives up after a while, and the sweep of lines left by such operations: an
// isolate's lines of writes (js/kv-keys.js, js/callback-user-store.js) wait for the one before, and a call that
// never settles (its request cancelled mid-write: the client went away, the runtime took it for hung) must not hold
// the ones after it, nor its line's memory, for good.

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

/** Past this many lines a map holds, a new line looks for hung ones (at most once a second). */
const LINES_SWEPT_PAST = 1000;
/** A line whose last operation joined longer ago than this is hung: a settling one is long over. */
const LINE_FORGOTTEN_MS = 60_000;

/**
 * A sweep for one kind of line: `sweep(lines)`, called when a new line is made, drops from the map `lines` (key ->
 * { joinedAt, ... }) those whose last operation joined over LINE_FORGOTTEN_MS ago, once it holds LINES_SWEPT_PAST
 * of them, and at most once a second (a busy isolate may hold as many live ones; a clock set back looks again).
 * A line is otherwise forgotten by its last operation when it settles, which one that never settles never does.
 */
export function hungLineSweep() {
  let lastLook = 0;
  return function sweep(lines) {
    if (lines.size < LINES_SWEPT_PAST) return;
    const now = Date.now();
    if (now >= lastLook && now - lastLook < 1000) return;
    lastLook = now;
    for (const [key, line] of lines) if (line.joinedAt < now - LINE_FORGOTTEN_MS) lines.delete(key);
  };
}
