// Black-box pass (credentials in observable output): the file storage's filesystem errors carry the path of the
// session's file, `<dir>/<id>.json` (or its temporary file `.<id>.<16 hex>.tmp`, its lock `<id>.json.lock`), and
// that path, the whole session ID in it, reaches:
//   - the SessionStorageError getSession/commitSession reject with (its message copies the cause's message, and its
//     `cause` is the fs error itself, with `.path`/`.dest`),
//   - the log withSession writes of the 500 it answers (console.error prints the error and its cause),
//   - the log of a lock that could not be removed (its own text names the lock's path),
//   - the log of the expired-session sweep, which names *another* visitor's session file.
// The project's own rule (js/errors.js shownId, tests/js/logged-session-id.test.js) is that logs and messages name a
// session by the first 8 characters of its ID only: logs are read by more people than the sessions' owners. The
// storage error even says `session "1a2b3c4d…"` and then the whole ID right after it.
//
// Faults: a read under a directory replaced by a file (a real ENOTDIR, the same message as EACCES/EMFILE/EIO would carry), and
// failures injected into node:fs/promises (as tests/storage/file-storage-lock-release-fails does) for the errors a
// full disk, a file-descriptor limit or a busy file give, in the message format Node uses for them.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, it } from 'node:test';
import { createFileSessionStorage, withSession } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

// One injected fault at a time: (fn name, path) => an Error to throw, or undefined to let the call through.
let inject = () => undefined;
const original = { open: fsp.open, unlink: fsp.unlink };
for (const name of Object.keys(original)) {
  fsp[name] = async (path, ...rest) => {
    const error = inject(name, String(path), rest);
    if (error) throw error;
    return original[name](path, ...rest);
  };
}
syncBuiltinESMExports();
after(() => {
  Object.assign(fsp, original);
  syncBuiltinESMExports();
});

/** An error as Node's fs makes it (uvException): `CODE: description, syscall 'path'`, with code, syscall and path. */
function fsError(code, description, syscall, path) {
  return Object.assign(new Error(`${code}: ${description}, ${syscall} '${path}'`), { code, syscall, path });
}

const scratch = await mkdtemp(join(tmpdir(), 'pass1-fs-leak-'));
after(() => rm(scratch, { recursive: true, force: true }));
let dirs = 0;

async function setup(t) {
  const dir = join(scratch, `s${++dirs}`);
  const storage = createFileSessionStorage({ cookie, dir });
  const fetch = withSession(storage, (request, { session }) => {
    session.set('visits', (session.get('visits') ?? 0) + 1);
    return new Response('ok');
  });
  const visit = async (pair) => {
    const response = await fetch(new Request('https://app.test/', { headers: pair ? { Cookie: pair } : {} }));
    return { status: response.status, pair: response.headers.get('set-cookie')?.split(';')[0] ?? pair };
  };
  const ids = async () => (await readdir(dir)).filter((name) => /^[0-9a-f]{32}(?:[0-9a-f]{8})?\.json$/.test(name)).map((name) => name.slice(0, name.indexOf(".")));
  const logged = [];
  t.mock.method(console, 'error', (...args) => logged.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' ')));
  t.after(() => {
    inject = () => undefined;
  });
  return { dir, storage, visit, ids, logged };
}

/** Everything of `error` the application sees: message, stack, cause, and what console.error would print. */
function seenOf(error) {
  return [String(error?.message), String(error?.stack), String(error?.cause?.message), inspect(error)].join('\n');
}

function assertNoWholeId(text, id, where) {
  assert.ok(!text.includes(id), `${where} shows the whole session ID ${id}:\n${text.slice(0, 1200)}`);
}

