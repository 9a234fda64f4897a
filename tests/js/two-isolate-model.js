// What the two-isolate models (two-isolate-revocation-model, two-isolate-kv-storage-model) share: the users they
// sign in, the order of a sign-in and a revocation the README promises, their bursts of sign-ins, and their tests.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { checkSeed } from './shrink-steps.js';

/** The users: a number is its string, so 7 and '7' are one user (12 and '12' too). */
export const ID_FORMS = [7, '7', 'ann', 'bob', 12, '12'];

/**
 * Does revocation R void sign-in S, each { iso, seq, t, hi } (its isolate, the model's order, the stamp's window
 * [t, hi]): 'void', 'kept', or 'either' (another isolate, windows that meet: as precise as the clocks).
 */
export function orderOf(S, R) {
  if (S.iso === R.iso) return S.seq < R.seq ? 'void' : 'kept';
  if (S.hi < R.t) return 'void';
  if (S.t > R.hi) return 'kept';
  return 'either';
}

/** 5 to 44 other users' sign-ins in one ms, with up to two of ours among them (int, pick: the seed's random). */
export function burstIds(int, pick) {
  const ids = Array.from({ length: 5 + int(40) }, (_, i) => `filler${i}`);
  for (let k = int(3); k > 0; k--) ids.splice(int(ids.length + 1), 0, pick(ID_FORMS));
  return ids;
}

/** A step as a failure shows it: a burst's fillers as their number, our users by their place in it. */
export function describeStep({ op, ids, ...rest }) {
  const ours = ids?.flatMap((id, i) => (ID_FORMS.includes(id) ? [`${JSON.stringify(id)} at ${i}`] : []));
  return `${op} ${JSON.stringify(rest)}${ids ? ` ${ids.length} sign-ins: ${ours.join(', ') || 'fillers only'}` : ''}`;
}

/**
 * One test per seed (its steps run against the oracle, shrunk when they fail), then one that fails when fewer checks
 * of a kind than `least` names ran over the default seeds (8) and steps (`fullSteps`): the model is not vacuous.
 */
export function seedTests({ seeds, steps, fullSteps, stepsOf, run, least }) {
  const totals = {};
  let seedsRun = 0;
  for (const seed of seeds) {
    it(`seed ${seed}: ${steps}+ steps agree with the README's oracle`, async () => {
      const tally = await checkSeed(seed, stepsOf(seed), run, describeStep);
      for (const [name, n] of Object.entries(tally)) totals[name] = (totals[name] ?? 0) + n;
      seedsRun++;
    });
  }
  it('is not vacuous: every kind of check ran', (t) => {
    if (seedsRun < seeds.length || seeds.length < 8 || steps < fullSteps) return t.skip('needs the default seeds, all passed');
    t.diagnostic(JSON.stringify(totals));
    for (const [name, n] of Object.entries(least)) assert.ok((totals[name] ?? 0) >= n, `${name}: ${totals[name] ?? 0} checks, fewer than ${n}`);
  });
}
