// A session's first rewrite in a burst stands for the others within its storage's window (lifetime.js
// rewriteWindowOf): what this isolate rewrote lately, per storage, so that a burst of requests carrying one
// session renews it once (issue 11: at most once per touchInterval). Used by the request lifecycle and by the
// cookie storage's Remix save, which no lifecycle of ours wraps.

const rewrites = new WeakMap(); // storage -> { times: Map(session key -> Date.now() of its last write here), chars, forgottenAt }

// What the window remembers per storage, at most: entries, and characters of keys (a cookie session's key is its
// Cookie header, up to 64 KiB). Past either the oldest are forgotten, and `forgottenAt` keeps the newest time of
// those: a renewal of a session read before then cannot tell whether its key was among them, and is not made (the
// next request renews it). Regression (long-lived isolate pass): the window was cleared whole once full, and other
// clients' requests (18 of an attacker's stale cookie beside 60 KB of junk, or a thousand visitors' writes) cleared
// the note of a logout, so a slow page's renewal signed the logged-out browser in again (or, on KV, put back the
// session over a change made since its read). A missed entry within the window proper costs one more renewal write.
const MAX_REMEMBERED = 1000;
const MAX_REMEMBERED_CHARS = 1024 * 1024;

/**
 * Claims the rewrite of the session `key` names (its ID, or its cookie) for this request: false when this isolate
 * wrote it within `windowMs` (that write stands for this one), or since `readAt` (Date.now() before this request
 * read it: a rewrite, which writes the session as read, would undo that write's change; its own times are as new),
 * or may have (notes made since `readAt` were forgotten), else true, noted before the write, as the burst's other
 * requests arrive while it runs (forgetRewrite when it fails). Regression (lifetime model audit): a slow page view's
 * renewal, past the window, put back the record another request of the session had changed meanwhile, and that
 * change was lost.
 */
export function claimRewrite(storage, key, windowMs, readAt = Infinity) {
  const remembered = rewrites.get(storage);
  const at = remembered?.times.get(key);
  if (at !== undefined && (Date.now() - at < windowMs || at >= readAt)) return false;
  if (at === undefined && remembered !== undefined && remembered.forgottenAt >= readAt) return false;
  rememberRewrite(storage, key);
  return true;
}

/** Notes a write of the session `key` names, now: claimed before the write, as a burst's others arrive meanwhile. */
export function rememberRewrite(storage, key) {
  let remembered = rewrites.get(storage);
  if (!remembered) rewrites.set(storage, (remembered = { times: new Map(), chars: 0, forgottenAt: -Infinity }));
  const { times } = remembered;
  if (times.delete(key)) remembered.chars -= key.length; // set again last: the map stays oldest first
  times.set(key, Date.now());
  remembered.chars += key.length;
  for (const [old, at] of times) {
    if (times.size <= MAX_REMEMBERED && remembered.chars <= MAX_REMEMBERED_CHARS) break;
    times.delete(old);
    remembered.chars -= old.length;
    remembered.forgottenAt = Math.max(remembered.forgottenAt, at);
  }
}

/** Forgets a claim whose write failed: the next request tries again. */
export function forgetRewrite(storage, key) {
  const remembered = rewrites.get(storage);
  if (remembered?.times.delete(key)) remembered.chars -= key.length;
}