it("a session file that cannot be read: the storage error and withSession's log name the whole session ID", async (t) => {
  const { dir, storage, visit, ids, logged } = await setup(t);
  const { pair } = await visit();
  const [id] = await ids();
  // A real fault: the directory replaced by a file (ENOTDIR; EACCES, EMFILE and EIO carry the same path). A link
  // to itself (ELOOP) no longer is one: a link reads as no session.
  await rm(dir, { recursive: true });
  await writeFile(dir, '');

  const error = await storage.getSession(pair).then(() => null, (e) => e);
  assert.equal(error?.code, 'STORAGE_FAILED');
  assertNoWholeId(seenOf(error), id, 'the error getSession rejects with');

  assert.equal((await visit(pair)).status, 500);
  assert.ok(logged.length > 0, 'the 500 is logged');
  assertNoWholeId(logged.join('\n'), id, "withSession's log of the 500");
});

it("a commit whose temporary file cannot be made (a full disk): the error and the log name the whole session ID", async (t) => {
  const { visit, ids, logged, storage } = await setup(t);
  const { pair } = await visit();
  const [id] = await ids();
  inject = (name, path) => (name === 'open' && path.endsWith('.tmp') ? fsError('ENOSPC', 'no space left on device', 'open', path) : undefined);

  assert.equal((await visit(pair)).status, 500);
  assert.ok(logged.length > 0, 'the 500 is logged');
  assertNoWholeId(logged.join('\n'), id, "withSession's log of the failed commit");

  const session = await storage.getSession(pair);
  session.set('visits', 99);
  const error = await storage.commitSession(session).then(() => null, (e) => e);
  assert.equal(error?.code, 'STORAGE_FAILED');
  assertNoWholeId(seenOf(error), id, 'the error commitSession rejects with');
});

it("a session's lock that cannot be removed: the log names the lock file, the whole session ID in it", async (t) => {
  const { dir, visit, ids, logged } = await setup(t);
  const { pair } = await visit();
  const [id] = await ids();
  const lock = join(dir, `${id}.json.lock`);
  let once = true;
  inject = (name, path) => {
    if (name !== 'unlink' || path !== lock || !once) return undefined;
    once = false;
    return fsError('EBUSY', 'resource busy or locked', 'unlink', path);
  };
  assert.equal((await visit(pair)).status, 200);
  assert.equal(once, false, 'the lock release failed once');
  assert.ok(logged.length > 0, 'the failed release is logged');
  assertNoWholeId(logged.join('\n'), id, 'the log of the lock left');
});

it("the expired-session sweep of one visitor's write logs another visitor's whole session ID", async (t) => {
  const { dir, visit, ids, logged } = await setup(t);
  const other = await visit(); // another visitor's session, a file of the same directory
  const [otherId] = await ids();
  const otherFile = join(dir, `${otherId}.json`);
  // That file cannot be opened for the sweep's look (the process is at its file-descriptor limit, or an EIO).
  inject = (name, path, [flags]) => (name === 'open' && path === otherFile && typeof flags === 'number' ? fsError('EMFILE', 'too many open files', 'open', path) : undefined);
  const mine = await visit(); // a new session: its write sweeps the next files of the directory
  assert.equal(mine.status, 200);
  assert.ok(other.pair !== mine.pair);
  assert.ok(logged.length > 0, 'the sweep failure is logged');
  assertNoWholeId(logged.join('\n'), otherId, "the sweep's log (another visitor's session)");
});

it("a revocation whose end of another device's file fails rejects with that device's whole session ID", async (t) => {
  const dir = join(scratch, `s${++dirs}`);
  const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
  const signIn = async () => {
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    return storage.getSession((await storage.commitSession(session)).split(';')[0]);
  };
  const other = await signIn(); // ada's other device
  const here = await signIn();
  const otherFile = join(dir, `${other.id}.json`);
  t.after(() => {
    inject = () => undefined;
  });
  inject = (name, path) => (name === 'unlink' && path === otherFile ? fsError('EIO', 'i/o error', 'unlink', path) : undefined);
  const error = await storage.revokeUserSessions('ada', { except: here }).then(() => null, (e) => e);
  assert.ok(error, 'the revocation rejects');
  assertNoWholeId(seenOf(error), other.id, 'the error revokeUserSessions rejects with');
});
