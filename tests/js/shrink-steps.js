// Delta debugging for the model tests (session-model.test.js, session-model-time.test.js): a failing sequence of
// steps made as short as a few hundred replays find, so a failure shows the steps that make it.

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
