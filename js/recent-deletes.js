// The records this isolate's storages deleted lately, per backend, numbered in one sequence with the reads: a write
// of a session read before such a delete of its record is refused, as a logout. A request still running when
// another logged the session out wrote it back otherwise, on stores whose writes cannot say "only while it is
// still there" (Workers KV, createSessionStorage's callbacks); the other stores check that themselves as well.
import { LATE_COMMIT_GRACE_MS } from './lifetime.js';

/** The most deletes remembered per backend: past it the oldest are forgotten (a missed one is the race as before). */
const MAX_REMEMBERED = 10_000;
let sequence = 0;
const byObject = new WeakMap(); // backend (a store's object or function) -> Map<id, { at, time }>
const byName = new Map(); // backend given by name (a directory's real path) -> the same

function deletesOf(backend) {
  const maps = typeof backend === 'object' || typeof backend === 'function' ? byObject : byName;
  let map = maps.get(backend);
  if (map === undefined) maps.set(backend, (map = new Map()));
  return map;
}

/** A number of the sequence, to mark a read with. */
export function readMark() {
  return ++sequence;
}

/**
 * Notes that `id` of `backend` is being deleted (a write of it read before this is then refused). Returns what
 * takes the note back, should the delete fail: the record is still there.
 */
export function noteDelete(backend, id) {
  const deletes = deletesOf(backend);
  const before = deletes.get(id);
  const now = Date.now();
  const note = { at: ++sequence, time: now };
  deletes.delete(id);
  deletes.set(id, note);
  // Oldest first: those past the grace a late commit has (lifetime.js), or past the cap, are forgotten.
  for (const [old, { time }] of deletes) {
    if (time > now - LATE_COMMIT_GRACE_MS && deletes.size <= MAX_REMEMBERED) break;
    deletes.delete(old);
  }
  return () => {
    if (deletes.get(id) !== note) return;
    deletes.delete(id);
    if (before !== undefined) deletes.set(id, before);
  };
}

/** True when `id` of `backend` was deleted from this isolate after the read marked `mark`. */
export function deletedSince(backend, id, mark) {
  return mark !== undefined && (deletesOf(backend).get(id)?.at ?? 0) > mark;
}
