// A seeded greedy pairwise (2-way) covering array: every pair of values of every two factors that the constraints
// allow appears in at least one configuration. Used by tests/js/pairwise-journey.test.js.
import { rng } from './seeded-random.js';

/**
 * @param {Record<string, string[]>} factors factor name -> its values
 * @param {(config: Record<string, string>) => boolean} valid whether a whole configuration is allowed
 * @param {{ seed?: number, candidates?: number }} [options]
 * @returns {Record<string, string>[]}
 */
export function pairwise(factors, valid, { seed = 1, candidates = 60 } = {}) {
  const random = rng(seed);
  const names = Object.keys(factors);
  const key = (a, va, b, vb) => `${a}=${va}|${b}=${vb}`;
  const pairsOf = (config) => {
    const out = [];
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) out.push(key(names[i], config[names[i]], names[j], config[names[j]]));
    }
    return out;
  };
  // The pairs some valid configuration can hold: found by sampling (a pair no sample shows is taken for excluded).
  const reachable = new Set();
  for (let k = 0; k < 20_000; k++) {
    const config = Object.fromEntries(names.map((name) => [name, random.pick(factors[name])]));
    if (valid(config)) for (const pair of pairsOf(config)) reachable.add(pair);
  }
  const uncovered = new Set(reachable);
  const configs = [];
  while (uncovered.size > 0) {
    let best;
    let bestGain = -1;
    for (let c = 0; c < candidates; c++) {
      // Start from one uncovered pair, fill the rest at random, then improve factor by factor.
      const [first] = [...uncovered].slice(random.int(Math.min(uncovered.size, 8)));
      const config = Object.fromEntries(names.map((name) => [name, random.pick(factors[name])]));
      for (const part of first.split('|')) {
        const [name, value] = part.split('=');
        config[name] = value;
      }
      for (const name of names) {
        if (first.includes(`${name}=`)) continue;
        let bestValue = config[name];
        let bestHere = -1;
        for (const value of factors[name]) {
          const tried = { ...config, [name]: value };
          if (!valid(tried)) continue;
          const gain = pairsOf(tried).filter((pair) => uncovered.has(pair)).length;
          if (gain > bestHere) [bestHere, bestValue] = [gain, value];
        }
        config[name] = bestValue;
      }
      if (!valid(config)) continue;
      const gain = pairsOf(config).filter((pair) => uncovered.has(pair)).length;
      if (gain > bestGain) [bestGain, best] = [gain, config];
    }
    if (best === undefined || bestGain === 0) throw new Error(`pairwise: stuck with ${uncovered.size} pairs uncovered`);
    for (const pair of pairsOf(best)) uncovered.delete(pair);
    configs.push(best);
  }
  return configs;
}
