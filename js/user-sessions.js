// What every storage shares to know a session's user (issue 14): the
// `userKey` option, the sign-in time each session carries (the fourth
// member of its times, in ms: src/session_times.h), and the per-isolate
// cache of revocation times that cookie and KV sessions are checked against.
import { CookieOptionError, SessionDataError, sessionObjectStub } from './errors.js';
import { isSession } from './session.js';
import { mustWrite, readWithUserKey, recordSignIn, sessionTimes, storedValue, userKeySetHere } from './internal.js';
import { refuseUnknownKeys } from './storage-options.js';
import { endAndSettle } from './user-index.js';

/** How long an isolate trusts a revocation time it looked up (README: Revocation). */
export const REVOCATION_CACHE_MS = 5000;
/** Users whose revocation time one isolate remembers; the oldest are forgotten first. */
const REVOCATION_CACHE_SIZE = 10_000;
/** The longest user ID (as a string) the storages accept. */
const MAX_USER_ID_LENGTH = 1024;

/** The validated `userKey` option: a session key, or undefined (no user tracking). */
export function userKeyOf(userKey) {
  if (userKey === undefined) return undefined;
  if (typeof userKey !== 'string' || userKey === '' || userKey.startsWith('__')) {
    throw new CookieOptionError('INVALID_OPTIONS', `Storage option userKey must be the name of a session key (e.g. "userId"), got ${JSON.stringify(userKey)}`);
  }
  return userKey;
}

/**
 * A user ID as the storages index it: a non-empty string, or a finite
 * number (as its string). Anything else is a programming error.
 */
export function userIdOf(userId, caller) {
  const id = typeof userId === 'number' && Number.isFinite(userId) ? String(userId) : userId;
  if (typeof id !== 'string' || id === '' || id.length > MAX_USER_ID_LENGTH) {
    throw new TypeError(`${caller}: userId must be a non-empty string or a number (at most ${MAX_USER_ID_LENGTH} characters)`);
  }
  return id;
}

/** A logout's list that could not be changed: the session it names has no record, and leaves the list at its expiry. */
export function unlistedLater(error) {
  console.error("edge-session: a signed-out session could not be taken off its user's list; it stays listed, ended, until its expiry:", error);
}

/** The session's user under `userKey` as a string; undefined when it has none (or one no storage could index). */
export function userOf(session, userKey) {
  if (userKey === undefined || session.destroyed) return undefined;
  // The stored value only: get() falls back to an incoming flash of the same key, which names no user. Regression
  // (audit): a visitor's flash('userId', ...) listed the session under that user, and a revocation ended it.
  return userIdOfValue(session[storedValue](userKey));
}

/** A value under userKey as the user ID storages index, or undefined. */
function userIdOfValue(value) {
  const id = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  return typeof id === 'string' && id !== '' && id.length <= MAX_USER_ID_LENGTH ? id : undefined;
}

/** True for the values under userKey that mean no user. */
const isNoUser = (value) => value === undefined || value === null || value === false || value === '';

/** userOf, for a storage's read of `session`: from now on a set() of userKey is the app's (committedUserOf). */
export function userOnRead(session, userKey) {
  session[readWithUserKey](userKey);
  return userOf(session, userKey);
}

/** A value's kind for an error message, without its content: "an object", "an array of 3", "a boolean". */
function describedType(value) {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  return `${/^[aeiou]/.test(typeof value) ? 'an' : 'a'} ${typeof value}`;
}

/**
 * userOf for a commit: a value under userKey that no storage can index, set by the app, is refused
 * (SessionDataError INVALID_USER_ID), before anything is written. Written, its session could never be listed nor
 * revoked. undefined, null, false and '' mean no user, as does such a value the session was read with, unchanged
 * (from before userKey). Regressions: (audit of issue 14) `{ id }`, `true` or an ID of over 1024 characters was
 * committed silently, and "sign out everywhere" missed that session; (review) a session from before userKey with
 * `{ id, name }` there was refused at every commit: a flash to clear, a CSRF form, every page a 500.
 */
