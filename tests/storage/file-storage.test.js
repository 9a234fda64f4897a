// createFileSessionStorage (Node): the shared contract, the file format, IDs that try to leave the directory,
// corrupt files, and crash safety under SIGKILL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { createFileSessionStorage, SessionStorageError } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { describeIdStorage } from './contract.js';
import { blobFor } from './fixtures/blob.js';
import { commitNew, COOKIE_NAME, cookiePair, idOf, near, readFresh, readSession, SECRET, signedCookie, sleep } from './support.js';

const WRITER = fileURLToPath(new URL('./fixtures/file-writer.js', import.meta.url));
const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };

/** A made-up ID of this storage's cookie (its tag included), from 24 hex characters. */
const idOfCookie = (random) => issueSessionId(COOKIE_NAME, random);
const scratch = await mkdtemp(join(tmpdir(), 'edge-session-files-'));
after(() => rm(scratch, { recursive: true, force: true }));
let dirs = 0;
/** A fresh directory inside the scratch one (which holds the files the traversal tests plant outside it). */
const freshDir = () => join(scratch, `sessions-${++dirs}`);


const exists = (path) => stat(path).then(() => true, () => false);
/** Whether `dir` holds the record of `id` (readFresh's `stored`). */
const storedIn = (dir) => (id) => exists(join(dir, `${id}.json`));

describeIdStorage('createFileSessionStorage', async (cookieOptions) => {
  const dir = freshDir();
  const storage = createFileSessionStorage({ cookie: cookieOptions, dir });
  return { storage, stored: (id) => exists(join(dir, `${id}.json`)) };
});

