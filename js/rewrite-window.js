// A session's first rewrite in a burst stands for the others within its storage's window (lifetime.js
// rewriteWindowOf): what this isolate rewrote lately, per storage, so that a burst of requests carrying one
// session renews it once (issue 11: at most once per touchInterval). Used by the request lifecycle and by the
// cookie storage's Remix save, which no lifecycle of ours wraps.

const rewrites = new WeakMap(); // storage -> { times: Map(session key -> Date.now() of its last write here), chars }

// What the window remembers per storage, at most: entries, and characters of keys (a cookie session's key is its
// Cookie header, up to 64 KiB). Past either it starts again: a missed entry costs one more renewal write, never a
// wrong answer.
const MAX_REMEMBERED = 1000;
const MAX_REMEMBERED_CHARS = 1024 * 1024;

/**
 * Claims the rewrite of the session `key` names (its ID, or its cookie) for this request: false when this isolate
 * wrote it within `windowMs` (that write stands for this one), or since `readAt` (Date.now() before this request
 * read it: a rewrite, which writes the session as read, would undo that write's change; its own times are as new),
 * else true, noted before the write, as the burst's other requests arrive while it runs (forgetRewrite when it
 * fails). Regression (lifetime model audit): a slow page view's renewal, past the window, put back the record
 * another request of the session had changed meanwhile, and that change was lost.
 */
export function claimRewrite(storage, key, windowMs, readAt = Infinity) {
  const at = rewrites.get(storage)?.times.get(key);
  if (at !== undefined && (Date.now() - at < windowMs || at >= readAt)) return false;
  rememberRewrite(storage, key);
  return true;
}

/** Notes a write of the session `key` names, now: claimed before the write, as a burst's others arrive meanwhile. */
export function rememberRewrite(storage, key) {
  let remembered = rewrites.get(storage);
  if (!remembered) rewrites.set(storage, (remembered = { times: new Map(), chars: 0 }));
  if (remembered.times.size >= MAX_REMEMBERED || remembered.chars + key.length > MAX_REMEMBERED_CHARS) {
    remembered.times.clear();
    remembered.chars = 0;
  }
  if (!remembered.times.has(key)) remembered.chars += key.length;
  remembered.times.set(key, Date.now());
}

/** Forgets a claim whose write failed: the next request tries again. */
export function forgetRewrite(storage, key) {
  rewrites.get(storage)?.times.delete(key);
}