export function committedUserOf(session, userKey) {
  const user = userOf(session, userKey);
  if (user !== undefined || userKey === undefined || session.destroyed) return user;
  const value = session[storedValue](userKey);
  // Not set by the app since a storage read it: as it was read (from before userKey, or through a storage without
  // it: a store the app moves its sessions from). Regressions (review): such a session read through another storage
  // was refused; one signed in, then set back to its old value, was accepted.
  if (isNoUser(value) || !session[userKeySetHere](userKey)) return undefined;
  // What it is, never what it holds: the message reaches logs (withSession logs a failed commit). Regression (audit):
  // an object's first 40 characters of JSON (an email, a password) were quoted.
  const shown = typeof value === 'string' ? `a string of ${value.length} characters` : describedType(value);
  throw new SessionDataError(
    'INVALID_USER_ID',
    `The session's "${userKey}" (its userKey) must be a user ID: a non-empty string or a finite number of at most ${MAX_USER_ID_LENGTH} characters (undefined, null, false or "" for none), got ${shown}; else its sessions cannot be listed nor revoked`,
  );
}

/**
 * Stamps are per user: a user's sign-ins and revocations are ordered by them, and no other user's need be. One
 * isolate's count for all users ran ahead of the clock by as many ms as it stamped in one (50 sign-ins of anyone in
 * one ms put the next 50 ms ahead), and a revocation made in another isolate within that lead did not void a sign-in
 * made before it. Regression (model of two isolates over one KV): a revocation 30 ms after bob's sign-in ended none.
 */
const lastStampOf = new Map(); // user -> the last stamp given, kept while it is not behind the clock
/**
 * The latest stamp the map forgot, or a legacy sign-in's ceiling (signedInBy): every later stamp is after it. From
 * 1, the ms sessions with no times signed in by: a revocation is after them, under a mock clock at 0 too.
 * Regression (review): a user's first stamp there was 1, and did not void such a session.
 */
let floorStamp = 1;
/** Past this many users stamped in the same ms, the oldest are forgotten into floorStamp (which then runs ahead). */
const MAX_USERS_STAMPED = 10_000;
/** The map's size that sets off the next forgetPastStamps: twice what the last left, so each stamp pays O(1). */
let forgetAt = 64;
/** The most stamps remembered of each kind: the recorded sign-ins' (below), and nextStamp's. */
const MAX_REMEMBERED = 1000;
const givenStamps = new Set(); // the latest stamps nextStamp gave (sign-ins and revocations), oldest first
const recordedStamps = new Set(); // the latest stamps recordedSignInBy gave, oldest first
const taken = (stamp) => recordedStamps.has(stamp) || givenStamps.has(stamp);

/**
 * A stamp given again (to another user) moves to the end: remembered as the latest. Regression (review): it kept
 * its first place, was forgotten 1000 stamps after that, and a session from before userKey took it as well.
 */
function remember(stamps, stamp) {
  stamps.delete(stamp);
  stamps.add(stamp);
  if (stamps.size > MAX_REMEMBERED) stamps.delete(stamps.values().next().value);
}

/** Forgets the users whose last stamp is behind `now` (the next is `now` whatever it was), then the oldest past the bound. */
function forgetPastStamps(now) {
  for (const [user, stamp] of lastStampOf) {
    if (stamp >= now && lastStampOf.size <= MAX_USERS_STAMPED) continue;
    floorStamp = Math.max(floorStamp, stamp);
    lastStampOf.delete(user);
  }
}

/**
 * The time of a sign-in or a revocation of `user` (its userIdOf), Unix ms: the clock, but strictly after any
 * other stamp of that user in this isolate, so a sign-in and a revocation in the same millisecond are still
 * ordered (one before, one after), and a user's sign-ins are each recorded under their own.
 */