describe('createFileSessionStorage', () => {
  // Regression (review): with staleness timed only by this process's waiting, a lock file a crash left an hour ago
  // stalled the next logout (and sign-in) for 10 s. Its age by the filesystem's clock frees it at once.
  it('a lock file a crash left long ago is taken at once', async () => {
    const dir = freshDir();
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const header = cookiePair(await storage.commitSession(session));
    const lock = join(dir, `${idOf(header)}.json.lock`);
    await writeFile(lock, '');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(lock, anHourAgo, anHourAgo);
    const started = performance.now();
    await storage.destroySession(await storage.getSession(header));
    assert.ok(performance.now() - started < 2000, `the logout took ${Math.round(performance.now() - started)} ms`);
    assert.equal((await storage.getSession(header)).get('userId'), undefined);
  });

  // Regression (review): waiters that judged a lock stale together unlinked it by path, one of them the lock
  // another had just taken, and two sign-ins changed the user's index at once (one was lost). The probe of the
  // filesystem's clock leaves no file behind.
  it("a stale lock met by many sign-ins at once: only one takes it, none is lost", async () => {
    for (let round = 0; round < 5; round++) {
      const dir = freshDir();
      const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
      const signIn = async () => {
        const session = await storage.getSession(null);
        session.set('userId', 'ada');
        await storage.commitSession(session);
      };
      await signIn();
      const [index] = (await readdir(join(dir, 'users'))).filter((name) => name.endsWith('.json'));
      const lock = join(dir, 'users', `${index}.lock`);
      await writeFile(lock, '');
      const anHourAgo = new Date(Date.now() - 3_600_000);
      await utimes(lock, anHourAgo, anHourAgo);
      await Promise.all(Array.from({ length: 40 }, signIn));
      assert.equal((await storage.listUserSessions('ada')).length, 41, `round ${round}`);
      assert.deepEqual((await readdir(dir)).filter((name) => name.startsWith('.clock') || name.endsWith('.stale')), []);
    }
  });

  // Regression: a lock was stale when its file's mtime was 10 s behind Date.now(), so a clock moved forward (a
  // test's mock, or a skewed host) broke every lock at once and concurrent index changes overwrote each other.
  it("a clock far ahead of the files' times does not break the lock on a user's index", async (t) => {
    const storage = createFileSessionStorage({ cookie, dir: freshDir(), userKey: 'userId' });
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 3_600_000 });
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const session = await storage.getSession(null);
        session.set('userId', 'ada');
        await storage.commitSession(session);
      }),
    );
    assert.equal((await storage.listUserSessions('ada')).length, 20, 'no sign-in lost to a broken lock');
  });

  it('writes one file per session, {"data":<record>,"expires":<ms>}, readable by its owner only', async () => {
    const dir = freshDir();
    const setCookie = await commitNew(createFileSessionStorage({ cookie, dir }));
    const path = join(dir, `${idOf(setCookie)}.json`);
    const stored = JSON.parse(await readFile(path, 'utf8'));
    const { __es__: times, ...data } = stored.data; // its times (issue 11) when the cookie expires
    assert.deepEqual(data, { user: 'mj' });
    assert.ok(times === undefined || times.length === 3);
    assert.ok(near(stored.expires, Date.now() + 3_600_000));
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(dir), [`${idOf(setCookie)}.json`], 'no temporary file is left behind');
  });

  it('makes the directories it creates (dir, dir/users) its owner\'s only: their names are session IDs', async () => {
    // Regression (Node-in-production pass): made 0755, they let every local user list the IDs (enough to take a
    // session over with an unsigned cookie, which only warns). A dir that exists keeps its mode.
    const dir = freshDir();
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    await storage.commitSession(session);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    assert.equal((await stat(join(dir, 'users'))).mode & 0o777, 0o700);
  });

  it('stores "expires": null when the cookie has no maxAge or expires', async () => {
    const dir = freshDir();
    const setCookie = await commitNew(createFileSessionStorage({ cookie: { name: COOKIE_NAME, secrets: [SECRET] }, dir }));
    const stored = JSON.parse(await readFile(join(dir, `${idOf(setCookie)}.json`), 'utf8'));
    assert.equal(stored.expires, null);
  });

  it('creates a missing directory (nested) on first use', async () => {
    const dir = join(freshDir(), 'a', 'b');
    const setCookie = await commitNew(createFileSessionStorage({ cookie, dir }));
    assert.ok(await exists(join(dir, `${idOf(setCookie)}.json`)));
  });

  // Kept through the grace: a request that read it alive just before still renews it (tests/js/late-commit.test.js).
  it('serves no expired file, and deletes it when it reads it LATE_COMMIT_GRACE_MS past its expiry', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
    const dir = freshDir();
    const storage = createFileSessionStorage({ cookie, dir });
    const expires = new Date(Date.now() + 200);
    const setCookie = await commitNew(storage, { user: 'mj' }, { expires });
    const path = join(dir, `${idOf(setCookie)}.json`);
    t.mock.timers.tick(1050); // past the expiry's second
    await readFresh(storage, cookiePair(setCookie), { notIds: [idOf(setCookie)], stored: storedIn(dir) });
    assert.ok(await exists(path), 'deleted within the grace');
    t.mock.timers.tick(LATE_COMMIT_GRACE_MS);
    await readFresh(storage, cookiePair(setCookie), { notIds: [idOf(setCookie)], stored: storedIn(dir) });
    assert.equal(await exists(path), false);
  });

  it("reads React Router's file layout, whose expires is an ISO date", async () => {
    const dir = freshDir();
    await mkdir(dir, { recursive: true });
    const live = idOfCookie('a'.repeat(24));
    const dead = idOfCookie('b'.repeat(24));
    await writeFile(join(dir, `${live}.json`), JSON.stringify({ data: { user: 'rr' }, expires: new Date(Date.now() + 60_000) }));
    await writeFile(join(dir, `${dead}.json`), JSON.stringify({ data: { user: 'rr' }, expires: new Date(Date.now() - 1) }));
    const storage = createFileSessionStorage({ cookie, dir });
    assert.deepEqual(await readSession(storage, signedCookie(live)), { id: live, data: { user: 'rr' } });
    await readFresh(storage, signedCookie(dead), { notIds: [dead], stored: storedIn(dir) });
  });

  it('treats a corrupt, partial or foreign file as missing and never throws', async () => {
    const dir = freshDir();
    await mkdir(dir, { recursive: true });
    const storage = createFileSessionStorage({ cookie, dir });
    const contents = [
      '',
      '{"data":{"user":"mj"',
      'null',
      '[]',
      '"text"',
      '{"data":[1,2],"expires":null}',
      '{"data":"x","expires":null}',
      '{"expires":null}',
      '{"data":{"user":"mj"},"expires":"not a date"}',
      '{"data":{"user":"mj"},"expires":{}}',
      '\u0000\u00ff\u0001garbage',
    ];
    for (const [i, content] of contents.entries()) {
      const id = idOfCookie(i.toString(16).padStart(24, 'c'));
      await writeFile(join(dir, `${id}.json`), content);
      await readFresh(storage, signedCookie(id), { notIds: [id], stored: storedIn(dir) }, JSON.stringify(content));
    }
  });

  it('never reads or writes outside its directory, whatever ID a validly signed cookie names', async () => {
    const dir = freshDir();
    const storage = createFileSessionStorage({ cookie, dir });
    await commitNew(storage); // creates dir
    const planted = JSON.stringify({ data: { pwned: true }, expires: null });
    await writeFile(join(scratch, 'outside.json'), planted);
    await writeFile(join(scratch, 'outside'), planted);
    const inside = idOf(await commitNew(storage, { user: 'mj' }));
    const before = (await readdir(scratch)).sort();
    const forgedIds = [
      '../outside',
      '../outside.json',
      `../${'0'.repeat(26)}side`,
      '../../etc/passwd',
      '/etc/passwd',
      `${scratch}/outside`,
      '..\\outside',
      `${inside}/../../outside`,
      `./${inside}`,
      `${inside}.json`,
      `${inside}\n`,
      `${inside}\u0000`,
      inside.toUpperCase(),
      '%2e%2e%2foutside',
      '',
    ];
    for (const forged of forgedIds) {
      const session = await storage.getSession(signedCookie(forged));
      assert.equal(session.id, '', `fresh session for ${JSON.stringify(forged)}`);
      assert.equal(session.get('pwned'), undefined);
      session.set('x', 1);
      const setCookie = await storage.commitSession(session);
      session.dispose();
      assert.match(idOf(setCookie), /^[0-9a-f]{40}$/);
      assert.ok(await exists(join(dir, `${idOf(setCookie)}.json`)), 'the new session lives inside dir');
    }
    assert.deepEqual((await readdir(scratch)).sort(), before, 'nothing appeared outside dir');
    assert.equal(await readFile(join(scratch, 'outside.json'), 'utf8'), planted, 'nothing outside was changed');
  });

  it('writes a session whose ID it did not make under a new ID of its own, never building a path from the given one', async () => {
    const dir = freshDir();
    const storage = createFileSessionStorage({ cookie, dir });
    const { createSession } = await import('edge-session');
    const session = await createSession({ user: 'mj' }, '../escape');
    const setCookie = await storage.commitSession(session);
    assert.match(idOf(setCookie), /^[0-9a-f]{40}$/);
    assert.deepEqual(await readdir(dir), [`${idOf(setCookie)}.json`]);
    assert.equal(await exists(join(dir, '..', 'escape.json')), false);
    session.dispose();
  });

  it('never reads a temporary file as a session, and sweeps stale ones on first use', async () => {
    const dir = freshDir();
    await mkdir(dir, { recursive: true });
    const id = idOfCookie('d'.repeat(24));
    const staleTemp = join(dir, `.${id}.0123456789abcdef.tmp`);
    const freshTemp = join(dir, `.${id}.fedcba9876543210.tmp`);
    const content = JSON.stringify({ data: { user: 'from a temp file' }, expires: null });
    await writeFile(staleTemp, content);
    await writeFile(freshTemp, content);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(staleTemp, anHourAgo, anHourAgo);
    const storage = createFileSessionStorage({ cookie, dir });
    await readFresh(storage, signedCookie(id), { notIds: [id], stored: storedIn(dir) });
    assert.equal(await exists(staleTemp), false, 'a temp file older than 10 minutes is a crashed write: removed');
    assert.equal(await exists(freshTemp), true, 'a recent one may belong to a live writer: kept');
  });

  // Regression (audit of issue 14): the temporary files of users' indexes (dir/users/) stayed for good.
  it('sweeps the stale temporary files of users\' indexes too', async () => {
    const dir = freshDir();
    await mkdir(join(dir, 'users'), { recursive: true });
    const digest = 'e'.repeat(64);
    const staleTemp = join(dir, 'users', `${digest}.json.0123456789abcdef.tmp`);
    const freshTemp = join(dir, 'users', `${digest}.json.fedcba9876543210.tmp`);
    const index = join(dir, 'users', `${digest}.json`);
    for (const path of [staleTemp, freshTemp, index]) await writeFile(path, '{"sessions":{}}');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(staleTemp, anHourAgo, anHourAgo);
    await utimes(index, anHourAgo, anHourAgo);
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    await readSession(storage, signedCookie(idOfCookie('d'.repeat(24))));
    assert.equal(await exists(staleTemp), false, 'a crashed index write: removed');
    assert.equal(await exists(freshTemp), true, 'a live writer\'s: kept');
    assert.equal(await exists(index), true, 'an index is no temporary file');
  });

  // Regression (audit): the sweep aged temporary files by Date.now(), so a process starting with a clock 10 minutes
  // ahead of the files' (a skewed host, an NFS server's time, a mock) deleted the files other processes were writing,
  // and their commits failed (ENOENT at the link). Aged by the filesystem's clock now, as locks are.
  it("a clock far ahead of the files' times sweeps no live writer's temporary file", async (t) => {
    const dir = freshDir();
    await mkdir(join(dir, 'users'), { recursive: true });
    const liveTemp = join(dir, `.${'f'.repeat(32)}.0123456789abcdef.tmp`);
    const liveIndexTemp = join(dir, 'users', `${'e'.repeat(64)}.json.0123456789abcdef.tmp`);
    const crashedTemp = join(dir, `.${'f'.repeat(32)}.fedcba9876543210.tmp`);
    for (const path of [liveTemp, liveIndexTemp, crashedTemp]) await writeFile(path, '{}');
    const elevenMinutesAgo = new Date(Date.now() - 11 * 60_000);
    await utimes(crashedTemp, elevenMinutesAgo, elevenMinutesAgo);
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 11 * 60_000 });
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    await readSession(storage, signedCookie(idOfCookie('d'.repeat(24))));
    assert.equal(await exists(liveTemp), true, "a live writer's session file: kept");
    assert.equal(await exists(liveIndexTemp), true, "a live writer's index file: kept");
    assert.equal(await exists(crashedTemp), false, 'one the filesystem stamped over 10 minutes ago: removed');
    assert.deepEqual((await readdir(dir)).filter((name) => name.startsWith('.clock')), [], 'the clock probe is gone');
  });

  it('fails clearly when dir is a file', async () => {
    const path = join(scratch, 'not-a-dir');
    await writeFile(path, 'x');
    const storage = createFileSessionStorage({ cookie, dir: path });
    const session = await storage.getSession(null);
    session.set('x', 1);
    await assert.rejects(storage.commitSession(session), SessionStorageError);
    session.dispose();
  });

  it('requires dir', () => {
    assert.throws(() => createFileSessionStorage({ cookie }), TypeError);
  });
});

