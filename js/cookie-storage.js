// Sessions kept entirely in a signed (or sealed) cookie: the default storage,
// it needs no backend. The core reads and writes the storage's one format,
// React Router's or Remix v3's.
import { cookieFromOption, cookieIdentityOf, cookieMaxAge, expiringSetCookie, FORMATS, optionsJson, refuseCodecs } from './cookie.js';
import { CookieOptionError, SessionDataError, storageCall } from './errors.js';
import {
  assertChangeable,
  commitNotSent,
  keepsUnderWay,
  savedForResponse,
  endedInStore,
  issuedSetCookies,
  noteCommitted,
  leftoverSetCookies,
  lifecycleWrites,
  receivedCookieHeaders,
  refusedAsEnded,
  refuseVoidedCommit,
  cookieCore as cookieCoreSymbol,
  cookieCoreReady,
  markDestroyed,
  mustRewrite,
  ownChange,
  randomSessionId,
  requestSessions,
  recordSignIn,
  releaseSession,
  sessionHandle,
  sessionTimes,
  settled,
  rewriteWindow,
  besideSkippedRewrite,
  endingSetCookies,
  sessionCookie,
} from './internal.js';
import { checkChunks, chunksIn, joinChunks, severalCookiesError, splitSetCookie } from './cookie-chunks.js';
import { cookieHeaderFor, cookiePairs } from './cookie-header.js';
import { lifetimeOf, lifetimeUnderMaxAge, MAX_COOKIE_LIFETIME_S, rewriteWindowOf } from './lifetime.js';
import { forgetCoreAfterTrap } from './loader.js';
import { withRemixCookieStorage } from './remix-storage.js';
import { nextNonce } from './nonce-pool.js';
import { keptSignInId, revocationStoreOf } from './revocation.js';
import { isSession, wrapSession } from './session.js';
import { refuseUnknownOptions } from './storage-options.js';
import {
  createRevocationCache,
  exceptOf,
  isRevoked,
  keepSignedIn,
  nextStamp,
  noteSignInSent,
  recordedSignInBy,
  restoreSignInSent,
  revocationOf,
  revokedThrough,
  signedInAt,
  signedInBy,
  signInSent,
  stampSignIn,
  userIdOf,
  userKeyOf,
  committedUserOf,
  userOnRead,
  userOf,
} from './user-sessions.js';
import { warnIfUnsigned, warnIfUnsignedMigration } from './warnings.js';

/** True when `name` is spelled as a chunk of the cookie `base` ("base.1", any digits). */
function isChunkName(name, base) {
  return name.startsWith(`${base}.`) && /^\d+$/.test(name.slice(base.length + 1));
}

/** True when `header` holds a cookie named `name` (whatever its value). */
function hasCookie(header, name) {
  return cookiePairs(header).has(name);
}

/**
 * `migrateFrom: { cookie, format }`: the cookie an app used before, read
 * (in its own format, with its own secrets) only when the storage's cookie
 * is absent, and expired by the response that writes the session anew. A
 * payload's shape cannot tell React Router's format from Remix v3's (issue
 * 10.1), so the old cookie must have another name: which format a value is
 * in is then never guessed.
 */
function migrationFrom(option, cookie) {
  if (option === undefined) return undefined;
  const format = FORMATS[option?.format];
  if (option === null || typeof option !== 'object' || format === undefined) {
    throw new CookieOptionError('INVALID_OPTIONS', 'Storage option migrateFrom must be { cookie, format: "react-router" | "remix-v3" }');
  }
  // A name it does not know ({ encrypt: true }: those formats are signed only) would be dropped silently, and the
  // old cookies read otherwise than meant. Regression (audit): it was.
  const { cookie: _cookie, format: _format, ...unknown } = option;
  refuseUnknownOptions(unknown, 'Storage option migrateFrom');
  const old = cookieFromOption(option.cookie);
  // Its sessions become ours, signed (or sealed) with secrets[0]: an unsigned old cookie lets any client forge one,
  // which the migration then launders into a cookie nothing tells from a real one. Called out as our own unsigned
  // cookie is. Regression (migration review): no word was said.
  warnIfUnsignedMigration(old);
  // Nor a chunk's name ("__session.1"): a chunked commit would write it, and expire it as the old cookie.
  if (old.name === cookie.name || isChunkName(old.name, cookie.name)) {
    throw new CookieOptionError(
      'INVALID_OPTIONS',
      `Storage option migrateFrom needs a cookie name other than "${cookie.name}" and its chunks' ("${cookie.name}.1"...): the formats cannot be told apart by their content`,
    );
  }
  // Nor one whose chunks' names hold ours ("sess" for "sess.1"): the old cookie's chunks are expired with it, ours
  // then too. Regression (s51 sealed and chunks scenario pass): a storage renamed from "sess" to "sess.1" sent its
  // cookie and that cookie's expiry in one response, and the browser, keeping the last, was signed out.
  if (isChunkName(cookie.name, old.name)) {
    throw new CookieOptionError(
      'INVALID_OPTIONS',
      `Storage option migrateFrom names "${old.name}", whose chunks ("${old.name}.1"...) are expired with it and would include the storage's cookie "${cookie.name}": give one of them another name`,
    );
  }
  // Whether the browser holds the old cookie is read from the session's own request (receivedCookieHeaders), not
  // kept by this storage: another instance of it (a route's own, the factory called again) may commit or destroy
  // the session. Regression: a logout through such an instance left the old cookie, read again next time.
  const received = (session) => receivedCookieHeaders.get(session) ?? '';
  // Its chunks too (old.1, old.2...: the app's edge-session storage had `chunks` under that name), which no
  // migration reads. Regression (migration model audit): they were never expired, and a dead session's chunks
  // (up to 12 KB) went out with every request.
  const carries = (session) => hasCookie(received(session), old.name) || chunksIn(received(session), old.name).length > 0;
  return {
    cookie: old,
    /** True when the request `session` was read in carried the old cookie: the browser may still hold it. */
    carries,
    async read(core, header, freshId, lifetime) {
      const { address } = await old[cookieCoreSymbol](format);
      let session;
      try {
        session = wrapSession(core, core.readSession(address, header, freshId, lifetime));
      } catch (error) {
        throw forgetCoreAfterTrap(error);
      }
      receivedCookieHeaders.set(session, header);
      session[mustRewrite]();
      return session;
    },
    /** The old cookie's expiring Set-Cookies (its chunks' too), for a session whose request carried it; else undefined. */
    expiringHeaders(session) {
      if (!carries(session)) return undefined;
      return old[cookieCoreSymbol](format).then(({ cookie: coreCookie }) => {
        const expiring = expiringSetCookie(coreCookie);
        return [expiring, ...splitSetCookie(expiring, old.name, 1, chunksIn(received(session), old.name)).expired];
      });
    },
  };
}