export function nextStamp(user) {
  const now = Date.now();
  const stamp = Math.max(now, floorStamp + 1, (lastStampOf.get(user) ?? 0) + 1);
  lastStampOf.delete(user); // re-inserted last: the map stays oldest first
  lastStampOf.set(user, stamp);
  if (lastStampOf.size > forgetAt) {
    forgetPastStamps(now);
    forgetAt = Math.max(64, 2 * lastStampOf.size);
  }
  remember(givenStamps, stamp);
  return stamp;
}

/** Per session: what signedInBy first said, and the most a sign-in recorded for it may be. */
const signInBounds = new WeakMap();

/**
 * When a session with a user but no sign-in time (written before userKey was set, or by React Router) signed in
 * at the latest: when it began, or the epoch's first millisecond when it has no times (Unix ms). Fixed when first
 * asked, at its read: every revocation stamped after that comes after it, and after what is recorded for it.
 */
export function signedInBy(session) {
  let bounds = signInBounds.get(session);
  if (bounds === undefined) {
    const { created } = session[sessionTimes]();
    // Never later than now: a start ahead of this clock (an isolate whose clock ran ahead, a forged unsigned
    // cookie) would move this isolate's stamps there, and at 2^53 they stop counting up. Regressions (reviews):
    // after one such cookie, "sign out everywhere" ended none of the sessions signed in since; clamped at its
    // commit rather than its read, a session read before a revocation and committed after it was signed in after it.
    const by = Math.max(1, Math.min(created, Date.now()));
    // A later revocation is stamped past floorStamp: a recorded sign-in, at most the ceiling, stays below it, even
    // should the clock step back. Regression (review): the floor was moved only to `by`, and a revocation stamped
    // by a clock set back came below the ceiling, and below the sign-in recorded later.
    const ceiling = Math.max(Date.now() - 1, floorStamp, by);
    floorStamp = ceiling;
    bounds = { by, ceiling };
    signInBounds.set(session, bounds);
  }
  return bounds.by;
}

let epochStamp = 1; // the next stamp for sessions with no times, all begun "at the epoch": counted up, never reused

/**
 * The sign-in the cookie storage records for such a session (signedInBy): its records of sign-ins are keyed by
 * the stamp, so each gets one no other sign-in given lately in this isolate has, never above what a revocation
 * made after its read is stamped: the latest free one from its start down, or for a session with no times (begun
 * "at the epoch") the next of a count from 1. With none free it shares its start's (a count off by one, never a
 * sign-in after a revocation). Regressions (reviews): a step counter made them unique only for starts in one
 * millisecond; an ordinary sign-in stamped in the millisecond such a session began shared its stamp; the walk up
 * from the epoch stepped past a revocation's stamp (a mock clock at 0) and the revoked session was signed in after
 * it; sessions with no times took stamps in a cycle of 1001, and two of one user shared a record.
 */
export function recordedSignInBy(session) {
  const by = signedInBy(session);
  const { ceiling } = signInBounds.get(session);
  let recorded = by;
  if (by > 1) while (recorded > 0 && taken(recorded)) recorded--; // at most one step per stamp remembered
  if (by === 1 || recorded === 0) {
    recorded = Math.max(by, epochStamp);
    while (recorded <= ceiling && taken(recorded)) recorded++;
    if (recorded > ceiling) recorded = by;
    else epochStamp = recorded + 1;
  }
  remember(recordedStamps, recorded);
  floorStamp = Math.max(floorStamp, recorded);
  return recorded;
}

/** When the session's user signed in (Unix ms); 0 when none is recorded. */
export function signedInAt(session) {
  return session[sessionTimes]().signedIn;
}

/**
 * Session -> the sign-in time its last read or written state carries (its cookie, its record): noted by the
 * storages at a read and after a commit that went out, and by keepSignedIn. What a sign-out of the user it was read
 * with names, and what a session set back to that user is signed in at: not the session's own time, which a commit
 * refused after stampSignIn (too large, a failed write) leaves at another user's stamp, or 0. Regressions (review):
 * a switch committed again after a refusal recorded the old user's sign-out under the new user's stamp (another
 * device's record of that ms); the user read, set back after it, was written as signed in at that stamp, after a
 * revocation made since its read; a logout whose instance failed recorded no sign-out.
 */
