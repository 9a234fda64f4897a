// A session's first rewrite in a burst stands for the others within its storage's window (lifetime.js
// rewriteWindowOf): what this isolate rewrote lately, per storage, so that a burst of requests carrying one
// session renews it once (issue 11: at most once per touchInterval). Used by the request lifecycle and by the
// Remix v3 save() of the cookie storage (remix-storage.js) and of the server-side storages (id-storage.js), which no
// lifecycle of ours wraps.
import { readMark } from './recent-deletes.js';

const rewrites = new WeakMap(); // storage -> { times: Map(kept key -> { at: Date.now(), mark: readMark() of its last write here }), forgottenMark }

// Which came first, a read or a note, is told by the isolate's sequence of reads and writes (recent-deletes.js
// readMark), not by the clock: a note made after a read but stamped earlier (the clock stepped back between them: an
// NTP step on a Node server) was taken for one made before it, and a slow page's renewal answered after a logout
// signed the browser in again. Regression (s51 lifetime pass).

// What the window remembers per storage, at most. Past it the oldest are forgotten, and `forgottenMark` keeps the
// newest mark of those: a renewal of a session read before then cannot tell whether its key was among them, and is
// not made (the next request renews it). Regression (long-lived isolate pass): the window was cleared whole once
// full, and other clients' requests (a thousand visitors' writes) cleared the note of a logout, so a slow page's
// renewal signed the logged-out browser in again (or, on KV, put back the session over a change made since its read).
const MAX_REMEMBERED = 1000;

// Keys longer than this are kept as their length, head and tail: a cookie session's key is what its client sent (up
// to 64 KiB). Kept whole under a bound of 1 MiB of keys, 17 of any client's requests (a distinct junk pair under the
// session cookie's name each) forgot it all and moved `forgottenMark` past the read of every request in flight, whose
// renewals were then refused: kept up, no user of the isolate was renewed, each signed out at idleTimeout while
// active (adversarial pass). A signed or sealed cookie ends with its signature or tag, so two sessions' keys do not
// meet; two keys that do only make a renewal wait for the next request (a note found where none was made), never a
// renewal made that a note should have stopped.
const MAX_VERBATIM_KEY = 160;

/** `key` as the window keeps it: itself when short (a stored session's ID), else its length, head and tail. */
function keptKey(key) {
  return key.length <= MAX_VERBATIM_KEY ? key : `\0${key.length}:${key.slice(0, 32)}:${key.slice(-96)}`;
}

/**
 * Claims the rewrite of the session `key` names (its ID, or its cookie) for this request: false when this isolate
 * wrote it within `windowMs` (that write stands for this one), or since `mark` (readMark() before this request read
 * it: a rewrite, which writes the session as read, would undo that write's change; its own times are as new), or may
 * have (notes made since `mark` were forgotten), else true, noted before the write, as the burst's other requests
 * arrive while it runs (forgetRewrite when it fails). Regression (lifetime model audit): a slow page view's renewal,
 * past the window, put back the record another request of the session had changed meanwhile, and that change was lost.
 */
export function claimRewrite(storage, key, windowMs, mark = Infinity) {
  key = keptKey(key);
  const remembered = rewrites.get(storage);
  const note = remembered?.times.get(key);
  if (note !== undefined && (Date.now() - note.at < windowMs || note.mark > mark)) return false;
  if (note === undefined && remembered !== undefined && remembered.forgottenMark > mark) return false;
  return remember(storage, key);
}

/**
 * Notes a write of the session `key` names, now: claimed before the write, as a burst's others arrive meanwhile.
 * Returns the claim, for forgetRewrite should the write fail.
 */
export function rememberRewrite(storage, key) {
  return remember(storage, keptKey(key));
}

function remember(storage, key) {
  let remembered = rewrites.get(storage);
  if (!remembered) rewrites.set(storage, (remembered = { times: new Map(), forgottenMark: -Infinity }));
  const { times } = remembered;
  const before = times.get(key);
  const previous = before === undefined ? undefined : { at: before.at, mark: before.mark };
  times.delete(key); // set again last: the map stays oldest first
  const note = { at: Date.now(), mark: readMark() };
  times.set(key, note);
  for (const [old, { mark }] of times) {
    if (times.size <= MAX_REMEMBERED) break;
    times.delete(old);
    remembered.forgottenMark = Math.max(remembered.forgottenMark, mark);
  }
  return { key, note, previous };
}

/**
 * Gives back a claim (claimRewrite, rememberRewrite) whose write failed: the next request tries again. The note it
 * replaced comes back (a change or a logout written before, which a slower request's renewal must still not undo),
 * and a note made since it stays. Regression (adversarial pass): the key's note was deleted, and a slow page read
 * before a change renewed the session as it had read it over that change once any renewal between failed.
 */
export function forgetRewrite(storage, claim) {
  const times = rewrites.get(storage)?.times;
  if (claim === undefined || times?.get(claim.key) !== claim.note) return; // forgotten already, or noted again since
  if (claim.previous === undefined) times.delete(claim.key);
  else Object.assign(claim.note, claim.previous);
}
