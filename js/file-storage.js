// Sessions as files, for Node servers: one file per session in `dir`, holding
// React Router's file layout `{"data":<record>,"expires":<ms|null>}`.
// Every write goes to a temporary file in the same directory, is fsynced,
// then renamed over the session file: rename is atomic on POSIX, so a reader
// or a crash only ever sees the old file or the new one, never a partial one.
import { randomBytes } from 'node:crypto';
import { constants, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { access, link, lstat, mkdir, open, opendir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { cookieFromOption } from './cookie.js';
import { shownId } from './errors.js';
import { createIdSessionStorage } from './id-storage.js';
import { nestsDeeperThan } from './json-depth.js';
import { keptUntil, LATE_COMMIT_GRACE_MS, lifetimeOf } from './lifetime.js';
import { isIssuedSessionId, MAX_SESSION_BYTES } from './internal.js';
import { refuseUnknownOptions } from './storage-options.js';
import { holdsNothing, indexedUserStore, indexOfStored, sweepIndex } from './user-index.js';
import { userDigest, userKeyOf } from './user-sessions.js';
import { warnIfWritableByAnyone } from './warnings.js';

/**
 * A temporary file of `dir` (`.<id>.<16 hex>.tmp`), and what else a process killed mid-step leaves there, swept by
 * age as those are: the probe of the filesystem's clock (filesystemNow) and a session lock's `.break`
 * (removeStaleLock), each held for microseconds.
 */
const LEFT_IN_DIR_PATTERN = /^(\.[0-9a-f]{32}(?:[0-9a-f]{8})?\.[0-9a-f]{16}\.tmp|\.clock\.[0-9a-f]{16}|[0-9a-f]{32}(?:[0-9a-f]{8})?\.json\.lock\.break)$/;
/** A session's file: `<id>.json`, the ID as issueSessionId makes it; the sweep also looks at its lock, `<id>.json.lock`. */
const SESSION_SWEPT_PATTERN = /^[0-9a-f]{32}(?:[0-9a-f]{8})?\.json(\.lock)?$/;
/** Session files each write looks at in turn, for ones expired that no request will read again (more than it adds). */
const SESSIONS_SWEPT_PER_WRITE = 2;
/** Names of `dir` one look reads at most past files that are not sessions' (temporary files, locks, `users/`). */
const ENTRIES_READ_PER_WRITE = 32;
/** The temporary file of a user's index (in `dir/users/`): `<digest>.json.<16 hex>.tmp`; and its lock's `.break`. */
const INDEX_TEMP_PATTERN = /^[0-9a-f]{64}\.json(\.[0-9a-f]{16}\.tmp|\.lock\.break)$/;
/** A user's index (in `dir/users/`): `<SHA-256 of the user ID, hex>.json`; the sweep also looks at its lock. */
const INDEX_SWEPT_PATTERN = /^[0-9a-f]{64}\.json(\.lock)?$/;
/** Index files each change of a user's index looks at in turn, for expired sessions and nothing left to keep. */
const INDEXES_SWEPT_PER_CHANGE = 2;
/** Temporary files older than this are left over from a crashed writer. */
const STALE_TEMP_MS = 10 * 60 * 1000;
const MAX_CREATE_ATTEMPTS = 5;
/** Deletes of a session file without its lock (out of room) before a logout gives up waiting for room for it. */
const MAX_UNLOCKED_REMOVES = 3;
/** A user index's lock file older than this was left by a crashed process and is taken over. */
const STALE_LOCK_MS = 10_000;
/** How often a process waiting for a user index's lock looks again. */
const LOCK_POLL_MS = 5;

/** True for an error saying the filesystem can make no file (out of space or inodes, or over a quota). */
function isOutOfRoom(error) {
  return error?.code === 'ENOSPC' || error?.code === 'EDQUOT';
}

/** Rethrows `error` unless it isOutOfRoom. */
function unlessOutOfRoom(error) {
  if (!isOutOfRoom(error)) throw error;
}

function isNotFound(error) {
  return error?.code === 'ENOENT';
}

/** A session ID (40 hex, or 32 issued before) or a user's digest (64) as it sits in a file's name. */
const NAME_IN_PATH = /(?<![0-9a-f])[0-9a-f]{32,}(?![0-9a-f])/g;

/** `text` with each session ID (or user digest) of a file's name in it cut as shownId cuts an ID. */
function namesCut(text) {
  return text.replace(NAME_IN_PATH, (name) => shownId(name));
}

/**
 * `error`, one of this storage's own, with the file names in its text cut (namesCut): Node's filesystem errors name
 * their file, `<dir>/<id>.json`, and a session's ID is its bearer credential, for logs and the SessionStorageError
 * the app gets (its message and its cause) alike. Regression (pass on credentials in observable output): a read
 * that failed (EACCES, EMFILE, EIO) showed the whole ID, and a sweep's log another visitor's.
 */
function idsCutFrom(error) {
  if (error === null || typeof error !== 'object') return error;
  for (const field of ['message', 'stack', 'path', 'dest']) {
    if (typeof error[field] === 'string') Reflect.set(error, field, namesCut(error[field]));
  }
  return error;
}

/** `store` with the failures of its calls `names` (by default all its functions) made idsCutFrom. */
function failingWithIdsCut(store, names = Object.keys(store).filter((name) => typeof store[name] === 'function')) {
  const cut = { ...store };
  for (const name of names) {
    const method = store[name];
    cut[name] = async (...args) => {
      try {
        return await method(...args);
      } catch (error) {
        throw idsCutFrom(error);
      }
    };
  }
  return cut;
}

/** Which holder's lock `held` (its stat) is: a lock removed and taken again is another. */
function holderOf({ ino, mtimeMs }) {
  return `${ino}:${mtimeMs}`;
}

/** `path`'s stat (lstat's for `link`: a symlink's own), or null when there is no such file. */
async function statOrNull(path, { link = false } = {}) {
  try {
    return await (link ? lstat(path) : stat(path));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** Closes the sweep's listing of a directory, if open; the next look starts a new one. */
async function closeListing(sweep) {
  const { listing } = sweep;
  sweep.listing = null;
  await listing?.close().catch(() => {});
}

/**
 * The next names of `sweep`'s listing of `directory` (kept open across calls, begun anew past its end once per
 * call): up to `count` regular files named as `pattern`, at most ENTRIES_READ_PER_WRITE entries read. Regular files
 * only (the listing's types are lstat's): a directory, a symlink or a FIFO so named is none of ours. Regression
 * (review): a directory so named stopped every sweep, and a symlink to a FIFO hung the write that looked at it.
 * Rejects as the listing does, which is closed then.
 */
async function nextNames(sweep, directory, pattern, count) {
  const names = [];
  try {
    let opened = false;
    for (let read = 0; names.length < count && read < ENTRIES_READ_PER_WRITE; read++) {
      if (sweep.listing === null) {
        if (opened) break; // one new listing per look: a directory without such files is not read in a loop
        [sweep.listing, opened] = [await opendir(directory), true];
      }
      const entry = await sweep.listing.read();
      if (entry === null) await closeListing(sweep);
      else if (entry.isFile() && pattern.test(entry.name)) names.push(entry.name);
    }
  } catch (error) {
    await closeListing(sweep);
    throw error;
  }
  return names;
}

/**
 * Where the sweeps of one directory are, shared by every storage over it in this process: the listing of its
 * session files, that of its users' indexes, and when its stale temporary files were last looked for. Regression
 * (black-box pass over memory): kept per storage, a storage made per request began a new listing at each request,
 * looked at the same first files, and expired files piled up (one per new visitor); each also read the whole
 * directory for temporary files. Asked for at each use, so the directories used last are kept (a listing is an open
 * directory handle, two with users' indexes): one used past them has its listings closed once any look under way
 * ends, and begins again at its next use. Regression (adversarial pass): a storage held an evicted directory's
 * sweeps, opened a listing on them that nothing closed, and Node closed it at GC with its warning.
 */
const sweepsByDirectory = new Map(); // root -> its sweeps, the directory of the newest storage last
const MAX_SWEPT_DIRECTORIES = 64;
function sweepsOf(root) {
  let sweeps = sweepsByDirectory.get(root);
  sweepsByDirectory.delete(root);
  sweeps ??= {
    sessions: { listing: null, turn: Promise.resolve([]) },
    indexes: { listing: null, sweeping: false, evicted: false },
    tempsSweptAt: -Infinity, // performance.now(): a clock set back (or mocked) stops no sweep
  };
  sweepsByDirectory.set(root, sweeps);
  if (sweepsByDirectory.size > MAX_SWEPT_DIRECTORIES) {
    const [oldest, { sessions, indexes }] = sweepsByDirectory.entries().next().value;
    sweepsByDirectory.delete(oldest);
    // In its turn: a look under way reads on; the storages still over it go on sweeping with a listing of their own.
    sessions.turn = sessions.turn.then(() => closeListing(sessions)).then(() => []);
    indexes.evicted = true;
    if (!indexes.sweeping) closeListing(indexes);
  }
  return sweeps;
}

/** The stored expiry in ms: ours is a number; React Router's file storage wrote an ISO date. */
function expiryOf(expires) {
  if (expires === null || expires === undefined) return null;
  const at = typeof expires === 'number' ? expires : typeof expires === 'string' ? Date.parse(expires) : NaN;
  return Number.isFinite(at) ? at : undefined; // undefined: not a valid file
}

/** The deepest a file we write nests: a record's data (the core's 64 levels) inside the file's own object. */
const MAX_FILE_DEPTH = 65;

/**
 * A file's JSON, or a SyntaxError for one nested deeper than any we write: it reads as a corrupt file does.
 * Regression (audit): a record 5,000 levels deep overflowed the stack (a RangeError), and every request carrying
 * its cookie answered 500.
 */
function parseFileJson(text) {
  if (nestsDeeperThan(text, MAX_FILE_DEPTH)) throw new SyntaxError('the file nests deeper than a session file can');
  return JSON.parse(text);
}

/**
 * The session file at `path` as `{ data, expiresAt }` (expiresAt in ms, or null for none), or null when it is
 * missing or not a session file we write (writes are atomic: such a file is left for inspection).
 */
async function readStored(path) {
  let stored;
  try {
    stored = parseFileJson(await readRegularFile(path));
  } catch (error) {
    if (isNotFound(error) || readsAsCorrupt(error)) return null;
    throw error;
  }
  const expiresAt = expiryOf(stored?.expires);
  const { data } = stored ?? {};
  if (expiresAt === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  return { data, expiresAt };
}

/** Thrown by readRegularFile for what is no file this storage writes: it reads as a corrupt file does. */
const NOT_REGULAR = new Error('not a regular file, or larger than any this storage writes');

/** Whether a read's error says the file is none this storage wrote (corrupt JSON, or not a regular file of its size). */
function readsAsCorrupt(error) {
  return error instanceof SyntaxError || error === NOT_REGULAR;
}

/**
 * The largest file read: twice the most a session holds (MAX_SESSION_BYTES, which a record read past is taken as
 * missing anyway), room for a foreign writer's escapes; a user's index (at most MAX_USER_SESSIONS) is far smaller.
 * Regression (Node-in-production pass): a file of any size was read whole: 300 MB took 700 MB of memory and 3 s
 * for one request (a few at once, the process's memory), and one over 2 GiB answered 500.
 */
const MAX_FILE_BYTES = 2 * MAX_SESSION_BYTES;

/**
 * The text of `path` if it is a regular file: no symlink is followed (O_NOFOLLOW) and opening a FIFO does not wait
 * for a writer (O_NONBLOCK); else throws NOT_REGULAR. Every read of a session or an index file goes through it.
 * Regression (Node-in-production pass): the requests' reads followed links and waited on FIFOs, as only the sweep
 * did not: a session file linked to another's served that session under this ID, and four FIFOs so named blocked
 * libuv's four threads, so every file operation of the process waited for good.
 */
async function readRegularFile(path) {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if (error?.code === 'ELOOP' || error?.code === 'ENXIO') throw NOT_REGULAR;
    throw error;
  }
  try {
    const found = await handle.stat();
    if (!found.isFile() || found.size > MAX_FILE_BYTES) throw NOT_REGULAR;
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** Expired longer ago than a request that read it alive may still take to renew it: no request will serve it. */
function endedForGood(stored) {
  return stored !== null && stored.expiresAt !== null && stored.expiresAt + LATE_COMMIT_GRACE_MS <= Date.now();
}

/**
 * A session storage that keeps each session in a file of `dir` (Node only).
 * @param {object} options
 * @param {import('./cookie.js').Cookie | object} [options.cookie] holds only the signed ID
 * @param {string} options.dir created on first use if missing
 * @param {string} [options.userKey] the session key holding the user's ID: the
 *   storage then lists and revokes a user's sessions. Each user's index is a
 *   file of `dir/users/`, changed under a lock file, so processes sharing the
 *   directory see one index.
 * @example
 * const storage = createFileSessionStorage({
 *   cookie: { name: '__session', secrets: [process.env.SESSION_SECRET], maxAge: 86_400 },
 *   dir: './sessions',
 * });
 */
export function createFileSessionStorage({ cookie, encrypt, dir, idleTimeout, absoluteTimeout, touchInterval, userKey, ...unknown } = {}) {
  refuseUnknownOptions(unknown, 'createFileSessionStorage');
  if (typeof dir !== 'string' || dir === '') throw new TypeError('createFileSessionStorage: dir must be a directory path');
  const root = resolve(dir);
  // The directory itself, however it is spelt (a symlink to a shared one): storages over one directory share what
  // they know of a session's read. Asked each time it is used (one realpath), as the files are opened through
  // `root`: links made or retargeted after the storage count. Regressions (review): one spelt through a symlink,
  // or made before a link to it, counted as another backend, and a logout was written back; then so did one whose
  // real path was kept once known, after a deploy retargeted the link.
  const backend = () => realDirectory(root);
  const fileOf = (id) => join(root, `${id}.json`);
  let ready;

  /**
   * `make()`, which creates a file in the directory; should the directory have gone since prepare() made it (an
   * operator, a tmp cleaner, a remount: ENOENT, at the file's creation), it is made again and `make()` tried once
   * more. Regression (audit): every later commit failed (a 500) until the process restarted.
   */
  async function inDirectory(make) {
    try {
      return await make();
    } catch (error) {
      if (!isNotFound(error)) throw error;
      ready = undefined;
      await prepare();
      return make();
    }
  }

  // Creates the directory once and sweeps temporary files a crashed writer left (once per STALE_TEMP_MS in a
  // process, however many storages it makes over the directory).
  function prepare() {
    ready ??= (async () => {
      await mkdir(root, { recursive: true, mode: 0o700 }); // the names of its files are session IDs: its owner's only
      const found = await stat(root);
      if (!found.isDirectory()) throw new Error(`"${root}" is not a directory`);
      // Windows reports every directory o+w: its permissions are ACLs, which the mode does not show.
      if ((found.mode & 0o002) !== 0 && process.platform !== 'win32') warnIfWritableByAnyone(root);
      const sweeps = sweepsOf(root);
      if (performance.now() - sweeps.tempsSweptAt < STALE_TEMP_MS) return;
      await sweepStaleTemps();
      sweeps.tempsSweptAt = performance.now();
    })().catch((error) => {
      ready = undefined;
      throw error;
    });
    return ready;
  }

  // Users' indexes' too (dir/users/). Regression (audit of issue 14): those stayed for good.
  // Aged by the filesystem's clock, which stamped them, as locks are: by Date.now(), a process whose clock ran 10
  // minutes ahead of the files' (a skewed host, an NFS server's time, a mocked clock) deleted the temporary files
  // other processes were writing, and their commits failed (ENOENT at the link). Regression (audit).
  async function sweepStaleTemps() {
    const now = await filesystemNow();
    if (now === null) return; // no file can be made here: nothing to compare with, and nothing is swept
    await sweepTemps(root, LEFT_IN_DIR_PATTERN, now - STALE_TEMP_MS);
    await sweepTemps(join(root, 'users'), INDEX_TEMP_PATTERN, now - STALE_TEMP_MS);
  }

  async function sweepTemps(directory, pattern, cutoff) {
    let listing;
    try {
      listing = await opendir(directory); // read a batch at a time: a directory of millions is never held whole
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    for await (const { name } of listing) {
      if (!pattern.test(name)) continue;
      const path = join(directory, name);
      try {
        if ((await stat(path)).mtimeMs < cutoff) await unlink(path);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
  }

  /** Writes a complete, fsynced temporary file for `id`; returns its path. */
  async function writeTemp(id, record, expires) {
    const temp = join(root, `.${id}.${randomBytes(8).toString('hex')}.tmp`);
    const content = `{"data":${record},"expires":${keptUntil(expires)}}`;
    await inDirectory(() => writeFileSynced(temp, content)); // on disk before the name points at it
    return temp;
  }

  /**
   * Makes a rename, link or unlink in `directory` durable (best effort: not every platform can fsync a directory).
   * Regression (s44): a logout's unlink and a user index's rename were not synced, so a power loss in the seconds
   * after either returned could bring back a session the user had ended or a revocation's index.
   */
  async function syncDir(directory = root) {
    let handle;
    try {
      handle = await open(directory, 'r');
      await handle.sync();
    } catch {
      // Windows cannot open a directory; the rename itself is still atomic.
    } finally {
      await handle?.close();
    }
  }

  async function remove(path) {
    try {
      await unlink(path);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  // Each user's index (js/user-index.js) is one JSON file, read, changed and
  // replaced atomically while holding `<file>.lock` (created exclusively),
  // so neither another request nor another process changes it meanwhile.
  // One that holds nothing any more is removed, under that lock.
  const usersDir = join(root, 'users');
  async function withUserIndex(userId, change) {
    await prepare();
    await mkdir(usersDir, { recursive: true, mode: 0o700 });
    const path = join(usersDir, `${await userDigest(userId)}.json`);
    const unlock = await takeLock(`${path}.lock`);
    let changed;
    let result;
    try {
      ({ changed, result } = await changeIndexFile(path, change));
    } finally {
      await unlock();
    }
    if (changed) await sweepNextIndexes(path);
    return result;
  }

  /**
   * Runs `change` on the index in `path` (its lock held), then writes it back, or removes the file once the index
   * holds nothing (holdsNothing: no session, none still to end, no revocation mark). Resolves to `change`'s result
   * and whether the file changed. Regression (review): the index was always written back, and every user who ever
   * signed in left a file in dir/users/ for good, `{"revokedAt":0,"sessions":{},"listings":1}` once signed out.
   */
  async function changeIndexFile(path, change) {
    let index;
    let existed = true;
    try {
      index = parseFileJson(await readRegularFile(path));
    } catch (error) {
      if (isNotFound(error)) existed = false;
      else if (!readsAsCorrupt(error)) throw error;
    }
    index = indexOfStored(index);
    // An entry under a name this storage never issues is no session of the user, as on KV and createSessionStorage.
    // Regression (s52 hostile-input pass): a hand edit's `__proto__` was listed as a device, and counted by a revocation.
    for (const id of Object.keys(index.sessions)) if (!isIssuedSessionId(id)) delete index.sessions[id];
    const before = JSON.stringify(index);
    const result = change(index);
    if (holdsNothing(index)) {
      if (existed) {
        await remove(path);
        await syncDir(usersDir);
      }
      return { changed: existed, result };
    }
    const after = JSON.stringify(index);
    if (existed && after === before) return { changed: false, result };
    const temp = `${path}.${randomBytes(8).toString('hex')}.tmp`;
    await writeFileSynced(temp, after);
    try {
      await rename(temp, path);
    } catch (error) {
      await remove(temp).catch(() => {});
      throw error;
    }
    await syncDir(usersDir);
    return { changed: true, result };
  }

  // The indexes of users who never come back: their expired sessions leave at a change of the index, which never
  // comes. So each change of an index also looks at the next INDEXES_SWEPT_PER_CHANGE index files in turn (more than
  // a sign-in adds), as the memory storage's writes do: their sessions expired over a minute ago leave, and a file
  // then holding nothing is removed. The names come from one listing of dir/users/ kept open across changes and read
  // a few entries at a time, as the session files' (nextSessionNames), shared by the directory's storages. Regression
  // (black-box pass over memory): each round read the whole listing into memory, ~95 bytes per user (400,000 users:
  // 45 MB held). A file whose lock is held is left for its holder; one sweep at a time per directory.
  async function sweepNextIndexes(changedPath) {
    const sweep = sweepsOf(root).indexes;
    if (sweep.sweeping) return;
    sweep.sweeping = true;
    try {
      for (const name of await nextNames(sweep, usersDir, INDEX_SWEPT_PATTERN, INDEXES_SWEPT_PER_CHANGE)) {
        const path = join(usersDir, name);
        if (name.endsWith('.lock')) await sweepLeftLock(path);
        else if (path !== changedPath) await sweepIndexFile(path);
      }
    } catch (error) {
      // The sweep is housekeeping: the change that ran it stands. A directory removed meanwhile needs none.
      if (!isNotFound(error)) console.error('edge-session: could not sweep the users\' indexes of the file storage:', idsCutFrom(error));
    } finally {
      sweep.sweeping = false;
      if (sweep.evicted) await closeListing(sweep);
    }
  }

  async function sweepIndexFile(path) {
    const unlock = await tryLockOrStale(`${path}.lock`);
    if (unlock === null) return; // being changed: its holder's change is as good as a sweep
    try {
      await changeIndexFile(path, (index) => sweepIndex(index, Date.now()));
    } finally {
      await unlock();
    }
  }

  /**
   * Takes `lock` if no one holds it (created exclusively): what releases it, else null. The release never rejects:
   * it comes after the work, which stands. A lock it cannot remove is logged and taken over as a crashed holder's
   * (STALE_LOCK_MS); not tried again, as an unlink that failed may have removed it, and another holder's lock taken
   * since would go. Regression (fault-injection pass): a failed unlink of the lock answered a stored change with a
   * 500, and a sign-in's, past the delete of the ID it left, undid the new record too: the visitor lost the session.
   */
  async function tryLock(lock) {
    try {
      await (await open(lock, 'wx', 0o600)).close();
      return () =>
        remove(lock).catch((error) =>
          console.error(`edge-session: could not remove the lock file "${namesCut(lock)}"; it is taken over in ${STALE_LOCK_MS / 1000} s:`, idsCutFrom(error)),
        );
    } catch (error) {
      if (error?.code !== 'EEXIST') throw error;
      return null;
    }
  }

  /**
   * tryLock, taking over a lock older than STALE_LOCK_MS by the filesystem's clock (a crashed holder's, or one whose
   * release failed). Regression (adversarial pass): the sweeps took a held lock for a live holder however old, so an
   * expired session or index whose lock was left stayed for good.
   */
  async function tryLockOrStale(lock) {
    const unlock = await tryLock(lock);
    if (unlock !== null) return unlock;
    const held = await statOrNull(lock, { link: true });
    if (held !== null && !(await removeIfStale(lock, held))) return null;
    return tryLock(lock);
  }

  /**
   * A lock file the sweep's listing met: one whose file is gone (a session logged out, an index emptied, while its
   * release failed or its holder crashed) is removed once stale; one whose file is there goes with that file's sweep
   * or next write. Regression (adversarial pass): such locks stayed for good, one more per failed release.
   */
  async function sweepLeftLock(lock) {
    const file = lock.slice(0, -'.lock'.length);
    if ((await statOrNull(file)) !== null) return;
    const unlock = await tryLockOrStale(lock);
    await unlock?.();
  }

  /**
   * Takes `lock` (created exclusively). A lock older than STALE_LOCK_MS was left by a crash and is removed: its age
   * by the filesystem's own clock when first seen (a lock file left an hour ago is taken at once), else after this
   * process has watched the same holder that long (monotonic clock). Regression: the age was the lock's mtime
   * against Date.now(), so a mocked or skewed clock broke every lock at once and index changes were lost.
   */
  async function takeLock(lock) {
    let holder;
    let since;
    for (;;) {
      const unlock = await tryLock(lock);
      if (unlock !== null) return unlock;
      try {
        const held = await lstat(lock); // a symlink's own age: one that leads nowhere is aged and taken over too
        const seen = holderOf(held);
        if (seen !== holder) {
          [holder, since] = [seen, performance.now()];
          await removeIfStale(lock, held);
        } else if (performance.now() - since > STALE_LOCK_MS) {
          await removeStaleLock(lock, seen);
        }
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }

  /** Removes `lock` (its stat `held`) when older than STALE_LOCK_MS by the filesystem's clock: whether it was. */
  async function removeIfStale(lock, held) {
    const now = await filesystemNow();
    if (now === null || now - held.mtimeMs <= STALE_LOCK_MS) return false;
    await removeStaleLock(lock, holderOf(held));
    return true;
  }

  /**
   * The filesystem's clock: the mtime of a file made now (what a lock's mtime compares with, not Date.now), or
   * null when no file can be made (then only the monotonic wait decides). A unique name, created exclusively and
   * removed: nothing is left behind, and no symlink is followed.
   */
  async function filesystemNow() {
    const probe = join(root, `.clock.${randomBytes(8).toString('hex')}`);
    try {
      await (await open(probe, 'wx', 0o600)).close();
      return (await stat(probe)).mtimeMs;
    } catch {
      return null;
    } finally {
      await remove(probe).catch(() => {});
    }
  }

  /**
   * Removes the lock judged stale (`seen`: its inode and mtime), only if it is still that file: several waiters
   * judge together, and the first to remove it may already have let a new lock be taken at that path. One waiter
   * at a time checks and removes, holding `<lock>.break` (itself freed when older than STALE_LOCK_MS). Regression
   * (review): waiters unlinked by path, one of them a lock just taken, and two sign-ins changed an index at once.
   */
  async function removeStaleLock(lock, seen) {
    const breaker = `${lock}.break`;
    try {
      await (await open(breaker, 'wx', 0o600)).close();
    } catch (error) {
      if (error?.code !== 'EEXIST') throw error;
      const now = await filesystemNow();
      const age = now === null ? 0 : now - (await lstat(breaker).catch(() => ({ mtimeMs: now }))).mtimeMs;
      if (age > STALE_LOCK_MS) await remove(breaker); // left by a crash in the few microseconds it is held
      return;
    }
    try {
      const current = await statOrNull(lock, { link: true });
      if (current !== null && holderOf(current) === seen) await remove(lock);
    } finally {
      await remove(breaker);
    }
  }

  /**
   * Writes a complete, fsynced new file at `path`; one that could not be written whole is removed. Regression
   * (audit): on a full disk each failed index write left its temporary file in dir/users/ until a restart's sweep.
   */
  async function writeFileSynced(path, content) {
    const file = await open(path, 'wx', 0o600);
    try {
      await file.writeFile(content, 'utf8');
      await file.sync();
    } catch (error) {
      await file.close();
      await remove(path).catch(() => {});
      throw error;
    }
    await file.close();
  }

  /**
   * Writes the record of `id`, atomically: a complete temporary file renamed over it, under the file's lock, as the
   * sweep deletes it. Regression (review): the sweep, finding the old file ended, deleted the one just renamed over it.
   */
  async function replaceFile(id, record, expires) {
    if (!isIssuedSessionId(id)) throw new Error(`"${shownId(id)}" is not a session ID this storage made`);
    await prepare();
    const temp = await writeTemp(id, record, expires);
    try {
      await withSessionLock(id, () => rename(temp, fileOf(id)));
    } catch (error) {
      await remove(temp);
      throw error;
    }
    await syncDir();
  }

  /**
   * Deletes the session file at `path`. A directory at its name (a hand edit, another program) holds no session, as
   * it reads as missing: nothing to end, and it is left (Linux's unlink answers EISDIR, macOS's EPERM). Regression (s52
   * scenario pass): its EISDIR failed every revocation of the user that listed the ID, a 500 for good.
   */
  async function removeSessionAt(path) {
    try {
      await remove(path);
    } catch (error) {
      if ((error?.code === 'EISDIR' || error?.code === 'EPERM') && (await lstat(path).catch(() => null))?.isDirectory()) return;
      throw error;
    }
  }

  async function removeSessions(ids) {
    const issued = ids.filter(isIssuedSessionId);
    await Promise.all(issued.map(removeSessionFile));
    if (issued.length > 0) await syncDir();
  }

  /**
   * Deletes the file of session `id` under its lock; on a filesystem that can make no file (out of inodes or space:
   * ENOSPC, EDQUOT), without it: open(O_EXCL) answers EEXIST before ENOSPC, so no lock is held. Regression
   * (partial-failure pass): there a logout answered 500 and left the file, and the user could not sign out until an
   * operator freed space. But room comes back at any moment (another process's delete), and a write that made its
   * temporary file before may take the lock, find the file, and rename over it after that unlink: so the lock is
   * tried again once the file is gone (its inode freed makes room for the lock), waiting for such a write, and the
   * file deleted again under it. Regression (adversarial pass): a renewal racing the logout put the session back.
   */
  async function removeSessionFile(id) {
    const path = fileOf(id);
    for (let unlocked = 0; ; unlocked++) {
      let unlock;
      try {
        unlock = await takeLock(`${path}.lock`);
      } catch (error) {
        unlessOutOfRoom(error);
        // No lock held now: a write that held it during the last unlink has renamed its file; this deletes it.
        await removeSessionAt(path);
        if (unlocked < MAX_UNLOCKED_REMOVES) continue;
        return;
      }
      try {
        return await removeSessionAt(path);
      } finally {
        await unlock();
      }
    }
  }

  /** Runs `work` holding the lock of session `id`'s file, so that its delete and a replace do not interleave. */
  async function withSessionLock(id, work) {
    const unlock = await takeLock(`${fileOf(id)}.lock`);
    try {
      return await work();
    } finally {
      await unlock();
    }
  }

  // The files of visitors who never return: an expired session's file is deleted when read, which never comes. So
  // each write also looks at the next SESSIONS_SWEPT_PER_WRITE session files in turn, as each write of the memory
  // storage does, and deletes those expired over LATE_COMMIT_GRACE_MS ago. The names come from one listing of `dir`
  // kept open across writes and read a batch at a time (opendir), so a directory of millions of sessions is never
  // held in memory; a new listing starts when it ends. The names are read one write at a time (a listing takes one
  // read at a time), each write in its turn; the files are then looked at by each write itself, at once. Regression
  // (black-box pass): a write that found a look under way skipped its own, and under 20 concurrent writers 284 of
  // 300 expired files stayed (a look, files included, took as long as all of their writes). The listing is the
  // directory's, shared by its storages (sweepsOf).
  async function sweepNextSessions() {
    const sweeps = sweepsOf(root);
    // A process lives on past its first use of the directory (a server's storage is made once): what another
    // process killed since left is swept here, once per STALE_TEMP_MS. Regression (Node-in-production pass): only a
    // storage's first use swept, and a worker killed mid-write after the others' start left its file for good.
    if (performance.now() - sweeps.tempsSweptAt >= STALE_TEMP_MS) {
      sweeps.tempsSweptAt = performance.now();
      await sweepStaleTemps().catch((error) => {
        if (!isNotFound(error)) logSweepError(error);
      });
    }
    const sweep = sweeps.sessions;
    const next = () => nextSessionNames(sweep);
    const names = (sweep.turn = sweep.turn.then(next, next));
    for (const name of await names) {
      try {
        await (name.endsWith('.lock') ? sweepLeftLock(join(root, name)) : sweepSessionFile(join(root, name)));
      } catch (error) {
        // One file that cannot be read is left, and the listing goes on past it.
        if (!isNotFound(error)) logSweepError(error);
      }
    }
  }

  /** The next SESSIONS_SWEPT_PER_WRITE session file names of the listing (fewer past its end); never rejects. */
  async function nextSessionNames(sweep) {
    try {
      return await nextNames(sweep, root, SESSION_SWEPT_PATTERN, SESSIONS_SWEPT_PER_WRITE);
    } catch (error) {
      // Housekeeping: the write that ran it stands. A directory removed meanwhile needs none.
      if (!isNotFound(error)) logSweepError(error);
      return [];
    }
  }

  function logSweepError(error) {
    console.error('edge-session: could not sweep the expired sessions of the file storage:', idsCutFrom(error));
  }

  // Read without the lock (most files are alive), then again under it: every write (replace, update) holds the same
  // lock, so a file written meanwhile is kept. A file whose lock is held is left for its holder.
  async function sweepSessionFile(path) {
    if (!endedForGood(await readStored(path))) return;
    const unlock = await tryLockOrStale(`${path}.lock`);
    if (unlock === null) return;
    try {
      if (endedForGood(await readStored(path))) await remove(path);
    } finally {
      await unlock();
    }
  }

  const storage = createIdSessionStorage(cookieFromOption(cookie, encrypt), failingWithIdsCut({
    backend,
    lifetime: lifetimeOf({ idleTimeout, absoluteTimeout, touchInterval }),
    userKey: userKeyOf(userKey),
    users: failingWithIdsCut(indexedUserStore(withUserIndex, removeSessions)),
    async create(record, expires, newId) {
      await prepare();
      for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
        const id = newId();
        const temp = await writeTemp(id, record, expires);
        try {
          // link, unlike rename, fails if the name exists: an atomic
          // create-if-absent, so a colliding ID never overwrites a session.
          await link(temp, fileOf(id));
        } catch (error) {
          if (error?.code === 'EEXIST') continue;
          throw error;
        } finally {
          await remove(temp);
        }
        await syncDir();
        await sweepNextSessions();
        return id;
      }
      throw new Error(`no unused session ID after ${MAX_CREATE_ATTEMPTS} attempts`);
    },

    async read(id) {
      if (!isIssuedSessionId(id)) return null;
      await prepare();
      const path = fileOf(id);
      const stored = await readStored(path);
      if (stored === null) return null;
      if (stored.expiresAt !== null && stored.expiresAt <= Date.now()) {
        // An expired session is never served, but its file stays LATE_COMMIT_GRACE_MS past its expiry, as the memory
        // storage's record does: a request that read it alive just before still renews it (replace). Regression
        // (review): the browser's other request, reading it after the expiry, deleted it, and that commit was
        // answered with a logout. Deleted as the sweep deletes, read again under the file's lock: a write (update,
        // a late renewal) may have renamed a new record over it since. Regression (review): deleted without the
        // lock, the record update had just written went with it.
        // Out of room (ENOSPC, EDQUOT: its lock cannot be made), left for a later read or sweep: the read answers "no
        // session" all the same. Regression (adversarial pass): every request with its cookie, a logout too, was a 500.
        if (endedForGood(stored)) await sweepSessionFile(path).catch(unlessOutOfRoom);
        return null;
      }
      return JSON.stringify(stored.data);
    },

    async update(id, record, expires) {
      await replaceFile(id, record, expires);
      await sweepNextSessions();
    },

    async replace(id, record, expires, source) {
      if (!isIssuedSessionId(id) || !isIssuedSessionId(source)) return false;
      await prepare();
      const temp = await writeTemp(id, record, expires);
      let written;
      try {
        // Under the source's lock, which delete takes too: a logout either comes first (nothing is written) or
        // after. Regression: checked, then renamed, a logout in between was undone (92 of 100 runs).
        written = await withSessionLock(source, async () => {
          try {
            await access(fileOf(source));
          } catch (error) {
            if (isNotFound(error)) return false; // deleted (a logout) since this request read it
            throw error;
          }
          await rename(temp, fileOf(id));
          return true;
        });
      } finally {
        await remove(temp); // gone once renamed
      }
      if (written) {
        await syncDir();
        await sweepNextSessions();
      }
      return written;
    },

    async delete(id) {
      if (!isIssuedSessionId(id)) return; // no such file can exist
      await prepare();
      await removeSessionFile(id);
      await syncDir();
    },
  }, ['create', 'read', 'update', 'replace', 'delete']));
  return storage;
}

/**
 * The real path of `path` (links resolved), whether or not it exists yet: that of its deepest existing ancestor,
 * then the rest. Regression (review): a storage made before its directory existed (behind a symlink) took the path
 * as spelt, one made after it the real one, and the two counted as two backends.
 */
function realDirectory(path, links = 0) {
  const rest = [];
  for (let at = path; ; at = dirname(at)) {
    try {
      return join(realpathSync(at), ...rest);
    } catch {
      // A link to a directory not made yet (a volume mounted later) stands for its target. Regression (review).
      const target = links < 32 ? linkTarget(at) : undefined;
      // Relative to the link's real parent, as the system resolves it.
      if (target !== undefined) return realDirectory(join(resolve(realDirectory(dirname(at), links + 1), target), ...rest), links + 1);
      if (dirname(at) === at) return path;
      rest.unshift(basename(at));
    }
  }
}

/** What the symbolic link `path` points to, or undefined when it is none. */
function linkTarget(path) {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}
