// Session "twins": Session objects read from one cookie (React Router runs a page's loaders at once, and each may
// call getSession). One may commit while another is the `except` of revokeUserSessions or the `current` of
// listUserSessions. So, per storage, by the ID they were first read under: a revocation or listing waits for the
// twins' commits called before it, and a commit waits for the twins' commits, revocations and listings called
// before it (twinsBefore; each waits only for what was called before it: never a cycle). A commit called after a
// revocation then finds it made, and a session it kept is signed in anew (id-storage.js writeSession). Regression
// (review): a twin's regenerateId(true) committed while the revocation ran was written signed in before it, and
// ended with the rest.
//
// A rotation a twin committed before the revocation is not followed: a revocation names the session by the ID
// its `except` was read under, and the new ID, which another request holding a copy of the cookie may have made,
// ends with the others (README).

import { waitAtMost } from './bounded-wait.js';

/**
 * How long a twin's call waits for what it must follow. One that never settles (its request cancelled mid-call:
 * the client went away, the runtime took it for hung) must not hold the twins' later commits, listings and
 * revocations for good; past this they go on, as another isolate's would. Longer than the per-key lines' 5 s: a
 * revocation ends up to 100 sessions, each a store call. Regression (audit): a revocation whose request was
 * cancelled while it deleted a session left every later commit of a session read from its `except`'s cookie
 * waiting for good.
 */
export const TWIN_WAIT_MS = 10_000;

/**
 * What waits for what: a commit for the commits, listings and revocations called before it, those for the commits
 * and logouts, and a logout for the listings and revocations only (twinsBefore).
 */
export const COMMIT = 'commit';
export const USERS = 'users';
export const LOGOUT = 'logout';

/**
 * What a call of `kind` waits for among what its twins have under way (`entry`): a USERS call, their commits; a
 * commit, their USERS calls and their commits too. Commits of twins run one after another, each after the twin's
 * commit called before it: the later one knows what the earlier wrote (the user it signed in: recent-users.js).
 * Regression (user-index model audit): two loaders' sign-ins of two users committed at once left the one ID listed
 * under both, and a sign-out beside another loader's rewrite left a signed-in record unlisted.
 *
 * A logout waits for their USERS calls only: it ends the session whatever they write (recent-deletes.js), and one
 * made while another request's write is refused and retried (Workers KV) is not held back by it. So does a commit
 * where the store orders a session's requests itself (`inLine`: Durable Objects' leases), since a twin of another
 * request holds the lease the earlier twin's call waits for in the object's line. Regression (user-index model on
 * Durable Objects): the two requests waited for each other 10 s, then the later one's commit failed as lapsed.
 */
function twinsBefore(entry, kind, inLine) {
  if (entry === undefined) return [];
  if (kind === USERS) return [...entry[COMMIT]];
  if (kind === LOGOUT || inLine) return [...entry[USERS]];
  return [...entry[USERS], ...entry[COMMIT]];
}

/**
 * The turns of one storage's twins.
 * @param {{ inLine?: boolean }} [options] `inLine`: the store orders a session's requests itself (leases)
 */
export function twinSessions({ inLine = false } = {}) {
  /**
   * ID -> { [COMMIT]: Set<Promise>, [USERS]: Set<Promise> }: the turns under way for sessions read under it, each
   * bounded by TWIN_WAIT_MS (never rejects), each dropped once settled.
   *
   * Each promise kept here is made by the request whose turn it is, and settles while that request still waits for
   * its turn: never one made by a request that may be over before it settles. In workerd, a promise resolved from
   * another request's context once the request that made it is over never settles: its continuations are
   * cancelled ("A promise was resolved or rejected from a different request context than the one it was created
   * in..."; compatibility flag handle_cross_request_promise_resolution). Regression (randomized concurrency pass on
   * Workers KV): the turns were chained, each a Promise.all of the chain before it and its own turn, made by its
   * request; a logout (which waits for no commit) answered while a sign-in's commit it was chained after still ran,
   * that chain then never settled, and every later commit of the cookie waited out TWIN_WAIT_MS (10 s).
   */
  const underWay = new Map();

  return {
    /**
     * Runs `run` once what twins read under `id` must do first has settled (twinsBefore). `after` (or undefined)
     * is what else it waits for.
     * @template T
     * @param {string | undefined} id the ID the session was first read under (no twins without one)
     * @param {typeof COMMIT | typeof USERS | typeof LOGOUT} kind what the call is (a LOGOUT is waited for as a COMMIT)
     * @param {Promise<void> | undefined} after
     * @param {() => Promise<T>} run
     * @returns {Promise<T>}
     */
    inTurn(id, kind, after, run) {
      // Made here, by the request that waits for it (see underWay).
      const waits = id ? twinsBefore(underWay.get(id), kind, inLine) : [];
      if (after) waits.push(after);
      const turn = waits.length > 0 ? waitAtMost(Promise.all(waits), TWIN_WAIT_MS).then(run) : run();
      if (id) {
        const key = kind === LOGOUT ? COMMIT : kind;
        let entry = underWay.get(id);
        if (entry === undefined) underWay.set(id, (entry = { [COMMIT]: new Set(), [USERS]: new Set() }));
        // What later calls wait for: this turn, for at most TWIN_WAIT_MS. Regression (audit): chained whole, a turn
        // that never settled stayed in every later chain of the ID, and each later call waited the full bound.
        const mine = waitAtMost(turn, TWIN_WAIT_MS);
        entry[key].add(mine);
        mine.then(() => {
          entry[key].delete(mine);
          if (entry[COMMIT].size === 0 && entry[USERS].size === 0 && underWay.get(id) === entry) underWay.delete(id);
        });
      }
      return turn;
    },
  };
}