const signInsSent = new WeakMap();

/** Notes the sign-in time the session's state read or sent carries (signInSent). */
export function noteSignInSent(session, stamp) {
  signInsSent.set(session, stamp);
}

/**
 * The sign-in time noted for the session (noteSignInSent), else its own: for a session no storage noted, asked of
 * it (0 when its instance failed: CORE_RESET).
 */
export function signInSent(session) {
  const noted = signInsSent.get(session);
  if (noted !== undefined) return noted;
  try {
    return signedInAt(session);
  } catch (error) {
    if (error?.code !== 'CORE_RESET') throw error;
    return 0;
  }
}

/**
 * Before a commit: a session whose user is again the one it was read with (`userAtRead`), set back after a refused
 * commit of another user's sign-in (or of a sign-out), is signed in when its read or sent state says (signInSent),
 * not at the stamp (or the 0) that commit left. Regressions (review): it was written as signed in at that stamp,
 * after a revocation made since its read (in another isolate, for the server-side storages), which then did not
 * void it, and its logout named that stamp.
 */
export function restoreSignInSent(session, user, userAtRead) {
  if (user === undefined || user !== userAtRead) return;
  const sent = signInSent(session);
  if (signedInAt(session) !== sent) session[recordSignIn](sent);
}

/**
 * Before a commit: records the sign-in when the session's user is new in
 * this request (or has no sign-in time yet), forgets it when the user left.
 * @param {import('./session.js').Session} session
 * @param {string | undefined} user userOf(session) now
 * @param {string | undefined} userAtRead userOf(session) when it was read
 * @returns {{ signedIn: number, signingIn: boolean }}
 */
export function stampSignIn(session, user, userAtRead) {
  const signedIn = signedInAt(session);
  if (user === undefined) {
    if (signedIn !== 0) session[recordSignIn](0);
    return { signedIn: 0, signingIn: false };
  }
  if (user !== userAtRead || signedIn === 0) {
    const now = nextStamp(user);
    session[recordSignIn](now);
    return { signedIn: now, signingIn: true };
  }
  return { signedIn, signingIn: false };
}

/**
 * After a revocation at `at`: the Session kept by `except`, when it is this
 * user's, is signed in anew at `at` (so the revocation does not void it), a
 * change its next response writes. Not a renewal: those are skipped within a
 * burst of one cookie, and a cookie signed in before `at` is void. Regression:
 * the kept device was signed out when a renewal of its cookie (its own other
 * request, or a thief's replay of a stolen copy) had run just before.
 */
export function keepSignedIn(except, userKey, user, at) {
  if (!isSession(except) || userOf(except, userKey) !== user) return;
  except[recordSignIn](at);
  noteSignInSent(except, at); // a commit refused later (another user's sign-in) does not take it back
  except[mustWrite]();
}

/** The `current` of listUserSessions' options: `{ current }`, or the current Session itself; other names throw. */
export function currentOf(options) {
  if (isSession(options)) return options;
  checkOptionsObject(options, 'listUserSessions(userId, options)', 'current');
  refuseUnknownKeys(options, ['current'], 'listUserSessions(userId, options)');
  return options?.current;
}

/**
 * Options that are neither absent, a Session nor an object are a TypeError: a session ID passed in their place
 * (revokeUserSessions(userId, session.id)) would be read as no options. Regression (review): it revoked the device
 * that asked to keep itself, silently.
 */
function checkOptionsObject(options, caller, name) {
  if (options === undefined || options === null || typeof options === 'object') return;
  throw new TypeError(`${caller}: options must be { ${name} } or a Session, got ${typeof options} (to name a session by its ID: { ${name}: id })`);
}

