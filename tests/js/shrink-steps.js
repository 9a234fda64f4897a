// Delta debugging for the model tests (session-model, session-model-time, the two-isolate models): a failing
// sequence of steps made as short as a few hundred replays find, so a failure shows the steps that make it.

/**
 * Drops runs of steps (halving the run's length when none can go) while the sequence still fails as `failure` did.
 * @param {unknown[]} steps the failing sequence
 * @param {{ ok: false, step: number, error: string }} failure its outcome: where it failed
 * @param {(steps: unknown[]) => Promise<{ ok: boolean, step?: number, error?: string }>} replay
 * @param {{ budget: number, sameFailure?: (outcome: object) => boolean }} options at most `budget` replays; a
 *   shorter sequence counts when it fails and `sameFailure` says it is this failure (any, by default)
 * @returns {Promise<{ ops: unknown[], result: object }>} the shortest sequence found, and its outcome
 */
export async function shrinkSteps(steps, failure, replay, { budget, sameFailure = () => true }) {
  let cur = steps.slice(0, failure.step + 1);
  let first = failure;
  let chunk = Math.max(1, Math.floor(cur.length / 2));
  while (chunk >= 1 && budget > 0) {
    let removed = false;
    for (let i = 0; i < cur.length && budget > 0; i += chunk) {
      const cand = [...cur.slice(0, i), ...cur.slice(i + chunk)];
      budget--;
      const r = await replay(cand);
      if (!r.ok && sameFailure(r)) {
        cur = cand.slice(0, r.step + 1);
        first = r;
        removed = true;
        i -= chunk;
      }
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return { ops: cur, result: first };
}

/**
 * Applies `steps` in order with `apply[step.op](step, label)`; the first that throws stops the run.
 * @returns {Promise<{ ok: boolean, step?: number, error?: string, tally: object }>}
 */
export async function applySteps(steps, apply, tally) {
  for (let i = 0; i < steps.length; i++) {
    try {
      await apply[steps[i].op](steps[i], `step ${i} (${steps[i].op})`);
    } catch (error) {
      return { ok: false, step: i, error: error.message, tally };
    }
  }
  return { ok: true, tally };
}

/**
 * Runs a seed's steps; a failure is shrunk to the fewest steps failing the same way (the message past its step
 * number, up to its first colon) and thrown with them shown by `describeStep`. Returns the run's tally.
 */
export async function checkSeed(seed, steps, run, describeStep) {
  const result = await run(steps);
  if (result.ok) return result.tally;
  const kind = (outcome) => outcome.error.replace(/^step \d+ /, '').split(':')[0];
  const { ops, result: small } = await shrinkSteps(steps, result, run, { budget: 300, sameFailure: (outcome) => kind(outcome) === kind(result) });
  const shown = ops.map((step, i) => `  ${i}: ${describeStep(step)}`).join('\n');
  throw new Error(`seed ${seed}: ${result.error}\nshrunk to ${ops.length} steps (${small.error}):\n${shown}`);
}
