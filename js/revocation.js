// Where cookie sessions' revocations are kept (issue 14): the `revocation`
// option of createCookieSessionStorage, `{ kv }` or `{ namespace }`. A cookie
// cannot be deleted from the server, so each user has one record, the time
// before which their sessions' sign-ins are void; every request with a user
// looks it up (cached per isolate: js/user-sessions.js).
//
// Beside it, each sign-in is recorded (one write per sign-in and per sign-out,
// none per request), so that revokeUserSessions can say how many sessions it
// ended, as it does on the server-side storages. A sign-in is named by its
// stamp (Unix ms, unique per user in an isolate: nextStamp) and counted until its user
// signs out, it is revoked, or its session can no longer be alive.
import { CookieOptionError } from './errors.js';
import { isRecord, randomSessionId } from './internal.js';
import { scopeOf } from './per-backend.js';
import { refuseUnknownOptions } from './storage-options.js';
import { deleteWithRetries, liveKeys, putWithRetries, putOptionsUntil } from './kv-keys.js';
import { endLater, MAX_USER_SESSIONS } from './user-index.js';
import { endSessionsOf, onUserObjectOf, revocationMarkText, revocationOf, revocationOfText, userDigest } from './user-sessions.js';

/**
 * The default `keyPrefix` of `revocation: { kv }`: marks are `<keyPrefix>revoked:<sha256(userId)>`, a user's sign-ins
 * one key each, `<keyPrefix>sign-in:<sha256(userId)>:<stamp>`. That of `{ namespace }` is '': users' objects are
 * `<keyPrefix>user:<sha256(userId)>`, as the Durable Object storage names them.
 */
const DEFAULT_KV_PREFIX = 'edge-session:';
/** KV keys are at most 512 bytes: a sign-in's key adds `sign-in:`, 64 hex, `:` and its stamp (at most 16 digits). */
const MAX_KV_PREFIX_BYTES = 512 - ('sign-in:'.length + 64 + 1 + 16);
/** Sign-ins in a user's Durable Object index are named apart from the sessions a Durable Object storage lists there. */
const DO_SIGN_IN_PREFIX = 'cookie-sign-in:';

/**
 * The `exceptId` of a revocation mark that kept (`except`) the cookie sessions signed in at `stamp`: the kept
 * device's cookie from before it is void like the others, but a request that still carries it (another tab of
 * that device, in flight until the kept cookie reaches the browser) is known as that device's (cookie-storage.js
 * keptDeviceTabs). None for a session from before userKey (no sign-in time): its cookie carries no stamp to match.
 */
export const keptSignInId = (stamp) => (stamp > 0 ? DO_SIGN_IN_PREFIX + stamp : undefined);

/**
 * For the kept device's sign-in (`except`) a revocation records once made: bookkeeping, best effort as every commit's
 * record of a sign-in is (cookie-storage.js bestEffort). The revocation is made, so it resolves to its count, and the
 * kept device's response rewrites its cookie. Regression (errors-swallowed pass): a failed put or list there threw
 * STORAGE_FAILED after the mark; under withSession the handler's error committed nothing, and the device that asked to
 * stay signed in was signed out with the others.
 */
function keptSignInNotRecorded(error) {
  console.error("edge-session: the revocation store failed to record the kept device's sign-in (revokeUserSessions' count may be off):", error);
}

/**
 * For the record of the sign-ins a revocation ended, once its mark is written: bookkeeping too (the mark alone decides
 * who is signed out). Undefined: the count is then unknown (null). Regression (adversarial pass on f1e8f46): a failed
 * list or delete of the sign-in keys after the mark threw STORAGE_FAILED, and under withSession the device that asked
 * to stay signed in was signed out with the others.
 */
function endedSignInsNotRecorded(error) {
  console.error("edge-session: the revocation store failed to record the sign-ins a revocation ended (it is made; revokeUserSessions' count may be off):", error);
}

