// `node bench/csrf.js`: only the withSession rows of `npm run bench` (bench/request-cycle.js), the PRG cycle
// without csrf, with the token in the form, with it in X-CSRF-Token, and without csrf again (the control: what
// noise alone makes of two identical rows), interleaved as there, in Node, in workerd and in workerd with
// `keep_names = false`; then issue 14's target (csrf on: at most 1.10x the time without).
// About a minute: none of `npm run bench`'s other rows, cold starts or .wasm rebuild. The load average is printed
// with each part: on a shared machine the ratios of one run, not its microseconds, are what to compare.
import { loadavg } from 'node:os';
import { implementations } from './cycle.js';
import { runNodeBench } from './node.js';
import { formatMicros, median } from './stats.js';
import { CONFIG_WITHOUT_KEEP_NAMES, runWorkerdThroughput } from './workerd.js';

const ROUNDS = Number(process.env.ROUNDS ?? 20);
const rows = implementations.filter((impl) => impl.key.startsWith('ws'));
const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');

function report(title, { results }) {
  const base = results.find((r) => r.key === 'ws');
  console.log(`\n## ${title}\n`);
  console.log('| implementation | µs / PRG cycle, wall (median) | vs withSession | CPU µs / cycle | vs withSession |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of results) {
    const cpu = Number.isNaN(r.cpuMicros) ? 'n/a' : formatMicros(r.cpuMicros);
    const cpuRatio = Number.isNaN(r.cpuMicros) ? 'n/a' : `${(r.cpuMicros / base.cpuMicros).toFixed(3)}x`;
    console.log(`| ${r.name} | ${formatMicros(r.micros)} | ${(r.micros / base.micros).toFixed(3)}x | ${cpu} | ${cpuRatio} |`);
  }
  // Each round times every row once, close together: the ratio within a round is steadier than the ratio of
  // medians taken over the whole run when the load moves, and the fastest rounds are the least disturbed.
  const paired = (key, r) => median(r[key].map((value, i) => value / base[key][i]));
  for (const r of results.filter((r) => r !== base)) {
    const ratio = r.micros / base.micros;
    const cpu = r.cpuSamples.length ? `, CPU ${paired('cpuSamples', r).toFixed(3)}x` : '';
    const verdict = r.key === 'ws-again' ? 'the control: noise alone' : `target <= 1.10x: ${ratio <= 1.1 ? 'met' : 'MISSED'}`;
    console.log(
      `- ${r.name}: ${ratio.toFixed(3)}x the time of withSession (${verdict}); ` +
        `median of per-round ratios ${paired('samples', r).toFixed(3)}x${cpu}; fastest rounds ${(Math.min(...r.samples) / Math.min(...base.samples)).toFixed(3)}x`,
    );
  }
}

console.log(`# withSession with and without csrf (issue 14), Node ${process.version}`);
console.log(`\nload average before Node: ${load()}`);
report(`Node (${ROUNDS * 2} interleaved rounds of ~60 ms)`, await runNodeBench({ rounds: ROUNDS * 2, implementations: rows }));
console.log(`\nload average before workerd: ${load()}`);
report(`workerd (${ROUNDS} interleaved rounds of ~150 ms requests)`, await runWorkerdThroughput({ rounds: ROUNDS, implementations: rows }));
console.log(`\nload average before workerd, keep_names = false: ${load()}`);
report('workerd, keep_names = false', await runWorkerdThroughput({ rounds: ROUNDS, implementations: rows, config: CONFIG_WITHOUT_KEEP_NAMES }));
console.log(`\nload average at the end: ${load()}`);
