// The users' index model (tests/js/user-index-model.js) on fixed seeds, per Node storage: no invariant broken. A
// failure is shrunk to its smallest script, whose trace the assertion shows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COOKIE, genScript, runScript, shrink } from './user-index-model.js';
import { userStores } from './user-stores.js';

const STORES = userStores(COOKIE);
const RUNS = { memory: [150, 15], callbacks: [100, 15], kv: [100, 15], file: [20, 12] }; // seeds, steps
// Seeds of 20 steps that once failed, run again: KV's left a revoked session listed when a commit that gave up for
// a revocation's delete undid only a listing it had made (KV's index does not say which it made).
const KNOWN = { kv: [40301, 40430, 40519, 40636] };

/**
 * Workers KV's index is eventually consistent (README, "Workers KV: within about 60 s"): a sign-in racing a
 * revocation of its user may be left unlisted until its next commit, never signed in past a later revocation. Under
 * load (CI) the model's concurrent steps meet that race now and then (seed 2): not a failure there.
 */
const documented = (kind, failure) => kind === 'kv' && failure.inv === 'I1-missing';

for (const [kind, [seeds, steps]] of Object.entries(RUNS)) {
  describe(`the users' index model: ${kind}`, () => {
    it(`${seeds} seeded scripts of ${steps} steps keep every invariant`, { timeout: 120_000 }, async () => {
      for (let seed = 1; seed <= seeds; seed++) {
        const script = genScript(seed, steps);
        const [failure] = (await runScript(script, STORES[kind])).failures.filter((found) => !documented(kind, found));
        if (failure === undefined) continue;
        const small = await shrink(script, STORES[kind], failure.inv);
        const { trace } = await runScript(small, STORES[kind]);
        assert.fail(`seed ${seed}: ${failure.inv}: ${failure.detail}\nsmallest script:\n${trace.join('\n')}`);
      }
    });
    if (KNOWN[kind]) {
      it(`the seeds that once failed (${KNOWN[kind].join(', ')}) keep every invariant`, async () => {
        for (const seed of KNOWN[kind]) {
          const [failure] = (await runScript(genScript(seed, 20), STORES[kind])).failures;
          assert.equal(failure, undefined, `seed ${seed}`);
        }
      });
    }
  });
}