describe("createFileSessionStorage users' index files", () => {
  const indexFiles = async (dir) => (await readdir(join(dir, 'users')).catch(() => [])).filter((name) => name.endsWith('.json'));
  const signIn = async (storage, userId) => {
    const session = await storage.getSession(null);
    session.set('userId', userId);
    const header = cookiePair(await storage.commitSession(session));
    session.dispose();
    return header;
  };
  const userOf = async (storage, header) => (await readSession(storage, header)).data.userId;

  // Regression (review B): withUserIndex always wrote the index back, and each user who ever signed in left
  // `<dir>/users/<digest>.json` for good, `{"revokedAt":0,"sessions":{},"listings":1}` once signed out.
  it('users who signed in and out leave no index file behind', async () => {
    const dir = freshDir();
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    for (let i = 0; i < 20; i++) await storage.destroySession(await storage.getSession(await signIn(storage, `user-${i}`)));
    for (let i = 0; i < 20; i++) assert.deepEqual(await storage.listUserSessions(`user-${i}`), []);
    assert.deepEqual(await indexFiles(dir), []);
    assert.deepEqual((await readdir(join(dir, 'users'))).filter((name) => !name.endsWith('.json')), [], 'no lock or temporary file either');
  });

  it('a user with a live session keeps their index file', async () => {
    const dir = freshDir();
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    const kept = await signIn(storage, 'ada');
    await storage.destroySession(await storage.getSession(await signIn(storage, 'ada')));
    await storage.destroySession(await storage.getSession(await signIn(storage, 'bob')));
    assert.equal((await indexFiles(dir)).length, 1);
    assert.deepEqual((await storage.listUserSessions('ada')).map((listed) => listed.id), [idOf(kept)]);
    assert.equal((await storage.revokeUserSessions('ada')), 1);
    assert.equal(await userOf(storage, kept), undefined);
  });

  // The emptiness rule keeps a revocation mark: a session no index lists (written before userKey) is checked against
  // it at each read, so a file dropped with its mark would bring such a session back.
  it('a revocation is still honoured once the index holds nothing else', async () => {
    const dir = freshDir();
    const before = cookiePair(await commitNew(createFileSessionStorage({ cookie, dir }), { userId: 'ada' }));
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    const listed = await signIn(storage, 'ada');
    await sleep(1100); // the unlisted session counts as signed in at its second
    assert.equal(await storage.revokeUserSessions('ada'), 1);
    // A sign-in after the revocation, then its logout: the index then holds only the mark.
    await storage.destroySession(await storage.getSession(await signIn(storage, 'ada')));
    assert.deepEqual(await storage.listUserSessions('ada'), []);
    assert.equal((await indexFiles(dir)).length, 1, 'the mark is kept');
    assert.equal(await userOf(storage, before), undefined, 'signed in before the revocation: still void');
    assert.equal(await userOf(storage, listed), undefined);
    const after = await signIn(storage, 'ada');
    assert.equal(await userOf(storage, after), 'ada', 'a sign-in after it stands');
  });

  // The indexes of users who never come back: each change of an index looks at two others in turn; one whose
  // sessions all expired (a minute's grace past) is removed.
  it("the index of a user who never returns goes once their sessions expired", async (t) => {
    const dir = freshDir();
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    for (let i = 0; i < 5; i++) await signIn(storage, `gone-${i}`);
    assert.equal((await indexFiles(dir)).length, 5);
    t.mock.timers.tick(3_600_000 + LATE_COMMIT_GRACE_MS + 1000);
    const header = await signIn(storage, 'ada');
    for (let i = 0; i < 6; i++) await storage.commitSession(await storage.getSession(header), { maxAge: 3600 + i });
    assert.equal((await indexFiles(dir)).length, 1, "only ada's is left");
    assert.equal((await storage.listUserSessions('ada')).length, 1);
    for (let i = 0; i < 5; i++) assert.deepEqual(await storage.listUserSessions(`gone-${i}`), []);
  });
});

