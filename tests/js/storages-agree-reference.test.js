// The storages-agree model's steps (tests/js/storages-agree-model.js) against the reference model written from README
// (tests/js/storages-agree-reference.js), on the memory storage (the other storages agree with it: the storages-agree
// tests). A difference is shrunk to the fewest steps showing it. Env: AGREE_SEEDS, AGREE_STEPS, AGREE_LIFETIMES.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, withSession } from 'edge-session';
import { shrinkSteps } from './shrink-steps.js';
import { describeStep, genSteps, handle, LIFETIMES, lifetimeOf, runSteps, USER_KEY } from './storages-agree-model.js';
import { matches, referenceRun } from './storages-agree-reference.js';

const SEEDS = (process.env.AGREE_SEEDS ?? '1,2,3').split(',').map(Number);
const STEPS = Number(process.env.AGREE_STEPS ?? 300);
const NAMES = (process.env.AGREE_LIFETIMES ?? Object.keys(LIFETIMES).join(',')).split(',');
const T0 = Date.UTC(2031, 0, 1);
const realNow = Date.now;
let runs = 0;

async function differ(name, steps) {
  const t0 = T0 + ++runs * 86_400_000;
  const lifetime = lifetimeOf(name, t0);
  const storage = createMemorySessionStorage({ ...lifetime, cookie: { name: '__session', secrets: ['storages-agree-reference-s3cr3t!'], ...lifetime.cookie }, userKey: USER_KEY });
  const fetch = withSession(storage, (request, context) => handle(request, { ...context, storage }));
  let now = t0;
  Date.now = () => now;
  let actual;
  try {
    actual = await runSteps(steps, { fetch, storage, serverSide: true, t0, setNow: (ms) => (now = ms) });
  } finally {
    Date.now = realNow;
  }
  const expected = referenceRun(steps, lifetime, t0);
  for (let i = 0; i < steps.length; i++) {
    if (!matches(expected[i], actual[i])) return { ok: false, step: i, error: `README: ${JSON.stringify(expected[i])}\n   memory: ${JSON.stringify(actual[i])}` };
  }
  return { ok: true };
}

for (const name of NAMES) {
  for (const seed of SEEDS) {
    it(`${name}, seed ${seed}: the memory storage does what README says`, { timeout: 600_000 }, async () => {
      const steps = genSteps(seed, STEPS, { copies: true });
      const first = await differ(name, steps);
      if (first.ok) return;
      const { ops, result } = await shrinkSteps(steps, first, (candidate) => differ(name, candidate), { budget: 300 });
      assert.fail(`seed ${seed}, lifetime ${name}: differs from README at step ${first.step}\nshrunk to ${ops.length} steps, differing at the last:\n   ${result.error}\n${ops.map((s, i) => `  ${i}: ${describeStep(s)}`).join('\n')}`);
    });
  }
}