/**
 * A user's recorded sign-ins in KV: { name, stamp }, those still in force.
 * @param {KVNamespace} kv
 */
async function kvSignInsOf(kv, prefix) {
  return (await liveKeys(kv, prefix))
    .map(({ name }) => ({ name, stamp: Number(name.slice(prefix.length)) }))
    .filter(({ stamp }) => Number.isSafeInteger(stamp));
}

function kvStoreOf(kv, keyPrefix) {
  // Every write and delete in line and tried again when KV refuses it for the rate of writes to its key (one per
  // second): a revocation right after a sign-in deletes a key written within that second. Regression (review): the
  // delete was refused (429), and the revocation failed.
  const keyOf = async (userId) => `${keyPrefix}revoked:${await userDigest(userId)}`;
  const signInPrefix = async (userId) => `${keyPrefix}sign-in:${await userDigest(userId)}:`;
  // A KV stand-in with only get and put still revokes; it cannot count (revokeUserSessions then resolves to null).
  const counts = typeof kv.list === 'function' && typeof kv.delete === 'function';

  async function signIn(userId, stamp, expiresAt) {
    if (!counts) return;
    const prefix = await signInPrefix(userId);
    await putWithRetries(kv, prefix + stamp, '', putOptionsUntil(expiresAt));
    // Bounded: beyond MAX_USER_SESSIONS the oldest sign-ins are no longer counted (their sessions live on).
    const entries = await kvSignInsOf(kv, prefix);
    if (entries.length > MAX_USER_SESSIONS) {
      entries.sort((a, b) => a.stamp - b.stamp);
      await Promise.all(entries.slice(0, entries.length - MAX_USER_SESSIONS).map((entry) => deleteWithRetries(kv, entry.name)));
    }
  }

  return {
    binding: scopeOf(kv, keyPrefix),
    revocationOf: async (userId) => revocationOfText(await kv.get(await keyOf(userId))),
    async revoke(userId, at, kept) {
      const exceptId = keptSignInId(kept?.stamp);
      // Never lowered (the kept session then ends too, under a later mark: it errs towards ending).
      const earlier = revocationOfText(await kv.get(await keyOf(userId)));
      await putWithRetries(kv, await keyOf(userId), revocationMarkText(at, exceptId, earlier));
      if (!counts) return null;
      // Made: from here on the record only (endedSignInsNotRecorded). Sign-ins stamped after `at` (another isolate's,
      // meanwhile) are not void: neither deleted nor counted.
      const prefix = await signInPrefix(userId);
      const ended = await kvSignInsOf(kv, prefix).then((entries) => entries.filter((entry) => entry.stamp < at), endedSignInsNotRecorded);
      if (ended) await Promise.all(ended.map((entry) => deleteWithRetries(kv, entry.name))).catch(endedSignInsNotRecorded);
      if (kept) await signIn(userId, at, kept.expiresAt).catch(keptSignInNotRecorded);
      return ended ? ended.filter((entry) => entry.stamp !== kept?.stamp).length : null;
    },
    signIn,
    signOut: async (userId, stamp) => {
      if (counts) await deleteWithRetries(kv, (await signInPrefix(userId)) + stamp);
    },
  };
}

