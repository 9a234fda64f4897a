// The storages-agree model (tests/js/storages-agree-model.js) on the storages only workerd runs: Workers KV and
// Durable Objects (everything compared with Node's memory storage), the cookie storage with `revocation: { kv }` and
// `{ namespace }` (what a request reads and the Set-Cookie it gets), and, as a control, the memory storage inside
// workerd. A difference is shrunk (the steps replayed in the Worker) to the fewest steps showing it.
// Env: AGREE_SEEDS, AGREE_STEPS, AGREE_LIFETIMES, AGREE_KINDS.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createMemorySessionStorage, withSession } from 'edge-session';
import { shrinkSteps } from '../js/shrink-steps.js';
import { describeStep, firstDifference, genSteps, handle, LIFETIMES, lifetimeOf, runSteps, USER_KEY } from '../js/storages-agree-model.js';
import { startWorker } from '../helpers/start-worker.js';

const SEEDS = (process.env.AGREE_SEEDS ?? '1,2').split(',').map(Number);
const STEPS = Number(process.env.AGREE_STEPS ?? 200);
const LIFETIME_NAMES = (process.env.AGREE_LIFETIMES ?? Object.keys(LIFETIMES).join(',')).split(',');
const KINDS = (process.env.AGREE_KINDS ?? 'memory,kv,do,cookie-kv,cookie-do').split(',');
const T0 = Date.UTC(2031, 0, 1);

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./storages-agree-worker/wrangler.toml', import.meta.url)) });
}, { timeout: 60_000 });
after(() => worker?.dispose());

let runs = 0;
const realNow = Date.now;
async function nodeMemory(lifetimeName, steps) {
  const t0 = T0 + ++runs * 86_400_000;
  const lifetime = lifetimeOf(lifetimeName, t0);
  const storage = createMemorySessionStorage({ ...lifetime, cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'], ...lifetime.cookie }, userKey: USER_KEY });
  const fetch = withSession(storage, (request, context) => handle(request, { ...context, storage }));
  let now = t0;
  Date.now = () => now;
  try {
    return await runSteps(steps, { fetch, storage, serverSide: true, t0, setNow: (ms) => (now = ms) });
  } finally {
    Date.now = realNow;
  }
}

async function inWorker(kind, lifetime, steps, clock) {
  // workerd's own socket, not wrangler's dev proxy, whose POSTs fail now and then with its 503 under load
  // (workers-sdk#14641, tests/helpers/start-worker.js).
  const body = JSON.stringify({ kind, lifetime, list: steps, clock: kind.startsWith('cookie') ? clock : undefined });
  const post = () => fetch(new URL('/run', worker.directUrl), { method: 'POST', body });
  // Sent again once when the connection fails before any answer (undici's "fetch failed": a kept-alive socket the
  // server closed as the POST left, seen on a loaded machine); each run is the Worker's own (its own start time and
  // keys), so a second one reads nothing of the first.
  const res = await post().catch((error) => (error instanceof TypeError ? post() : Promise.reject(error)));
  const text = await res.text();
  assert.equal(res.status, 200, text.slice(0, 2000));
  return JSON.parse(text);
}

const readsAndWrites = (rec, step) =>
  step.op === 'req' ? { n: rec.n, uid: rec.uid, flash: rec.flash, setCookie: rec.setCookie, status: rec.status, threw: rec.threw, error: rec.error } : step.op === 'adv' || step.op === 'to' ? rec : null;

for (const lifetime of LIFETIME_NAMES) {
  for (const seed of SEEDS) {
    for (const kind of KINDS) {
      it(`${lifetime}, seed ${seed}: ${kind} in workerd agrees with memory in Node`, { timeout: 600_000 }, async () => {
        const fields = kind.startsWith('cookie') ? readsAndWrites : (rec) => rec;
        const differ = async (candidate) => {
          const a = await nodeMemory(lifetime, candidate);
          const b = await inWorker(kind, lifetime, candidate, a);
          const d = firstDifference(candidate, a, b, fields);
          return d === null ? { ok: true } : { ok: false, step: d.step, error: `memory: ${d.a}\n   ${kind}: ${d.b}` };
        };
        // Durable Objects: a copy of a cookie read within 2 s of a move of its session (a thief's, or another tab's) writes
        // nothing (README, Choices): that storage runs the steps without copies.
        const steps = genSteps(seed, STEPS, { copies: kind === 'kv' || kind === 'memory' });
        const first = await differ(steps);
        if (first.ok) return;
        const { ops, result } = await shrinkSteps(steps, first, differ, { budget: 200 });
        assert.fail(`seed ${seed}, lifetime ${lifetime}: ${kind} differs at step ${first.step}\nshrunk to ${ops.length} steps, differing at the last:\n   ${result.error}\n${ops.map((s, i) => `  ${i}: ${describeStep(s)}`).join('\n')}`);
      });
    }
  }
}

// The cookie storage's two revocation stores tell the same story, revokeUserSessions' count included (README: the
// count comes from a record of sign-ins either store keeps).
for (const lifetime of LIFETIME_NAMES) {
  for (const seed of SEEDS) {
    it(`${lifetime}, seed ${seed}: cookie-do agrees with cookie-kv, counts included`, { timeout: 600_000 }, async () => {
      const differ = async (candidate) => {
        const reference = await nodeMemory(lifetime, candidate);
        const a = await inWorker('cookie-kv', lifetime, candidate, reference);
        const b = await inWorker('cookie-do', lifetime, candidate, reference);
        const d = firstDifference(candidate, a, b, (rec) => rec);
        return d === null ? { ok: true } : { ok: false, step: d.step, error: `cookie-kv: ${d.a}\n   cookie-do: ${d.b}` };
      };
      const steps = genSteps(seed, STEPS);
      const first = await differ(steps);
      if (first.ok) return;
      const { ops, result } = await shrinkSteps(steps, first, differ, { budget: 200 });
      assert.fail(`seed ${seed}, lifetime ${lifetime}: differs at step ${first.step}\nshrunk to ${ops.length} steps, differing at the last:\n   ${result.error}\n${ops.map((s, i) => `  ${i}: ${describeStep(s)}`).join('\n')}`);
    });
  }
}