/** An expiring Set-Cookie turned into one that keeps the cookie, empty, for 400 days. */
function keptEmpty(expiring) {
  return `${expiring.replace(/;\s*(Max-Age|Expires)=[^;]*/gi, '')}; Max-Age=${MAX_COOKIE_LIFETIME_S}`;
}

/**
 * Session -> its user when read (userKey), whichever instance of a storage commits it: a commit through another
 * instance than the one that read the session is no sign-in. Regression (review): kept per instance, such a commit
 * was stamped as a sign-in after a revocation made meanwhile, and the revoked cookie was issued anew.
 */
const usersAtRead = new WeakMap();


/**
 * Session -> the sign-out of the user it was read with, { user, stamp }, when a revocation of the user it switched
 * to kept it (`except`): that keep makes the new user its user at read, so its commit finds no switch. Recorded
 * with its next commit or destroy. Regression (model of two isolates): the old user's sign-in stayed recorded, and
 * her next revocation counted a session that was no longer hers.
 */
const signOutsOwed = new WeakMap();

/**
 * Fresh sessions read from the void cookie of the device a revocation just kept (`except`): another tab of that
 * device, whose request left before the kept cookie reached the browser. Written by a request lifecycle, such a
 * session's cookie would replace the kept one and sign the device out (a visit counter, a CSRF secret for a form);
 * so the lifecycle writes it only when it signs in (refuseIfRevoked). Regression (audit): it replaced the kept one.
 */
const keptDeviceTabs = new WeakSet();

/**
 * How long after a revocation a request carrying the kept device's old cookie is taken for such a tab: the time for
 * the revocation's response to reach the browser, generously. Bounded, so a device that never got that response (a
 * dropped connection) can write an anonymous session again (a sign-in form's CSRF secret) once it has passed.
 */
const KEPT_DEVICE_WINDOW_MS = 30_000;

/** True when a cookie signed in at `signedIn` is the one `revocation` kept, and that revocation is recent. */
function fromKeptDevice(revocation, signedIn) {
  return revocation.exceptId !== undefined && revocation.exceptId === keptSignInId(signedIn) && Date.now() - revocation.at < KEPT_DEVICE_WINDOW_MS;
}

/** Runs `call`; a failure is logged, not thrown (what it records is an estimate: revokeUserSessions' count). */
async function bestEffort(call, what) {
  try {
    await call();
  } catch (error) {
    console.error(`edge-session: the revocation store failed to ${what} (revokeUserSessions' count may be off):`, error);
  }
}

/** @internal Throws unless `session` is one of ours. */
/**
 * Throws a TypeError unless `session` is a Session of ours. `writtenTo`: the cookie of the storage about to write
 * it, which the request's lifecycle then takes for the session's ([sessionCookie]: an app's storage wrapping two of
 * ours may read a session from one cookie and write it to another).
 */
export function checkSession(session, writtenTo) {
  if (!isSession(session)) throw new TypeError('Expected a Session from edge-session');
  if (writtenTo !== undefined) session[sessionCookie] = writtenTo;
}

/**
 * A session storage that keeps the whole session in the cookie (4 KB at most).
 * @param {{ cookie?: import('./cookie.js').Cookie | object, format?: 'react-router' | 'remix-v3', encrypt?: boolean | 'migrate' }} [options]
 *   `format` chooses what is read and written. `encrypt: true` seals
 *   the session (XChaCha20-Poly1305); `'migrate'` also reads signed cookies once and
 *   re-seals them at their next commit. `chunks: N` lets a session span up to N cookies
 *   (`name`, `name.1`, ...); then `commitSessionHeaders(session)` returns every Set-Cookie.
 *   `idleTimeout`, `absoluteTimeout` (seconds) end sessions on the server; `touchInterval`
 *   paces the rolling renewal (js/lifetime.js). The cookie's maxAge/expires is enforced too.
 * @example
 * const storage = createCookieSessionStorage({
 *   cookie: { name: '__session', secrets: [env.SESSION_SECRET], httpOnly: true, secure: true },
 * });
 */