/**
 * The `except` of revokeUserSessions' options: `{ except }`, or the Session to keep itself (as listUserSessions
 * takes one for `current`: read as no options, it revoked that session too). Any other option name is a TypeError.
 * `except: null` is none (undefined), on every storage. Regression (s48 types pass): the cookie storage threw for it.
 */
export function exceptOf(options) {
  if (isSession(options)) return options;
  checkOptionsObject(options, 'revokeUserSessions(userId, options)', 'except');
  refuseUnknownKeys(options, ['except'], 'revokeUserSessions(userId, options)');
  return options?.except ?? undefined;
}

/** `except` of revokeUserSessions: a Session or a session ID. */
export function exceptIdOf(except) {
  if (except === undefined || except === null) return undefined;
  if (isSession(except)) return except.id || undefined;
  if (typeof except === 'string') return except;
  throw new TypeError('revokeUserSessions: except must be a Session or a session ID');
}

/** A fixed-length, key-safe name for a user ID: SHA-256, hex (user IDs may hold any character and be long). */
export async function userDigest(userId) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', digestInput(userId)));
  let hex = '';
  for (const byte of digest) hex += (byte < 16 ? '0' : '') + byte.toString(16);
  return hex;
}

/**
 * A session's object of SessionDurableObject in `namespace`, named `<keyPrefix><id>`: the one name the Durable
 * Object storage and a cookie storage's `revocation: { namespace }` (revoking the sessions a user's index lists) of
 * the same keyPrefix share. Under the prefix, as the KV storage's keys are: one Worker's tenants share a cookie name
 * and secret, so the ID's tag of the cookie's name does not keep them apart. Regression (substitution review): a
 * session cookie one tenant issued opened that session, its user ID included, at another tenant.
 */
export function sessionObjectOf(namespace, id, keyPrefix = '') {
  return sessionObjectStub(namespace.get(namespace.idFromName(keyPrefix + id)));
}

/**
 * A user's index object of SessionDurableObject in `namespace`, named `<keyPrefix>user:<sha256(userId)>`: the one
 * name the Durable Object storage and a cookie storage's `revocation: { namespace }` of the same keyPrefix share.
 */
export async function userObjectOf(namespace, keyPrefix, userId) {
  return sessionObjectStub(namespace.get(namespace.idFromName(`${keyPrefix}user:${await userDigest(userId)}`)));
}

/**
 * Whether a call failed because its object was reset (a deploy, a software update, an eviction, ctx.abort(): "code
 * updates ... reset in-memory state"): what the object held in memory (a session's lease and line) is gone, and the
 * stub that made the call fails every later one ("Reusing the stub that threw this error fails immediately":
 * developers.cloudflare.com/durable-objects/observability/troubleshooting/); a new stub reaches the new instance.
 * workerd marks these errors `durableObjectReset`.
 */
export function objectReset(error) {
  return error !== null && typeof error === 'object' && error.durableObjectReset === true;
}

/**
 * A call that says the same whenever made (revoke, a version-checked write or delete, a registration), made once
 * more, `renew`ed first (or taking a new stub itself), should its object have been reset during it (objectReset).
 * Regression (adversarial pass on the lifecycle fix): a session's object reset (a deploy) as revokeUserSessions
 * ended it failed the revocation, and the session stayed signed in until the next one.
 */
export async function againAfterReset(call, renew = () => {}) {
  try {
    return await call();
  } catch (error) {
    if (!objectReset(error)) throw error;
    renew();
    return call();
  }
}

/**
 * `call(stub)` on the user's index object (userObjectOf), made once more through a new stub should the object be
 * reset during it (a deploy): for calls that may be made twice (a registration lists the session once, an unlisting
 * and a lookup change nothing more). The Durable Object storage's and a cookie storage's `revocation: { namespace }`
 * alike. Regression (adversarial pass on onUserObject): the cookie storage's lookup of a user's last revocation
 * failed its request with a 500 when that object was reset, where the Durable Object storage's retried.
 */
export function onUserObjectOf(namespace, keyPrefix, userId, call) {
  return againAfterReset(async () => call(await userObjectOf(namespace, keyPrefix, userId)));
}

