// Sessions "twins": two Session objects read from one cookie in one request (React Router runs a page's loaders
// at once, and each may call getSession). One may commit the device's regenerateId while the other asks for
// revokeUserSessions(user, { except: itself }) or listUserSessions(user, { current: itself }); the second still
// names the ID both were read under. So, per storage:
// - a revocation or listing naming a session waits for the commits of its twins under way, and a commit waits for
//   the revocations and listings of its twins under way (the order they were called in, never a cycle: each waits
//   only for what was called before it);
// - a commit that moved a session to a new ID is remembered for a while, and a twin read before it is taken to
//   go by that ID now.
// Regression (review): the revocation kept the ID the rotation left and ended the new one: the device signed
// itself out.
import { LATE_COMMIT_GRACE_MS } from './lifetime.js';
import { readMark } from './recent-deletes.js';

/** What waits for what: a commit for the listings and revocations called before it, and those for the commits. */
export const COMMIT = 'commit';
export const USERS = 'users';

/** The most moves remembered; past it (or past a minute, a request's grace) the oldest are forgotten. */
const MAX_REMEMBERED = 10_000;

const settledOf = (promise) => promise.then(
  () => {},
  () => {},
);

export function twinSessions() {
  /** ID -> { [COMMIT]?: Promise, [USERS]?: Promise }: what is under way for sessions read under it (never rejects). */
  const underWay = new Map();
  /** ID left -> { id, at: a recent-deletes.js mark, time }: the ID a commit moved a session read under it to. */
  const moves = new Map();

  return {
    /**
     * Runs `run` once what twins read under `id` must do first has settled: for a COMMIT, their USERS calls
     * under way, and for a USERS call, their commits. `after` (or undefined) is what else it waits for.
     * @template T
     * @param {string | undefined} id the ID the session was read under (no twins without one)
     * @param {typeof COMMIT | typeof USERS} kind
     * @param {Promise<void> | undefined} after
     * @param {() => Promise<T>} run
     * @returns {Promise<T>}
     */
    inTurn(id, kind, after, run) {
      const twins = id ? underWay.get(id)?.[kind === COMMIT ? USERS : COMMIT] : undefined;
      const waits = after && twins ? Promise.all([after, twins]) : (after ?? twins);
      const turn = waits ? waits.then(run, run) : run();
      if (id) {
        const entry = underWay.get(id) ?? {};
        const chain = entry[kind] ? Promise.all([entry[kind], settledOf(turn)]).then(() => {}) : settledOf(turn);
        entry[kind] = chain;
        underWay.set(id, entry);
        chain.then(() => {
          if (entry[kind] !== chain) return;
          delete entry[kind];
          if (entry[COMMIT] === undefined && entry[USERS] === undefined && underWay.get(id) === entry) underWay.delete(id);
        });
      }
      return turn;
    },

    /** Notes that a commit moved the session read under `from` to the ID `to` (a regenerateId). */
    moved(from, to) {
      const now = Date.now();
      moves.delete(from);
      moves.set(from, { id: to, at: readMark(), time: now });
      for (const [old, { time }] of moves) {
        if (time > now - LATE_COMMIT_GRACE_MS && moves.size <= MAX_REMEMBERED) break;
        moves.delete(old);
      }
    },

    /** The ID a session read under `id` at the mark `readAt` goes by now: `id`, or where commits since moved it. */
    currentId(id, readAt) {
      if (readAt === undefined) return id;
      const seen = new Set([id]);
      for (let move = moves.get(id); move !== undefined && move.at > readAt && !seen.has(move.id); move = moves.get(move.id)) {
        id = move.id;
        seen.add(id);
      }
      return id;
    },
  };
}