export function createCookieSessionStorage({
  cookie: cookieOption,
  format = 'react-router',
  encrypt,
  chunks = 1,
  idleTimeout,
  absoluteTimeout,
  touchInterval,
  migrateFrom,
  userKey: userKeyOption,
  revocation: revocationOption,
  ...unknown
} = {}) {
  refuseUnknownOptions(unknown, 'createCookieSessionStorage');
  checkChunks(chunks);
  const userKey = userKeyOf(userKeyOption);
  const revocation = revocationOption === undefined ? undefined : revocationStoreOf(revocationOption);
  if (revocation && userKey === undefined) {
    throw new CookieOptionError('INVALID_OPTIONS', 'Storage option revocation needs userKey: the session key that holds the user\'s ID');
  }
  const revocations = revocation ? createRevocationCache((userId) => revocation.revocationOf(userId), () => revocation.binding) : undefined;
  const ownLifetime = lifetimeOf({ idleTimeout, absoluteTimeout, touchInterval });
  const cookie = cookieFromOption(cookieOption, encrypt);
  const lifetime = lifetimeUnderMaxAge(ownLifetime, cookie[cookieMaxAge]);
  const sessionCookieIdentity = cookieIdentityOf(cookie, chunks); // which Set-Cookies are this storage's (cookie-identity.js)
  const sealed = cookie.isEncrypted;
  const formatCode = FORMATS[format];
  if (formatCode === undefined) {
    throw new CookieOptionError('INVALID_OPTIONS', `Unknown cookie format "${format}" (expected "react-router" or "remix-v3")`);
  }
  warnIfUnsigned(cookie);
  const migration = migrationFrom(migrateFrom, cookie);
  // The migrateFrom cookie names a session too, in the renewals' pacing (request-lifecycle.js openSession).
  // Regression (adversarial review): keyed by the whole Cookie header, a session read from it lost a logout's note
  // to a cookie of another kind set between the two requests, and a slow page's migration signed the browser in again.
  if (migration !== undefined) sessionCookieIdentity.migratedFrom = migration.cookie.name;
  // A chunked cookie is its own core cookie: it reads and writes values of
  // up to `chunks` times 4096 bytes, which cookie-chunks.js cuts and joins.
  const handleKey = chunks > 1 ? formatCode | (chunks << 8) : formatCode;
  const cookieInCore = () => cookie[cookieCoreSymbol](handleKey);
  // Once loaded, the hot path takes the cookie handle without an await (each
  // costs a microtask turn).
  const loadedCookie = () => cookie[cookieCoreReady](handleKey);
  // Chunked: which of name.1, name.2, ... the browser may hold for the session: those its request carried (whichever
  // instance read it), and those an earlier commit of it in this response set (chunksSet). Regression (model-based
  // audit): two commits put on one response, the second shorter, left the first's last chunk, and the next request
  // read a fresh session.
  const chunksSet = new WeakMap(); // session -> cookies its largest commit here spans
  const heldChunks = (session) => {
    const carried = chunksIn(receivedCookieHeaders.get(session) ?? '', cookie.name);
    const spans = chunksSet.get(session) ?? 1;
    if (spans <= 1) return carried;
    const held = new Set(carried);
    for (let k = 1; k < spans; k++) held.add(k);
    return [...held].sort((a, b) => a - b);
  };
  const chunkPrefix = `${cookie.name}.`;
  /** Unchunked: expiring Set-Cookies for the chunk cookies (name.1 ...) the session's request carried, beside `setCookie`. */
  const leftChunks = (session, setCookie) =>
    receivedCookieHeaders.has(session) ? splitSetCookie(setCookie, cookie.name, 1, heldChunks(session)).expired : [];
  /**
   * What a handler's own commitSession or destroySession leaves for its request's lifecycle to send beside its
   * one `header` (leftoverSetCookies): `expired`, chunks the browser holds that the header could not expire, and
   * the migrateFrom cookie the request carried.
   */
  async function leaveForLifecycle(session, header, expired) {
    const old = requestSessions.has(session) ? migration?.expiringHeaders(session) : undefined;
    const headers = old === undefined ? expired : [...expired, ...(await old)];
    let left = leftoverSetCookies.get(session);
    if (headers.length === 0) {
      left?.byHeader.delete(header);
      return headers;
    }
    if (left === undefined) leftoverSetCookies.set(session, (left = { byHeader: new Map() }));
    left.byHeader.set(header, headers);
    return headers;
  }

  /**
   * `session`, noted as written to this storage's cookie ([sessionCookie]), and, during a migration, with what a
   * skipped rewrite of it would have sent beside its header: the migrateFrom cookie's expiry (besideSkippedRewrite).
   */
  function ownSession(session) {
    session[sessionCookie] = sessionCookieIdentity;
    if (migration !== undefined) besideSkippedRewrite.set(session, () => oldCookieExpiry(session));
    return session;
  }

  /** The migrateFrom cookie's expiring Set-Cookie, when `session`'s request carried that cookie. */
  async function oldCookieExpiry(session) {
    return (await migration.expiringHeaders(session)) ?? [];
  }

  /** Under a request's lifecycle: the headers a commit of `session` returned, which a refused later one replaces. */
  function issued(session, headers) {
    if (requestSessions.has(session)) issuedSetCookies.set(session, [...(issuedSetCookies.get(session) ?? []), ...headers]);
  }

  /**
   * Before a commit: a user new in this request signs in now, the time revocation compares. With `revocation`,
   * returns the sign-in and sign-out to record once the commit is made (recordSignIns), else undefined.
   */
  function stampUser(session) {
    if (userKey === undefined) return undefined;
    const before = signInSent(session);
    const userAtRead = usersAtRead.get(session);
    const user = committedUserOf(session, userKey);
    // A cookie with a user but no sign-in time (from before userKey) signed in when it began, as its reads are
    // checked (checkUser), not now: a commit after a revocation (read before it, or in another isolate within the
    // 5 s cache) made it a sign-in newer than the revocation, for good. Its first record of a sign-in is this one.
    const unlisted = user !== undefined && user === userAtRead && before === 0;
    if (unlisted) session[recordSignIn](recordedSignInBy(session));
    else restoreSignInSent(session, user, userAtRead);
    const stamped = stampSignIn(session, user, userAtRead);
    const signedIn = stamped.signedIn;
    const signingIn = stamped.signingIn || unlisted;
    if (!revocation) return undefined;
    const signedOut = userAtRead !== undefined && before !== 0 && (signingIn || user === undefined);
    const signOut = signedOut ? { user: userAtRead, stamp: before } : undefined;
    const owed = signOutsOwed.get(session);
    if (!signingIn && !signOut && !owed) return undefined;
    return {
      session,
      user,
      signIn: signingIn ? { stamp: signedIn, expiresAt: signInEnd(session, signedIn) } : undefined,
      signOuts: [owed, signOut].filter(Boolean),
    };
  }

  /**
   * A sign-in at `stamp` (ms) is counted until then: absoluteTimeout after its session began, else 400 days after
   * now, its cookie's write (a session from before userKey is recorded with its start, maybe long ago).
   */
  function signInEnd(session, stamp) {
    if (lifetime.absoluteTimeout === 0) return Math.max(stamp, Date.now()) + MAX_COOKIE_LIFETIME_S * 1000;
    const times = session[sessionTimes]();
    // A session without times yet (new, or written before times were: React Router's, this storage's before a
    // timeout was set) begins with this commit, which gives it its times. Regression (audit): such a cookie from
    // before userKey, whose sign-in is recorded at its start (near 1970), was counted until 1970 + absoluteTimeout,
    // so revokeUserSessions counted 0 for it.
    return (times.present ? times.created : Math.max(stamp, Date.now())) + lifetime.absoluteTimeout * 1000;
  }

  /**
   * After a commit that is sent: records what stampUser found in the revocation store, so revocations count it.
   * Best effort: the record only feeds revokeUserSessions' count (revocation itself compares sign-in times), so a
   * store that fails to write (KV's write limits) must not turn a sign-in or a logout into a 500. Regression: it
   * did, and a logout then sent no expiring cookie.
   */
  async function recordSignIns(change) {
    if (change === undefined) return;
    const { session, user, signIn, signOuts } = change;
    usersAtRead.set(session, user); // a second commit of the session in this request is no new sign-in
    signOutsOwed.delete(session);
    if (signIn) noteSignInSent(session, signIn.stamp);
    await bestEffort(async () => {
      for (const signOut of signOuts) await revocation.signOut(signOut.user, signOut.stamp);
      if (signIn) await revocation.signIn(user, signIn.stamp, signIn.expiresAt);
    }, 'record a sign-in');
  }

  /**
   * With `revocation`: a destroyed session of a signed-in user is one sign-in fewer to count (best effort). Its
   * sign-in time is asked for inside: a session whose instance failed cannot say it (CORE_RESET), and its logout
   * must still end whole (regression, review: it answered 500 with no expiring cookie); the time last known is
   * recorded then.
   */
  const recordSignOut = (session) => recordTakenSignOut(takeSignOut(session));

  /**
   * The sign-out recordSignOut records, taken from the session at once (no await): a second destroySession of it
   * records nothing more, and the session may be ended right after (destroySession marks it destroyed before it
   * records this).
   */
  function takeSignOut(session) {
    const user = revocation ? usersAtRead.get(session) : undefined;
    const owed = revocation ? signOutsOwed.get(session) : undefined;
    signOutsOwed.delete(session);
    if (user === undefined && owed === undefined) return undefined;
    usersAtRead.delete(session);
    let stamp = 0;
    let failed;
    try {
      stamp = user === undefined ? 0 : signInSent(session);
    } catch (error) {
      failed = error;
    }
    return { user, owed, stamp, failed };
  }

  async function recordTakenSignOut(taken) {
    if (taken === undefined) return;
    const { user, owed, stamp, failed } = taken;
    await bestEffort(async () => {
      if (owed) await revocation.signOut(owed.user, owed.stamp);
      if (failed !== undefined) throw failed;
      if (user !== undefined && stamp !== 0) await revocation.signOut(user, stamp);
    }, 'record a sign-out');
  }

  /**
   * One crossing: the Set-Cookie (for a destroyed session, the expiring one),
   * NUL, the session's state; the core frees the session, which lives on in
   * that text (the core restores it on demand). Returns the Set-Cookie.
   */
  function commitIn({ core, address, cookie: coreCookie }, session, options) {
    if (session.destroyed) {
      // The expiring cookie, which needs nothing of the session: its instance may have failed meanwhile, and the
      // logout must still end whole. Regression (review): a chunked logout answered 500 (CORE_RESET) with no
      // expiring cookie. Its sign-out is recorded once sent (commitHeaders).
      const setCookie = expiringSetCookie(coreCookie, options, cookie); // first: bad options leave it unsettled
      session[releaseSession]();
      return { setCookie, change: undefined };
    }
    // Read before the core call: an app's error from its options (a getter that throws) is that commit's alone.
    // Regression (audit): thrown inside the guarded call, it was taken for a failed instance, which was replaced,
    // and every other request's session in it failed its commit (CORE_RESET).
    const attributes = optionsJson(options, cookie);
    const change = stampUser(session);
    let committed;
    try {
      committed = core.commit(address, session[sessionHandle](core), attributes, sealed ? nextNonce() : undefined, lifetime);
    } catch (error) {
      throw forgetCoreAfterTrap(error);
    }
    session[releaseSession](committed, true);
    return { setCookie: committed.slice(0, committed.indexOf('\0')), change };
  }

  /**
   * Remembers the session's user; with `revocation`, a session signed in
   * before its user's last revocation reads as a fresh one.
   */
  async function checkUser(session) {
    const user = userOnRead(session, userKey);
    if (user !== undefined && revocations) {
      let revoked;
      let keptDevice;
      try {
        // A cookie with a user but no sign-in time (from before userKey) signed in no later than it began.
        const signedIn = signedInAt(session);
        noteSignInSent(session, signedIn);
        const revocation = await storageCall('read the revocations of a user', () => revocations.revocationOf(user));
        revoked = isRevoked(revocation, signedIn || signedInBy(session), '');
        keptDevice = revoked && fromKeptDevice(revocation, signedIn);
      } catch (error) {
        session.dispose();
        throw error;
      }
      if (revoked) {
        session.dispose();
        const { core, address } = loadedCookie() ?? (await cookieInCore());
        let fresh;
        try {
          fresh = wrapSession(core, core.readSession(address, '', formatCode === FORMATS['remix-v3'] ? randomSessionId() : '', lifetime));
        } catch (error) {
          throw forgetCoreAfterTrap(error);
        }
        // The revoked session's chunks (and a migrateFrom cookie) are still in the browser: the fresh one's
        // commit expires them.
        const received = receivedCookieHeaders.get(session);
        if (received !== undefined) receivedCookieHeaders.set(fresh, received);
        if (keptDevice) keptDeviceTabs.add(fresh);
        return fresh;
      }
    }
    usersAtRead.set(session, user);
    return session;
  }

  /**
   * A session its user's revocation voided after this request read it (another tab of the device a revocation kept,
   * in flight meanwhile): its cookie would read as a fresh session, and would replace the kept device's new one. So
   * it is written no more, as the server-side storages refuse such a write: ended as by a logout, and sent as none
   * under the request lifecycle (refusedAsEnded). Regression (audit): that tab's response signed the kept device out.
   * Against what this isolate knows, with no lookup: a revocation made here, or one a read looked up (5 s cache). A
   * commit never waits on the revocation store, nor fails with it. True when refused (never without `revocation`).
   * So is a session of another tab of that device read after the revocation (keptDeviceTabs), unless it signs in,
   * when a request lifecycle writes it after its handler (`byLifecycle`: withSession, a middleware, Remix's save);
   * a commit by hand returns the header asked for.
   */
  function refuseIfRevoked(session, byLifecycle) {
    if (!revocations || session.destroyed) return false;
    if (keptDeviceTabs.has(session)) {
      // A fresh session, with no sign-in to end: refused only when it stays anonymous under a lifecycle.
      if (!(byLifecycle ?? lifecycleWrites.has(session)) || committedUserOf(session, userKey) !== undefined) return false;
    } else {
      const user = usersAtRead.get(session);
      if (user === undefined || committedUserOf(session, userKey) !== user) return false; // none, or a new sign-in
      if (!isRevoked(revocations.lastKnown(user), signInSent(session) || signedInBy(session), '')) return false;
      usersAtRead.delete(session); // its sign-in ended with the revocation: no sign-out to record
    }
    endedInStore.add(session);
    refusedAsEnded.add(session);
    session[markDestroyed]();
    return true;
  }

  /**
   * Every Set-Cookie of a commit of `session` (checked by the caller): the chunks, then expiring ones for the
   * chunks no longer used. `sent(headers)` says whether they reach the browser; a sign-in they carry is recorded
   * only then.
   */
  async function commitHeaders(session, options, sent = () => true) {
    // An earlier commit of the request stands: settled by it, or handed to the lifecycle since by a refused one
    // (SEVERAL_COOKIES) whose headers it would replace.
    const wasSettled = session[settled] || issuedSetCookies.has(session);
    const refused = refuseIfRevoked(session);
    const ending = session.destroyed; // its headers then expire the cookies: no commit of it to supersede later
    // Renewed, re-signed, sealed or migrated, or a flash that arrived cleared: no change of its own (the lifecycle's
    // rule for a write it may leave undone, request-lifecycle.js sessionWrite).
    const rewriteOnly = !ending && !session[ownChange];
    const { setCookie, change } = commitIn(loadedCookie() ?? (await cookieInCore()), session, options);
    // Cut after the commit: if it does not fit, it throws and nothing is written.
    let split;
    try {
      split = splitSetCookie(setCookie, cookie.name, chunks, heldChunks(session));
    } catch (error) {
      // Over the Cookie header budget: nothing is written, and the session is as before, its change unwritten:
      // still to be written, or (committed earlier in the request) after that commit, whose header stands.
      // Regressions: the commit left it settled and clean, so withSession then wrote nothing at all; then,
      // un-settled after an earlier commit, withSession dropped that header for a write that could not fit (a 500);
      // then (s51) a session only to be rewritten was made dirty, and withSession answered 500 where it leaves one
      // that cannot fit as the browser holds it, as it does when the core refuses the value.
      session[commitNotSent](wasSettled, rewriteOnly);
      throw error;
    }
    // Regression (review): a chunked logout's own expiring header was noted, then dropped as a commit the logout
    // supersedes, and the user stayed signed in.
    if (!ending) for (const header of split.cookies) session[noteCommitted](header);
    else if (refused) for (const header of [...split.cookies, ...split.expired]) session[noteCommitted](header); // refusedSetCookie
    if (split.cookies.length > (chunksSet.get(session) ?? 1)) chunksSet.set(session, split.cookies.length);
    if (change !== undefined && sent(split)) await recordSignIns(change);
    if (ending && userKey !== undefined && sent(split)) await recordSignOut(session); // the sign-in ends with it
    return split;
  }

  /**
   * Every Set-Cookie the commit needs, in order: with `chunks`, one per
   * cookie the session spans, then expiring ones for chunks it no longer
   * uses; otherwise the one commitSession returns. A destroyed session
   * expires them all. (The storage's methods are plain functions: React
   * Router apps take them off the storage. Regression: this one used `this`.)
   * @returns {Promise<string[]>}
   */
  async function commitSessionHeaders(session, options) {
    // Every time: whether an earlier call's headers reached the browser is not known here.
    const migrated = migration?.expiringHeaders(session);
    let headers;
    if (chunks === 1) {
      const before = leftoverSetCookies.get(session)?.byHeader;
      const earlier = before?.size ? new Map(before) : undefined;
      headers = [await (session.destroyed ? destroySession(session, options) : commitSession(session, options))];
      // These headers say it all: nothing more goes beside the first for this call (its commitSession left the old
      // cookie's expiry; regression: it went out twice), but an earlier commit that returned the same bytes (every
      // expiring header is alike) keeps what it left. Regression: a logout's old-cookie expiry was lost.
      const left = leftoverSetCookies.get(session);
      if (earlier?.has(headers[0])) left.byHeader.set(headers[0], earlier.get(headers[0]));
      else left?.byHeader.delete(headers[0]);
      headers.push(...leftChunks(session, headers[0]));
    } else {
      checkSession(session, sessionCookieIdentity);
      const ending = session.destroyed;
      const { cookies, expired } = await commitHeaders(session, options);
      headers = [...cookies, ...expired];
      if (ending) endingSetCookies.set(session, headers); // the old cookie's expiry joins it below
    }
    // A session read from the old cookie: the old cookie goes in the same response.
    if (migrated) headers.push(...(await migrated));
    // Replaced whole if a later commitSession of the session is refused. Regression: they stayed beside the
    // lifecycle's, and the first set's extra chunks made the session read as fresh.
    if (chunks > 1) issued(session, headers);
    return headers;
  }

  async function commitSession(session, options) {
    checkSession(session, sessionCookieIdentity);
    // A destroyed session's commit is its destroySession: its one header keeps the migrateFrom cookie from being
    // read again, the sign-out is recorded, and the request's lifecycle can send the logout again should a
    // framework drop it (endingSetCookies). Regressions: destroy() then commitSession() undid the logout during a
    // migration; then (review) whenever React Router's error boundary dropped that header.
    if (refuseIfRevoked(session)) return refusedSetCookie(session, options);
    if (session.destroyed) return destroySession(session, options);
    if (chunks > 1) {
      // One cookie: that header. The chunks the browser holds and this commit no longer uses are expired by the
      // request's lifecycle after the handler (other cookie names: the session's own header stays the only
      // one); by hand they stay, never read beside an unchunked cookie (joinChunks), until a commit expires them.
      // Regression: a React Router-style commitSession after a chunked session shrank (or was destroyed with
      // destroySession) threw SEVERAL_COOKIES, so that user could not sign in again.
      const fits = ({ cookies }) => cookies.length === 1;
      const split = await commitHeaders(session, options, fits);
      if (!fits(split)) {
        // Nobody gets these headers: the session stays to be written (by withSession, or commitSessionHeaders).
        session[commitNotSent]();
        throw severalCookiesError(cookie.name, split.cookies.length + split.expired.length);
      }
      await leaveForLifecycle(session, split.cookies[0], split.expired);
      issued(session, split.cookies);
      return split.cookies[0];
    }
    const { setCookie, change } = commitIn(loadedCookie() ?? (await cookieInCore()), session, options);
    session[noteCommitted](setCookie); // not a newer session's, should a logout by hand of it follow (setsEndedCookie)
    if (change !== undefined) await recordSignIns(change); // no await on the hot path: each costs a microtask turn
    const expired = leftChunks(session, setCookie);
    if (migration !== undefined || expired.length > 0) await leaveForLifecycle(session, setCookie, expired);
    if (revocation) issued(session, [setCookie]); // what the lifecycle replaces should a revocation keep it after
    return setCookie;
  }

  /**
   * What a commit that a revocation refused (refuseIfRevoked) returns: the void cookie's expiry, as commitSession must
   * return a header, noted as the session's own commit and not as a logout (endingSetCookies), so that a request's
   * lifecycle takes it from the response (request-lifecycle.js endingOrLeftovers): the browser may hold the kept
   * device's new cookie, which it would delete. Regression (s49 chunks pass): a tab of the kept device that read its
   * session before "sign out of my other devices" and committed by hand after it had its expiring header sent as a
   * logout, and the kept device was signed out.
   */
  async function refusedSetCookie(session, options) {
    const setCookie = endingSetCookie(session, (await cookieInCore()).cookie, options);
    session[releaseSession](); // settled: the lifecycle writes nothing more for it
    session[noteCommitted](setCookie);
    return setCookie;
  }

  /**
   * The one Set-Cookie that ends `session`'s cookie, for destroySession and a commit a revocation refused.
   * After the response (a streamed body, a ctx.waitUntil job) no response can carry it, and the cookie is the
   * session: SESSION_ENDED, as a late commit or destroy() throws. Regression (streamed-responses pass): it returned a
   * header nobody sent, and the old cookie still opened the session. While the request lifecycle writes the session
   * (an app's wrapper of this storage that audits first, or turns the commit into a logout) it is let through, and
   * the lifecycle sends it instead of the commit's header (request-lifecycle.js sessionWrite); regressions
   * (adversarial passes): such logouts answered 500, the user left signed in. Synchronous: its callers check after
   * their last await before the session is destroyed, so a commit meanwhile cannot make the check stale.
   */
  function endingSetCookie(session, coreCookie, options) {
    if (!lifecycleWrites.has(session)) session[assertChangeable]();
    const setCookie = expiringSetCookie(coreCookie, options, cookie);
    // By hand (React Router's logout idiom), this one header cannot also expire the migrateFrom cookie, which
    // would then be read again once ours is gone: the logout undone. Ours is kept instead, empty (no session),
    // for as long as a browser keeps a cookie; the old one is then never read. withSession expires both.
    return migration?.carries(session) && !requestSessions.has(session) ? keptEmpty(setCookie) : setCookie;
  }

  /**
   * The Set-Cookie that expires the session's cookie. With `chunks`, that is the first one, which ends the
   * session whatever else the browser holds: the other chunks then read as no session, and the browser's next
   * commit expires them (commitSessionHeaders of a destroyed session expires them all at once).
   */
  async function destroySession(session, options) {
    checkSession(session, sessionCookieIdentity);
    // The expiring cookie first: options it refuses leave the session as it was, its sign-out unrecorded and its
    // user at read remembered. Regression (review): recorded first, a refused logout left a signed-in session
    // uncounted, and its later commit, taken for a new sign-in, signed it in past a revocation made since its read.
    const setCookie = endingSetCookie(session, (await cookieInCore()).cookie, options);
    // The other chunks the browser holds: the request's lifecycle expires them too (leftoverSetCookies).
    const expired = chunks > 1 ? splitSetCookie(setCookie, cookie.name, chunks, heldChunks(session)).expired : leftChunks(session, setCookie);
    const signOut = userKey !== undefined ? takeSignOut(session) : undefined;
    // Known before the await below: the lifecycle's write (sessionWrite) may read it then, to send this logout.
    endingSetCookies.set(session, [setCookie]);
    // Destroyed, whether or not the handler called destroy() (issue 11).
    session[markDestroyed]();
    session[releaseSession]();
    endingSetCookies.set(session, [setCookie, ...(await leaveForLifecycle(session, setCookie, expired))]);
    await recordTakenSignOut(signOut);
    return setCookie;
  }

  // withRemixCookieStorage adds Remix v3's read/save, under the same lifetime, revocation and sealing.
  const remixPolicy = {
    cookie,
    lifetime,
    checkUser: (session) => (userKey === undefined ? session : checkUser(session)),
    beforeCommit: stampUser,
    refusesRevoked: (session) => refuseIfRevoked(session, true),
    afterCommit: recordSignIns,
    onDestroy: recordSignOut,
    migrates: migration !== undefined,
  };
  return withRemixCookieStorage({
    async getSession(cookieHeader, options) {
      refuseCodecs(options);
      const { core, address } = loadedCookie() ?? (await cookieInCore());
      let header = cookieHeaderFor(cookieHeader, [cookie.name, migration?.cookie.name]);
      if (migration && !hasCookie(header, cookie.name) && hasCookie(header, migration.cookie.name)) {
        return ownSession(await checkUser(await migration.read(core, header, formatCode === FORMATS['remix-v3'] ? randomSessionId() : '', lifetime)));
      }
      const received = header;
      let present = 0;
      if (chunks > 1) ({ header, present } = joinChunks(header, cookie.name, chunks));
      // Unchunked, chunks a larger `chunks` setting left (name.1 ...) are still the browser's to drop: kept in mind
      // for the commit to expire them. Regression (audit): with chunks lowered to 1 they were sent on for good.
      else if (received.includes(chunkPrefix)) present = 1;
      // Remix v3 sessions carry an ID; React Router's cookie sessions have "".
      const freshId = formatCode === FORMATS['remix-v3'] ? randomSessionId() : '';
      let session;
      try {
        session = wrapSession(core, core.readSession(address, header, freshId, lifetime));
      } catch (error) {
        throw forgetCoreAfterTrap(error);
      }
      if (present > 0 || migration !== undefined) receivedCookieHeaders.set(session, received);
      return ownSession(userKey === undefined ? session : await checkUser(session));
    },

    /** Cookie sessions live in browsers, not on the server: there is no list of them. */
    async listUserSessions() {
      throw new TypeError('listUserSessions: cookie sessions are kept by browsers, not by the server; use a server-side storage (Durable Objects, KV, memory, files) to list them');
    },

    /**
     * Voids every cookie session of the user signed in before now: each reads
     * as a fresh session from its next request on (other isolates: within
     * the 5 s cache). `except`, a Session of that user, is kept: signed in
     * anew, its next response rewrites it (which waits for a call left running
     * in ctx.waitUntil; once that response is being written the call throws
     * SESSION_ENDED and revokes nothing). Resolves to how many sign-ins it
     * ended: those recorded since the last revocation, not signed out, and
     * within absoluteTimeout (else 400 days); null with a KV stand-in that
     * cannot list, or when the list failed after the revocation was made.
     * @returns {Promise<number | null>}
     */
    async revokeUserSessions(userId, options) {
      const except = exceptOf(options);
      if (!revocation) {
        throw new TypeError('revokeUserSessions: this cookie storage was made without the revocation option ({ kv } or { namespace })');
      }
      const user = userIdOf(userId, 'revokeUserSessions');
      if (except !== undefined && !isSession(except)) throw new TypeError('revokeUserSessions: except must be a Session (cookie sessions have no ID)');
      const at = nextStamp(user);
      const keeps = except !== undefined && userOf(except, userKey) === user;
      // Switched to `user` in this request, the session keeps no cookie of theirs: its sign-in time is the old
      // user's, and would name a session of `user` signed in at that time as the kept one (stamps are per user).
      const userBefore = keeps ? usersAtRead.get(except) : undefined;
      const switched = userBefore !== undefined && userBefore !== user;
      const signedInBefore = userBefore !== undefined ? signInSent(except) : 0;
      const kept = keeps ? { stamp: userBefore === user ? signedInBefore : 0, expiresAt: signInEnd(except, at) } : undefined;
      // Its request's response is sent (or being written): the cookie that keeps it could never reach the device,
      // which the revocation would sign out with the others. Nothing is revoked.
      if (keeps) except[assertChangeable]();
      // Saved by Remix v3's session middleware: its response is out, as above.
      if (keeps && savedForResponse.has(except)) {
        throw new SessionDataError('SESSION_ENDED', 'Session cannot change: Remix\'s session middleware has saved it (its response is sent), so the device to keep could never get its new cookie; nothing was revoked');
      }
      // revokeUserSessions' revocation, and its keep of `except` (signed in anew) once made or failed.
      const revoking = (async () => {
        try {
          return await storageCall('revoke the sessions of a user', () => revocation.revoke(user, at, kept));
        } finally {
          // Failed or not, the mark may be written (a failure after it, or a write that landed though it failed):
          // this isolate takes it as made, and the device to keep is kept. Regression (review): a revocation that
          // failed after its mark signed that device out with the others.
          const mark = revocationOf({ at, exceptId: keptSignInId(kept?.stamp) }); // as the store keeps it
          revocations.remember(user, mark);
          revokedThrough(revocation.binding, user, mark);
          keepSignedIn(except, userKey, user, at);
          if (keeps) {
            if (switched && signedInBefore !== 0) signOutsOwed.set(except, { user: userBefore, stamp: signedInBefore });
            usersAtRead.set(except, user); // signed in at `at` (keepSignedIn): its next commit is no new sign-in
            // Committed already in this request: the cookie that commit made is signed in before `at`, so void. The
            // session is to be written again, the lifecycle's write replacing that header. Regression: the kept
            // device, committed by hand before the revocation, was signed out at its next request.
            if (except[settled]) except[commitNotSent]();
          }
        }
      })();
      if (keeps) {
        const earlier = keepsUnderWay.get(except);
        keepsUnderWay.set(except, Promise.allSettled(earlier === undefined ? [revoking] : [earlier, revoking]));
      }
      return revoking;
    },

    commitSessionHeaders,
    commitSession,
    destroySession,

    /** @internal What paces renewals: the request lifecycle's burst window. */
    // Without idleTimeout a rewrite only re-signs under secrets[0] or migrates, which writes no store: none is put
    // off (but one read before another write of its cookie is not made: request-lifecycle.js sessionWrite).
    // Regression: two visitors holding byte-identical old cookies (signed, no times, the same data) within 2 s were
    // taken for one, and the second was not re-signed.
    [rewriteWindow]: lifetime.idleTimeout === 0 ? 0 : rewriteWindowOf(lifetime),

    /**
     * @internal A session its handler committed by hand before its user's revocation (another tab of the kept
     * device, in flight meanwhile): refused at the lifecycle's end as a later commit would be, so the void cookie
     * that commit made does not replace the kept one. Not a tab read after the revocation: by hand, it gets the
     * header it asked for. Regression (s45 mutation pass): that hand commit's header went out, and signed the kept
     * device out.
     */
    [refuseVoidedCommit]: (session) => !keptDeviceTabs.has(session) && refuseIfRevoked(session),
  }, remixPolicy);
}