describe('createFileSessionStorage crash safety', () => {
  const KILLS = 10;
  const BLOB_SIZE = 120 * 1024; // near the value limit (README, Limits)

  /** Starts the writer; resolves once it has committed at least once. */
  function startWriter(dir, cookieHeader) {
    const child = spawn(process.execPath, [WRITER, dir, cookieHeader, String(BLOB_SIZE)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr: () => stderr })));
    const ready = new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => chunk.includes('ready') && resolve());
      exited.then(({ code, signal }) => reject(new Error(`writer exited before ready (code ${code}, signal ${signal}): ${stderr}`)));
    });
    return { child, ready, exited };
  }

  it('never leaves a partial session: SIGKILL at random moments mid-write, every file parses and every read is whole', { timeout: 120_000 }, async (t) => {
    const dir = freshDir();
    const storage = createFileSessionStorage({ cookie: { name: COOKIE_NAME, secrets: [SECRET] }, dir });
    const setCookie = await commitNew(storage, { n: 0, blob: blobFor(0, BLOB_SIZE) });
    const id = idOf(setCookie);
    let lastN = 0;

    for (let kill = 0; kill < KILLS; kill++) {
      const writer = startWriter(dir, cookiePair(setCookie));
      await writer.ready;
      await sleep(Math.random() * 400);
      writer.child.kill('SIGKILL');
      const { code, signal, stderr } = await writer.exited;
      assert.equal(signal, 'SIGKILL', `the writer was killed, not stopped by a bad read (code ${code}): ${stderr()}`);

      for (const name of await readdir(dir)) {
        if (!name.endsWith('.json')) continue;
        const stored = JSON.parse(await readFile(join(dir, name), 'utf8')); // throws on a partial file
        assert.equal(typeof stored.data, 'object');
      }
      const session = await storage.getSession(cookiePair(setCookie));
      const n = session.get('n');
      assert.equal(session.id, id, 'the session survived the kill');
      assert.ok(n >= lastN, `n never goes back (${n} after ${lastN})`);
      assert.equal(session.get('blob'), blobFor(n, BLOB_SIZE), 'the data is one whole write');
      session.dispose();
      lastN = n;
    }

    const temps = (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
    t.diagnostic(`${KILLS} kills, ${lastN} completed writes, ${temps.length} kills landed mid-write (temporary file left)`);
    assert.ok(lastN > KILLS, 'the writer did write between kills');
    assert.ok(temps.length > 0, 'at least one kill landed mid-write, so the test tested something');
  });
});
