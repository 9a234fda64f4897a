// createFileSessionStorage shared by several Node processes (cluster workers, PM2 instances) over one `dir`, one of
// which is killed (SIGKILL, the OOM killer) while it writes: what it leaves behind must go, also when the other
// processes live on and no process starts again (README, Limits: "leftover temporary files removed after 10
// minutes"). Regressions (Node-in-production pass): only a storage's first use of the directory swept, so a
// server's storage, made once at start, never removed the temporary file of a worker killed after that start (PM2
// restarts the worker, whose first use finds the file fresh and keeps it); and the probe of the filesystem's clock
// (`.clock.<16 hex>`) and a lock's `.break` file, left by a process killed while it held them, matched no sweep at all.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { blobFor } from './fixtures/blob.js';
import { commitNew, COOKIE_NAME, cookiePair, SECRET, sleep } from './support.js';

const WRITER = fileURLToPath(new URL('./fixtures/file-writer.js', import.meta.url));
const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };
const scratch = await mkdtemp(join(tmpdir(), 'edge-session-leftovers-'));
after(() => rm(scratch, { recursive: true, force: true }));

/** Sets `path`'s times `ms` into the past (the filesystem's clock is what the sweeps age files by). */
async function age(path, ms) {
  const then = new Date(Date.now() - ms);
  await utimes(path, then, then);
}

/** Runs the writer of tests/storage/fixtures over `dir` and SIGKILLs it mid-write until it leaves a temporary file. */
async function killWritersUntilTempLeft(dir, cookieHeader) {
  for (let kill = 0; kill < 40; kill++) {
    const child = spawn(process.execPath, [WRITER, dir, cookieHeader, String(120 * 1024)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise((resolve) => child.stdout.on('data', (chunk) => chunk.includes('ready') && resolve()));
    await sleep(20 + Math.random() * 200);
    child.kill('SIGKILL');
    await exited;
    const temps = (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
    if (temps.length > 0) return temps;
  }
  throw new Error('no kill landed mid-write');
}

it("a server's storage removes a killed worker's temporary file once it is 10 minutes old, without a restart", { timeout: 120_000 }, async (t) => {
  const dir = join(scratch, 'long-lived');
  const server = createFileSessionStorage({ cookie, dir }); // made once, at the server's start
  await commitNew(server);
  const setCookie = await commitNew(server, { n: 0, blob: blobFor(0, 120 * 1024) });
  const [temp] = await killWritersUntilTempLeft(dir, cookiePair(setCookie));

  // 11 minutes later, by the filesystem's clock and this process's monotonic one; the server keeps serving.
  await age(join(dir, temp), 11 * 60_000);
  const monotonic = performance.now.bind(performance);
  t.mock.method(performance, 'now', () => monotonic() + 11 * 60_000);
  for (let request = 0; request < 20; request++) await commitNew(server);
  assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.tmp')), [], 'the temporary file is gone');
});

it("the clock probe and a lock's .break file a killed process left are swept as its temporary files are", async (t) => {
  const dir = join(scratch, 'probes');
  await commitNew(createFileSessionStorage({ cookie, dir, userKey: 'user' }), { user: 'ann' }); // makes dir/users/
  // What a process killed between creating and removing them leaves (about 1 kill in 30 of two processes signing
  // users in and out at once leaves a probe).
  const left = [
    join(dir, `.clock.${'c'.repeat(16)}`),
    join(dir, `${'d'.repeat(32)}.json.lock.break`),
    join(dir, 'users', `${'e'.repeat(64)}.json.lock.break`),
  ];
  for (const path of left) {
    await writeFile(path, '');
    await age(path, 3 * 3600_000);
  }
  const monotonic = performance.now.bind(performance);
  t.mock.method(performance, 'now', () => monotonic() + 11 * 60_000);
  await commitNew(createFileSessionStorage({ cookie, dir, userKey: 'user' }), { user: 'bob' });
  const names = [...(await readdir(dir)), ...(await readdir(join(dir, 'users')))];
  assert.deepEqual(names.filter((name) => name.startsWith('.clock.') || name.endsWith('.break')), []);
});