/**
 * Ends the sessions `ids` the user's index object took off (a revocation, an eviction): each session's object revoked
 * (once more through a new stub should it be reset during the call), then those ended settled in the user's object
 * through a new stub, since the one that took them off may be broken by a reset of that object meanwhile (a deploy).
 * Rejects with the first failure, the others staying pending (user-index.js endAndSettle). The Durable Object storage's
 * and a cookie storage's `revocation: { namespace }` alike. Regressions: (lifecycle review) the Durable Object
 * storage's revokeUserSessions threw though every session was ended; (senior review) the cookie storage's did still.
 */
export function endSessionsOf(namespace, keyPrefix, userId, ids) {
  const user = { userSettleEnded: async (ended) => (await userObjectOf(namespace, keyPrefix, userId)).userSettleEnded(ended) };
  const end = (id, prefix) => againAfterReset(() => sessionObjectOf(namespace, id, prefix).revoke());
  // Under a keyPrefix, the object of the same ID named without it too: versions before 14db2dd named sessions' objects
  // by their ID alone, and one still serving beside this one (a gradual deployment, a rollback) reads the session
  // there. The ID is on this prefix's user's index, so that object is this app's session or none. Regression
  // (adversarial pass on 14db2dd): "sign out everywhere" counted such a session ended and left it signed in there.
  return endAndSettle(user, ids, keyPrefix === '' ? (id) => end(id, '') : async (id) => (await Promise.all([end(id, keyPrefix), end(id, '')]))[0]);
}

const utf8 = new TextEncoder();

/**
 * The bytes a user ID is known by: its UTF-8, or for an ID holding a lone surrogate (which UTF-8 cannot hold, and
 * TextEncoder turns into U+FFFD) the byte 0xFF, which no UTF-8 has, then its UTF-16 code units: IDs differ as their
 * strings do, as the memory storage's Map keys do. Regression (audit): "alice\ud800" and "alice\ufffd" shared one
 * index, and revoking either signed the other out.
 */
function digestInput(userId) {
  if (userId.isWellFormed()) return utf8.encode(userId);
  const bytes = new Uint8Array(1 + userId.length * 2);
  bytes[0] = 0xff;
  for (let i = 0; i < userId.length; i++) {
    const unit = userId.charCodeAt(i);
    bytes[1 + i * 2] = unit >> 8;
    bytes[2 + i * 2] = unit & 0xff;
  }
  return bytes;
}

/**
 * A user's last revocation: sessions signed in before `at` are void, but for
 * the one it kept (`exceptId`, when it has an ID). Once the kept session left
 * that ID (regenerateId(true), a switch of user: the stores' endException) the
 * mark names it `leftId` instead: a session under it signed in at `at` itself,
 * the kept session's own stamp (keepSignedIn), is void too. Once that ID was
 * left twice (`movedTwice`: a copy of the kept cookie moved too, and nothing
 * tells which move was the device's), every session signed in at `at` is void.
 * @typedef {{ at: number, exceptId?: string, leftId?: string, movedTwice?: true }} Revocation
 */

/** No revocation. */
export const NOT_REVOKED = Object.freeze({ at: 0 });

/** A revocation from what a store kept, or NOT_REVOKED for anything else. */
export function revocationOf(value) {
  if (value === null || typeof value !== 'object' || !Number.isFinite(value.at) || value.at <= 0) return NOT_REVOKED;
  return typeof value.exceptId === 'string' ? { at: value.at, exceptId: value.exceptId } : { at: value.at };
}

/**
 * A revocation mark at `at` (keeping `exceptId`), never below the `earlier` mark it replaces, as a Durable Object's
 * index keeps the later: another isolate's revocation stamped later (its clock or its stamps ahead) ended sessions a
 * lower `at` would bring back. Regressions: (model of two isolates over one KV) the mark was overwritten with the
 * lower; (mutation pass) so was createSessionStorage's mark record.
 */
