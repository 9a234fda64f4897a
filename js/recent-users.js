// The user each record was last committed with by this isolate's storages, per backend, marked in recent-deletes.js's
// sequence. Two Session objects of one cookie (the request's own and one read again with getSession, or two
// requests of one browser) each know the user they read: a commit through the one that read before the other's
// sign-in leaves that user's index entry when it writes the record without that user (id-storage.js userAtRead).
import { LATE_COMMIT_GRACE_MS } from './lifetime.js';
import { perBackend } from './per-backend.js';
import { readMark } from './recent-deletes.js';

/** The most records remembered per backend: past it the oldest are forgotten (as after the grace). */
export const MAX_REMEMBERED = 10_000;
/** Backend -> Map(id -> { user, at, time }), oldest first. */
const notesOf = perBackend(() => new Map());

/** Notes that a commit wrote the record `id` of `backend` with `user` (undefined: none): the note's mark. */
export function noteCommittedUser(backend, id, user) {
  const notes = notesOf(backend);
  const now = Date.now();
  const at = readMark();
  notes.delete(id);
  notes.set(id, { user, at, time: now });
  for (const [old, { time }] of notes) {
    if (time > now - LATE_COMMIT_GRACE_MS && notes.size <= MAX_REMEMBERED) break;
    notes.delete(old);
  }
  return at;
}

/** The note ({ user }) of the record `id` of `backend`'s last commit after the mark `mark`, if this isolate knows. */
export function committedSince(backend, id, mark) {
  const note = mark === undefined ? undefined : notesOf(backend).get(id);
  return note !== undefined && note.at > mark ? note : undefined;
}

/** The user the record `id` of `backend` was last committed with here, if this isolate still knows. */
export function lastCommittedUser(backend, id) {
  return notesOf(backend).get(id)?.user;
}
