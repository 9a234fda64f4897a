// Every storage tells the same story (tests/js/storages-agree-model.js): fixed seeds of a few hundred steps each,
// run on every storage Node runs, compared step by step with the memory storage (server-side storages: everything;
// cookie storages: what a request reads and the Set-Cookie it gets, and among themselves revokeUserSessions' count).
// A difference is shrunk to the fewest steps showing it. Env: AGREE_SEEDS, AGREE_STEPS, AGREE_LIFETIMES.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCookieSessionStorage, createMemorySessionStorage, createSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV, mapKVWithMetadata } from './map-kv.js';
import { shrinkSteps } from './shrink-steps.js';
import { describeStep, firstDifference, genSteps, LIFETIMES, lifetimeOf, runSteps, USER_KEY } from './storages-agree-model.js';

const SEEDS = (process.env.AGREE_SEEDS ?? '1,2,3').split(',').map(Number);
const STEPS = Number(process.env.AGREE_STEPS ?? 300);
const KINDS = (process.env.AGREE_LIFETIMES ?? Object.keys(LIFETIMES).join(',')).split(',');
const T0 = Date.UTC(2031, 0, 1);

const realNow = Date.now;
let dirs = [];
let runs = 0;

function makeStorage(kind, lifetime) {
  const cookie = { name: '__session', secrets: ['s3cr3t'], ...lifetime.cookie };
  const options = { ...lifetime, cookie, userKey: USER_KEY };
  switch (kind) {
    case 'memory':
      return { storage: createMemorySessionStorage(options), serverSide: true };
    case 'file': {
      const dir = mkdtempSync(join(tmpdir(), 'es-agree-'));
      dirs.push(dir);
      return { storage: createFileSessionStorage({ ...options, dir }), serverSide: true };
    }
    case 'kv':
      return { storage: createWorkersKVSessionStorage({ ...options, kv: mapKVWithMetadata() }), serverSide: true };
    case 'callbacks':
      return { storage: createSessionStorage({ ...options, ...callbacksOf(mapBackend()) }), serverSide: true };
    case 'cookie':
      return { storage: createCookieSessionStorage({ ...options, revocation: { kv: mapKV() } }), serverSide: false };
    case 'sealed':
      return { storage: createCookieSessionStorage({ ...options, encrypt: true, revocation: { kv: mapKV() } }), serverSide: false };
    case 'chunked':
      return { storage: createCookieSessionStorage({ ...options, chunks: 3, revocation: { kv: mapKV() } }), serverSide: false };
  }
  throw new Error(kind);
}

async function run(kind, lifetimeName, steps, clock) {
  const t0 = T0 + ++runs * 86_400_000;
  const { storage, serverSide } = makeStorage(kind, lifetimeOf(lifetimeName, t0));
  const fetch = withSession(storage, (request, context) => import('./storages-agree-model.js').then((m) => m.handle(request, { ...context, storage })));
  // Each run starts a day past the last: an isolate's sign-in stamps outlive a run (tests/helpers/hand-clock.js).
  let now = t0;
  Date.now = () => now;
  try {
    return await runSteps(steps, { fetch, storage, serverSide, t0, setNow: (ms) => (now = ms), clock: serverSide ? undefined : clock });
  } finally {
    Date.now = realNow;
  }
}

const SERVER = ['file', 'kv', 'callbacks'];
const COOKIE = ['cookie', 'sealed', 'chunked'];
const all = (rec) => rec;
const observed = (rec, step) => (step.op === 'req' ? { n: rec.n, uid: rec.uid, flash: rec.flash, setCookie: rec.setCookie, status: rec.status, threw: rec.threw, error: rec.error } : step.op === 'adv' || step.op === 'to' ? rec : null);
const cookieAll = (rec, step) => (step.op === 'list' ? null : rec);

/** Compares `kind` with `reference` on `steps`; a difference is shrunk and thrown. */
async function agree(lifetimeName, reference, kind, fields, steps, seed) {
  const lifetime = lifetimeName;
  const differ = async (candidate) => {
    const a = await run(reference, lifetime, candidate);
    const b = await run(kind, lifetime, candidate, a);
    const d = firstDifference(candidate, a, b, fields);
    return d === null ? { ok: true } : { ok: false, step: d.step, error: `${reference}: ${d.a}\n   ${kind}: ${d.b}` };
  };
  const first = await differ(steps);
  if (first.ok) return;
  const { ops, result } = await shrinkSteps(steps, first, differ, { budget: 250 });
  const shown = ops.map((step, i) => `  ${i}: ${describeStep(step)}`).join('\n');
  assert.fail(`seed ${seed}, lifetime ${lifetimeName} (${JSON.stringify(lifetime)}): ${kind} differs from ${reference} at step ${first.step}\nshrunk to ${ops.length} steps, differing at the last:\n   ${result.error}\n${shown}`);
}

for (const lifetimeName of KINDS) {
  for (const seed of SEEDS) {
    const steps = genSteps(seed, STEPS);
    const withCopies = genSteps(seed, STEPS, { copies: true });
    for (const kind of SERVER) {
      it(`${lifetimeName}, seed ${seed}: ${kind} agrees with memory`, { timeout: 300_000 }, async () => {
        try {
          await agree(lifetimeName, 'memory', kind, all, withCopies, seed);
        } finally {
          for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
          dirs = [];
        }
      });
    }
    for (const kind of COOKIE) {
      it(`${lifetimeName}, seed ${seed}: ${kind} reads and writes as memory does`, { timeout: 300_000 }, () => agree(lifetimeName, 'memory', kind, observed, steps, seed));
    }
    for (const kind of COOKIE.slice(1)) {
      it(`${lifetimeName}, seed ${seed}: ${kind} agrees with the signed cookie storage`, { timeout: 300_000 }, () => agree(lifetimeName, 'cookie', kind, cookieAll, steps, seed));
    }
  }
}
