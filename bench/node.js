// Node benchmark: the three PRG cycles of bench/cycle.js interleaved in one process.
//
// Method: verify each implementation once; warm each up (JIT, lazy WASM instantiation); pick per
// implementation a batch size n that takes about `batchMs`; then `rounds` rounds, each timing one
// batch of n chained cycles per implementation, in an order rotated every round so that no
// implementation always runs first (or right after another's garbage). Reported: the median over
// rounds of µs per cycle, and its ratio to @remix-run/session (how many times faster). Also the
// process CPU time per cycle (process.cpuUsage: all threads, so it includes crypto.subtle's thread
// pool and GC), which stays meaningful when other processes compete for the CPU and wall time does not.
//
// Run alone with `node bench/node.js`; bench/run.js imports runNodeBench().
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { implementations as allImplementations, runCycles, verify } from './cycle.js';
import { formatMicros, formatRatio, median, rotate } from './stats.js';

async function timeBatch(impl, n) {
  let cpu = process.cpuUsage();
  const start = performance.now();
  await runCycles(impl, n);
  const wall = ((performance.now() - start) * 1000) / n;
  cpu = process.cpuUsage(cpu);
  return { wall, cpu: (cpu.user + cpu.system) / n };
}

/** Cycles that fit in `ms`, by doubling from 1. */
async function calibrate(impl, ms) {
  let n = 1;
  for (;;) {
    const start = performance.now();
    await runCycles(impl, n);
    const elapsed = performance.now() - start;
    if (elapsed >= ms / 4 || n >= 1 << 20) return Math.max(1, Math.round((n * ms) / elapsed));
    n *= 2;
  }
}

/**
 * @param {object} [options]
 * @param {object[]} [options.implementations] which of bench/cycle.js's to run (bench/csrf.js: the withSession rows)
 * @returns {Promise<{ results: { key, name, micros, samples, cpuMicros, cyclesPerBatch }[], rounds, batchMs }>}
 */
export async function runNodeBench({ rounds = 20, batchMs = 60, warmupMs = 300, implementations = allImplementations } = {}) {
  for (const impl of implementations) await verify(impl);

  const sizes = new Map();
  for (const impl of implementations) {
    const n = await calibrate(impl, warmupMs); // the doubling itself is warm-up
    await runCycles(impl, n);
    sizes.set(impl, await calibrate(impl, batchMs));
  }

  const samples = new Map(implementations.map((impl) => [impl, []]));
  const cpuSamples = new Map(implementations.map((impl) => [impl, []]));
  for (let round = 0; round < rounds; round++) {
    for (const impl of rotate(implementations, round)) {
      const { wall, cpu } = await timeBatch(impl, sizes.get(impl));
      samples.get(impl).push(wall);
      cpuSamples.get(impl).push(cpu);
    }
  }

  const results = implementations.map((impl) => ({
    key: impl.key,
    name: impl.name,
    micros: median(samples.get(impl)),
    samples: samples.get(impl),
    cpuMicros: median(cpuSamples.get(impl)),
    cpuSamples: cpuSamples.get(impl),
    cyclesPerBatch: sizes.get(impl),
  }));
  return { results, rounds, batchMs };
}

/** Markdown table; ratio = @remix-run/session time / this time (so "10x" = ten times faster). */
export function formatNodeTable({ results }) {
  const base = results.find((r) => r.key === 'remix');
  const lines = [
    '| implementation | µs / PRG cycle, wall (median) | min–max | speed-up vs @remix-run/session | CPU µs / cycle | CPU speed-up |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const range = `${formatMicros(Math.min(...r.samples))}–${formatMicros(Math.max(...r.samples))}`;
    lines.push(
      `| ${r.name} | ${formatMicros(r.micros)} | ${range} | ${formatRatio(base.micros / r.micros)} | ${formatMicros(r.cpuMicros)} | ${formatRatio(base.cpuMicros / r.cpuMicros)} |`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bench = await runNodeBench();
  console.log(`Node ${process.version}, ${bench.rounds} interleaved rounds of ~${bench.batchMs} ms per implementation\n`);
  console.log(formatNodeTable(bench));
}