export function revocationMark(at, exceptId, earlier) {
  return neverLowered(exceptId ? { at, exceptId } : { at }, earlier);
}

/** revocationMark as the JSON text of a KV mark, which `revocationOfText` reads. */
export function revocationMarkText(at, exceptId, earlier) {
  return JSON.stringify(revocationMark(at, exceptId, earlier));
}

/**
 * A revocation mark kept as JSON text (Workers KV), read as text and parsed here rather than with
 * `kv.get(key, 'json')`: a KV stand-in that ignores the type (a test's Map) then reads marks as the real one does.
 */
export function revocationOfText(text) {
  if (typeof text !== 'string') return NOT_REVOKED;
  try {
    return revocationOf(JSON.parse(text));
  } catch {
    return NOT_REVOKED;
  }
}

/**
 * True when `revocation` voids a session signed in at `signedIn` (ms) under `id`. A copy of the kept cookie read
 * after the kept session's commit is signed in at `at`: once the device left that ID, it is void. Regression (s44
 * user-sessions pass): such a copy, written back from another isolate, stayed signed in for good.
 */
export function isRevoked(revocation, signedIn, id) {
  if (signedIn < revocation.at) return id === '' || id !== revocation.exceptId;
  return signedIn === revocation.at && id !== '' && (id === revocation.leftId || revocation.movedTwice === true);
}

/**
 * The mark of a revocation whose kept session left `leftId`: no exception, and that ID's copies signed in at `at`
 * void; left `twice`, every session signed in at `at` void (the new IDs of both moves among them).
 * @param {Revocation} mark
 * @param {string} leftId
 * @param {boolean} [twice]
 * @returns {Revocation}
 */
export function exceptionEnded(mark, leftId, twice = false) {
  return twice ? { at: mark.at, leftId, movedTwice: true } : { at: mark.at, leftId };
}

/**
 * The mark a store's endException records (its `movedTwice` telling which record), over the mark it read (`stored`)
 * or the one this isolate knew (`known`), the later, when the session signed in at `signedIn` left `leftId`: left
 * once when the mark still excepts that ID; left twice when it was left already and this session, signed in at `at`
 * too, is a second holder of that cookie (its new ID would be neither the one excepted nor the one left); else
 * undefined (nothing to record).
 * Regression (s45 callback-store pass): a copy of the kept cookie that moved at an isolate still holding the
 * exception, after the device had moved, kept its new ID signed in for good.
 * @returns {Revocation | undefined}
 */
export function exceptionEnd(stored, known, leftId, signedIn) {
  const mark = stored.at >= known.at ? stored : known;
  if (mark.exceptId === leftId) return exceptionEnded(mark, leftId);
  if (mark.leftId === leftId && mark.movedTwice !== true && signedIn === mark.at) return exceptionEnded(mark, leftId, true);
  return undefined;
}

/**
 * Scope (per-backend.js scopeOf: a KV or Durable Object namespace with a key prefix, or createSessionStorage's readData
 * with its keyPrefix) -> userId -> the last revocation made in this isolate through it, by
 * any storage: a cookie storage's cache of a Durable Object namespace learns at once of a revocation the Durable
 * Object storage sharing it made. Regression (review): it served the revoked cookie for up to 5 s in the very
 * isolate that revoked it.
 */
const revokedHere = new WeakMap();

/** Records a revocation made in this isolate through `binding` (bounded as the caches are). */
export function revokedThrough(binding, userId, revocation) {
  let users = revokedHere.get(binding);
  if (users === undefined) revokedHere.set(binding, (users = new Map()));
  setNewest(users, userId, neverLowered(revocation, users.get(userId)));
}

/**
 * A revocation made here, `revocation`, as the stores keep it over the mark `known`: its `at` never lowered, its
 * exception this one's (revocationMarkText writes KV's so; revokeInIndex keeps a Durable Object's alike).
 * Regression (model of two isolates): a revocation made here stamped below another isolate's, already looked up,
 * replaced it in this isolate's cache, and for up to 5 s the sessions that one had ended read as signed in again.
 */