function durableObjectStoreOf(namespace, keyPrefix) {
  // A Durable Object storage sharing the namespace lists its sessions in the same index: they end at once when
  // they leave it (a revocation, or evicted past MAX_USER_SESSIONS by sign-ins recorded here).
  // Settled in the index once ended; those that failed stay pending there, ended again by the next revocation or
  // sign-in of the user (js/user-index.js).
  const endSessions = (userId, ids) => endSessionsOf(namespace, keyPrefix, userId, ids);
  // Calls that may be made twice, made once more through a new stub should the user's object be reset during them
  // (a deploy), as the Durable Object storage's are (user-sessions.js onUserObjectOf).
  const onUserObject = (userId, call) => onUserObjectOf(namespace, keyPrefix, userId, call);
  async function signIn(userId, stamp, expiresAt) {
    const { evicted } = await onUserObject(userId, (user) => user.userRegister(DO_SIGN_IN_PREFIX + stamp, { signedIn: stamp, signingIn: true, expiresAt, now: Date.now() }));
    await endSessions(userId, evicted).catch(endLater);
  }
  return {
    binding: scopeOf(namespace, keyPrefix),
    revocationOf: async (userId) => revocationOf(await onUserObject(userId, (user) => user.userRevocation())),
    async revoke(userId, at, kept) {
      // The kept sign-in is revoked with the others and signed in anew at `at`, but not counted as ended. Not
      // `count - 1` when `ended` has it: ended also holds what a concurrent revocation took off the index and
      // has not yet settled, which count does not. Regression (audit): two devices each signing out the other
      // at once got -1. The revocation's mark names it as its exceptId (revokeInIndex).
      const attempt = randomSessionId(); // made once more after a reset (user-index.js revokeInIndex)
      const { ended, count } = await onUserObject(userId, (user) => user.userRevoke(null, at, keptSignInId(kept?.stamp), attempt));
      // The kept sign-in is recorded even when a session of a Durable Object storage sharing the namespace could not
      // be ended: that session stays pending in the index and the revocation rejects, since it is still alive.
      try {
        await endSessions(userId, ended);
      } finally {
        if (kept) await signIn(userId, at, kept.expiresAt).catch(keptSignInNotRecorded);
      }
      return count;
    },
    signIn,
    signOut: (userId, stamp) => onUserObject(userId, (user) => user.userUnregister(DO_SIGN_IN_PREFIX + stamp)),
  };
}

/**
 * The validated `revocation` option: { binding, revocationOf(userId), revoke(userId, at, kept?), signIn(userId, stamp,
 * expiresAt), signOut(userId, stamp) } (`binding`: the scope of the binding given and its keyPrefix, per-backend.js scopeOf). `revoke` voids the sign-ins before `at` and resolves to how many it
 * ended (null when the store cannot count), but for `kept` ({ stamp, expiresAt }: the session `except` keeps,
 * which is signed in anew at `at`).
 * @param {{ kv?: KVNamespace, namespace?: DurableObjectNamespace, keyPrefix?: string }} option
 */
export function revocationStoreOf(option) {
  const { kv, namespace, keyPrefix, ...unknown } = option ?? {};
  // A name it does not know ({ kv, cache: 0 }) is refused, not dropped, as the storage's own options are.
  // Regression (audit): it was dropped. Without kv or namespace (a binding given itself) the message below says more.
  if (isRecord(option) && (kv !== undefined || namespace !== undefined)) refuseUnknownOptions(unknown, 'Storage option revocation');
  if (keyPrefix !== undefined && typeof keyPrefix !== 'string') {
    throw new CookieOptionError('INVALID_OPTIONS', 'Storage option revocation: keyPrefix must be a string');
  }
  if (isRecord(option) && typeof kv?.get === 'function' && typeof kv?.put === 'function' && namespace === undefined) {
    const prefix = keyPrefix ?? DEFAULT_KV_PREFIX;
    if (new TextEncoder().encode(prefix).length > MAX_KV_PREFIX_BYTES) {
      throw new CookieOptionError('INVALID_OPTIONS', `Storage option revocation: keyPrefix is at most ${MAX_KV_PREFIX_BYTES} bytes of UTF-8 (KV keys are at most 512)`);
    }
    return kvStoreOf(kv, prefix);
  }
  if (isRecord(option) && typeof namespace?.idFromName === 'function' && kv === undefined) {
    return durableObjectStoreOf(namespace, keyPrefix ?? '');
  }
  throw new CookieOptionError(
    'INVALID_OPTIONS',
    'Storage option revocation must be { kv: <KV namespace binding> } or { namespace: <SessionDurableObject namespace binding> }',
  );
}
