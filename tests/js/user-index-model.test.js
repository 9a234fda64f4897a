// The users' index model (tests/js/user-index-model.js) on fixed seeds, per Node storage: no invariant broken. A
// failure is shrunk to its smallest script, whose trace the assertion shows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { genScript, runScript, shrink } from './user-index-model.js';

const RUNS = { memory: [150, 15], callbacks: [100, 15], kv: [100, 15], file: [20, 12] }; // seeds, steps

for (const [kind, [seeds, steps]] of Object.entries(RUNS)) {
  describe(`the users' index model: ${kind}`, () => {
    it(`${seeds} seeded scripts of ${steps} steps keep every invariant`, { timeout: 120_000 }, async () => {
      for (let seed = 1; seed <= seeds; seed++) {
        const script = genScript(seed, steps);
        const [failure] = (await runScript(script, kind)).failures;
        if (failure === undefined) continue;
        const small = await shrink(script, kind, failure.inv);
        const { trace } = await runScript(small, kind);
        assert.fail(`seed ${seed}: ${failure.inv}: ${failure.detail}\nsmallest script:\n${trace.join('\n')}`);
      }
    });
  });
}