function neverLowered(revocation, known) {
  if (known === undefined) return revocation;
  if (revocation.leftId !== undefined) return laterMark(known, revocation); // an exception ended, no revocation
  return known.at <= revocation.at ? revocation : { ...revocation, at: known.at };
}

/**
 * Of two marks of one user, the one that stands: the later `at`; at one `at` and one kept ID, `a` when it ended
 * more of the exception than `b` (held < left < left twice: an exception once ended never comes back, nor does one
 * left twice become left once: a lookup at a location KV had not reached with the end, or one made before it),
 * else `b`. Regression (s45): an isolate that had ended the exception took a stale lookup's exception over it.
 */
function laterMark(a, b) {
  if (a.at !== b.at) return a.at > b.at ? a : b;
  const sameKept = (a.leftId ?? a.exceptId) === (b.leftId ?? b.exceptId);
  return sameKept && endedBy(a) > endedBy(b) ? a : b;
}

/** How much of its exception a mark ended: 0 held (or none), 1 left, 2 left twice. */
const endedBy = (mark) => (mark.movedTwice === true ? 2 : mark.leftId !== undefined ? 1 : 0);

/** Sets `key` in `map` as its newest entry, the oldest forgotten past REVOCATION_CACHE_SIZE. */
function setNewest(map, key, value) {
  map.delete(key);
  if (map.size >= REVOCATION_CACHE_SIZE) map.delete(map.keys().next().value);
  map.set(key, value);
}

/**
 * The users' last revocations, as one isolate knows them: looked up at most
 * once per REVOCATION_CACHE_MS per user, and set at once by a revocation
 * made here, through this storage or another of the same `binding`.
 * @param {(userId: string) => Promise<Revocation>} lookUp
 * @param {() => object | undefined} [bindingOf] what the revocations are kept in (a KV or Durable Object
 *   namespace, a storage's backend), asked when used
 */
export function createRevocationCache(lookUp, bindingOf = () => undefined) {
  const known = new Map(); // userId -> { revocation, until }
  /** The later of `revocation` and one made here through the binding. */
  const withMadeHere = (userId, revocation) => {
    const binding = bindingOf();
    const here = binding === undefined ? undefined : revokedHere.get(binding)?.get(userId);
    return here === undefined ? revocation : laterMark(here, revocation);
  };
  /** The user's last revocation looked up now, and cached. */
  async function lookedUp(userId) {
    const looked = await lookUp(userId);
    // Below what this isolate knows, a mark looked up is stale (a lookup that left before a revocation made
    // here, a location KV had not reached): the known mark stays whole, its exception too. Regression (review):
    // its `at` kept with the stale mark's exception, a device "sign out everywhere" ended read as the one an
    // older revocation kept, and the device a revocation kept read as signed out.
    const knownNow = known.get(userId)?.revocation;
    const revocation = knownNow === undefined ? looked : laterMark(knownNow, looked);
    setNewest(known, userId, { revocation, until: Date.now() + REVOCATION_CACHE_MS });
    return withMadeHere(userId, revocation);
  }
  return {
    /** @returns {Promise<Revocation>} */
    async revocationOf(userId) {
      const cached = known.get(userId);
      if (cached && cached.until > Date.now()) return withMadeHere(userId, cached.revocation);
      return lookedUp(userId);
    },
    /** revocationOf asked of the store whatever the cache holds (a move of a session to a new ID). */
    lookedUpNow: lookedUp,
    /** A revocation made in this isolate. */
    remember(userId, revocation) {
      setNewest(known, userId, { revocation: neverLowered(revocation, known.get(userId)?.revocation), until: Date.now() + REVOCATION_CACHE_MS });
    },
    /** What this isolate knows now, with no lookup: the last one looked up (however long ago) or made here. */
    lastKnown(userId) {
      return withMadeHere(userId, known.get(userId)?.revocation ?? NOT_REVOKED);
    },
  };
}
