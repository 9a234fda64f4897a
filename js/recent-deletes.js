// The records this isolate's storages deleted lately, per backend, numbered in one sequence with the reads and
// writes: a write of a session read (or last written) before another's delete of its record is refused, as a
// logout. A request still running when another logged the session out wrote it back otherwise, on stores whose
// writes cannot say "only while it is still there" (Workers KV, createSessionStorage's callbacks); the other stores
// check that themselves as well.
import { LATE_COMMIT_GRACE_MS } from './lifetime.js';
import { perBackend } from './per-backend.js';

/** The most deletes remembered per backend: past it the oldest are forgotten (and deletedSince says it cannot tell). */
const MAX_REMEMBERED = 10_000;
let sequence = 0;
/** A backend's deletes: `notes`, id -> its last note; `forgotten`, the newest mark of a note dropped. */
const deletesOf = perBackend(() => ({ notes: new Map(), forgotten: 0 }));

/** True when `note` is of a delete by `who` (undefined: the storage's own). */
function madeBy(note, who) {
  return note.by?.deref() === who;
}

/** A number of the sequence, to mark a read or a write with: taken before the store is asked. */
export function readMark() {
  return ++sequence;
}

/**
 * Notes that `id` of `backend` is being deleted by `by` (the Session whose commit or logout deletes it; undefined
 * for a storage's own: an eviction, a revocation), and deletes it with `remove()`: a write of it read before this,
 * by any other, is then refused. Should the delete fail, the note is taken back (the record is still there).
 */
export async function deleteNoted(backend, id, by, remove) {
  const deletes = deletesOf(backend);
  const before = deletes.notes.get(id);
  const now = Date.now();
  // The last note by anyone but this one's deleter is kept beside it: a session's own delete (a later commit of
  // the request deleting the ID it leaves) does not hide another's logout from it. Only its `at` is read.
  const other = before === undefined ? undefined : madeBy(before, by) ? before.other : before;
  if (other !== undefined) other.other = undefined;
  // Held weakly: a note outlives its request by up to a minute, and a Session holds its data.
  const note = { at: ++sequence, time: now, by: by && new WeakRef(by), other };
  deletes.notes.delete(id);
  deletes.notes.set(id, note);
  // Oldest first: those past the grace a late commit has (lifetime.js), or past the cap, are forgotten; a mark
  // older than them cannot tell (deletedSince). Regression (review): a request running past 60 s wrote a logged-out
  // session back once a later delete had pruned the note.
  for (const [old, { at, time }] of deletes.notes) {
    if (time > now - LATE_COMMIT_GRACE_MS && deletes.notes.size <= MAX_REMEMBERED) break;
    deletes.notes.delete(old);
    deletes.forgotten = Math.max(deletes.forgotten, at);
  }
  try {
    const removed = await remove();
    // Numbered again once the store has deleted it: a read asked before then may have found the record still
    // there. Regression (review): in workerd, a read sent while the logout's delete was on its way was marked
    // after the note, and its request wrote the session back.
    note.at = ++sequence;
    return removed;
  } catch (error) {
    if (deletes.notes.get(id) === note) {
      deletes.notes.delete(id);
      if (before !== undefined) deletes.notes.set(id, before);
    }
    throw error;
  }
}

/**
 * Whether `id` of `backend` was deleted from this isolate after the mark `mark` by anyone but `self` (a Session):
 * true, false, or undefined when notes newer than `mark` were forgotten (the store is to be asked).
 */
export function deletedSince(backend, id, mark, self) {
  if (mark === undefined) return false;
  const deletes = deletesOf(backend);
  const note = deletes.notes.get(id);
  if (note !== undefined && ((madeBy(note, self) ? note.other?.at : note.at) ?? 0) > mark) return true;
  return deletes.forgotten > mark ? undefined : false;
}
