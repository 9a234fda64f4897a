// workerd benchmark: the PRG cycles of bench/cycle.js inside the bench Worker (bench/worker/),
// run by wrangler's unstable_startWorker (local workerd, no network).
//
// Warm throughput. Inside workerd the clocks only advance across I/O (Date.now() and
// performance.now() stand still while JavaScript runs), so the Worker cannot time its own loop.
// We time from outside instead: the wall-clock round trip of a request that runs n chained cycles,
// minus the median round trip of a request that runs none (routing, proxy, HTTP: ~1-5 ms), divided
// by n. n is calibrated per implementation so that a request takes ~`requestMs` (150 ms), which
// makes the subtracted overhead and its jitter a few per cent at most. Rounds interleave the
// implementations in rotated order, each round also taking one n=0 baseline; the median per
// implementation is reported.
// Wall time inflates when other processes compete for the CPU, so on Linux we also read the CPU
// time the workerd processes spent on each request (/proc/<pid>/task/*/schedstat, ns, all
// threads of every workerd that wrangler started for us) and report it the same way.
//
// Cold start. workerd creates the isolate, evaluates the bundled script and compiles the imported
// .wasm (into a WebAssembly.Module) when it loads the Worker, before any request; edge-session
// instantiates that module lazily, on first use. For each sample we start a *fresh* worker (a new
// workerd process, so a new isolate), wait until workerd has loaded it, then time its first
// request, which runs one cycle, and a second identical one (warm). A control worker whose first
// request runs no cycle (n=0) shows what any first request costs; "first - control" is the cost
// of the implementation's first use (WASM instantiate, first-call JIT, crypto key import, ...).
// The compile step itself is timed in-process by bench/cold-node.js (V8 does the same work there).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { startWorker } from '../tests/helpers/start-worker.js';
import { implementations as allImplementations } from './cycle.js';
import { formatMicros, formatRatio, median, rotate } from './stats.js';

const CONFIG = fileURLToPath(new URL('./worker/wrangler.toml', import.meta.url));
/** The same Worker with `keep_names = false`: see runWorkerdThroughput's `config`. */
export const CONFIG_WITHOUT_KEEP_NAMES = fileURLToPath(new URL('./worker/wrangler.no-keep-names.toml', import.meta.url));

async function startBenchWorker(config = CONFIG) {
  // tests/helpers/start-worker.js: unstable_startWorker, offline, resolved once workerd has loaded
  // the bundle (unstable_startWorker's own `ready` resolves before that, and a request sent then
  // would wait ~150 ms for the process: not what a cold start measures).
  // logLevel none: a teardown race in wrangler's bundler logs a spurious "Could not resolve
  // ...middleware-loader.entry.ts" after dispose; a real build failure still rejects here.
  const worker = await startWorker({ config, logLevel: 'none' });
  const base = worker.url;
  let cpuSnapshot = null;
  return {
    /** Starts reading workerd's CPU time (the workerd processes exist once started). */
    meterCpu() {
      cpuSnapshot = createCpuMeter();
      return cpuSnapshot !== null;
    },
    /** Wall time in ms of one GET (and workerd CPU ms, or NaN), and its JSON body; throws on a non-200. */
    async time(path) {
      const cpuBefore = cpuSnapshot?.();
      const start = performance.now();
      const response = await fetch(new URL(path, base));
      const text = await response.text();
      const ms = performance.now() - start;
      const cpuMs = cpuSnapshot ? cpuMsBetween(cpuBefore, cpuSnapshot()) : NaN;
      if (response.status !== 200) throw new Error(`bench worker ${path}: ${response.status} ${text}`);
      return { ms, cpuMs, body: JSON.parse(text) };
    },
    dispose: () => worker.dispose(),
  };
}

/**
 * Linux: a function returning, per thread of every workerd process under this Node process, the
 * CPU nanoseconds it has run (/proc/<pid>/task/<tid>/schedstat). Processes are looked up on each
 * call, since wrangler may replace one. null where /proc is missing.
 */
export function createCpuMeter() {
  const read = (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null; // exited meanwhile
    }
  };
  const snapshot = () => {
    const processes = new Map();
    for (const pid of readdirSync('/proc')) {
      const stat = /^\d+$/.test(pid) ? read(`/proc/${pid}/stat`) : null;
      if (!stat) continue;
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      processes.set(pid, { comm, ppid: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] });
    }
    const isOurs = (pid) => pid === String(process.pid) || (processes.has(pid) && isOurs(processes.get(pid).ppid));
    const threads = new Map();
    for (const [pid, { comm }] of processes) {
      if (comm !== 'workerd' || !isOurs(pid)) continue;
      let tids = [];
      try {
        tids = readdirSync(`/proc/${pid}/task`);
      } catch {} // exited meanwhile
      for (const tid of tids) {
        const schedstat = read(`/proc/${pid}/task/${tid}/schedstat`);
        if (schedstat) threads.set(tid, Number(schedstat.split(' ')[0]));
      }
    }
    return threads;
  };
  if (!existsSync('/proc/self/schedstat')) return null;
  return snapshot;
}

/** CPU ms between two snapshots (threads that exited in between are left out). */
export function cpuMsBetween(before, after) {
  let ns = 0;
  for (const [tid, total] of after) ns += total - (before.get(tid) ?? 0);
  return ns / 1e6;
}

/** The withSession cycles (bench/request-cycle.js) time the same storage warm; a cold start of theirs adds nothing. */
const coldStartImplementations = allImplementations.filter((impl) => !impl.warmOnly);

const cyclesPath = (impl, n) => `/?impl=${impl.key}&n=${n}`;

/**
 * Cycles per request so that one request takes ~ms: grow n until a request spends at least ms/4
 * in cycles, then scale. Each step takes the faster of two tries, so one slow request (a GC, a
 * busy machine) cannot shrink n to a size where the subtracted overhead dominates.
 */
async function calibrate(worker, impl, ms, overheadMs) {
  let n = 16;
  for (;;) {
    const tries = [await worker.time(cyclesPath(impl, n)), await worker.time(cyclesPath(impl, n))];
    const cyclesMs = Math.min(...tries.map((t) => t.ms)) - overheadMs;
    if (cyclesMs >= ms / 4 || n >= 1 << 20) return Math.max(1, Math.round((n * ms) / Math.max(cyclesMs, 0.01)));
    n *= 4;
  }
}

async function emptyRequestMs(worker, times) {
  const samples = [];
  for (let i = 0; i < times; i++) samples.push((await worker.time(cyclesPath(allImplementations[0], 0))).ms);
  return median(samples);
}

/**
 * @param {object} [options]
 * @param {string} [options.config] wrangler config of the bench Worker. The default keeps wrangler's
 *   default `keep_names = true`; CONFIG_WITHOUT_KEEP_NAMES sets it false, which matters because
 *   Embind 3.1.6's glue declares a named function inside every call into WASM, and keep_names wraps
 *   each such declaration in a __name() call at run time.
 * @param {object[]} [options.implementations] which of bench/cycle.js's to run (bench/csrf.js: the withSession rows)
 */
export async function runWorkerdThroughput({ rounds = 10, requestMs = 150, config = CONFIG, implementations = allImplementations } = {}) {
  const worker = await startBenchWorker(config);
  try {
    await worker.time('/verify');
    const metered = worker.meterCpu();
    for (const impl of implementations) await worker.time(cyclesPath(impl, 200)); // warm-up: JIT, WASM tier-up
    const overheadGuess = await emptyRequestMs(worker, 5);
    const sizes = new Map();
    for (const impl of implementations) sizes.set(impl, await calibrate(worker, impl, requestMs, overheadGuess));
    const [control] = implementations;

    const baseline = [];
    const baselineCpu = [];
    const wall = new Map(implementations.map((impl) => [impl, []]));
    const cpu = new Map(implementations.map((impl) => [impl, []]));
    for (let round = 0; round < rounds; round++) {
      const empty = await worker.time(cyclesPath(control, 0));
      baseline.push(empty.ms);
      baselineCpu.push(empty.cpuMs);
      for (const impl of rotate(implementations, round)) {
        const n = sizes.get(impl);
        const { ms, cpuMs, body } = await worker.time(cyclesPath(impl, n));
        if (body.count !== n) throw new Error(`${impl.name} in workerd: count ${body.count}, want ${n}`);
        wall.get(impl).push(ms);
        cpu.get(impl).push(cpuMs);
      }
    }
    const overheadMs = median(baseline);
    const overheadCpuMs = median(baselineCpu);
    const results = implementations.map((impl) => {
      const n = sizes.get(impl);
      const samples = wall.get(impl).map((ms) => ((ms - overheadMs) * 1000) / n);
      const cpuSamples = cpu.get(impl).map((ms) => ((ms - overheadCpuMs) * 1000) / n);
      return {
        key: impl.key,
        name: impl.name,
        micros: median(samples),
        samples,
        cpuMicros: metered ? median(cpuSamples) : NaN,
        cpuSamples: metered ? cpuSamples : [],
        cyclesPerRequest: n,
      };
    });
    return { results, rounds, requestMs, overheadMs, overheadCpuMs };
  } finally {
    await worker.dispose();
  }
}

export async function runWorkerdColdStart({ samples = 5 } = {}) {
  const implementations = coldStartImplementations;
  const cold = new Map(implementations.map((impl) => [impl, { first: [], second: [], firstCpu: [] }]));
  const control = [];
  const controlCpu = [];
  for (let s = 0; s < samples; s++) {
    for (const impl of rotate([null, ...implementations], s)) {
      const worker = await startBenchWorker();
      try {
        worker.meterCpu();
        if (impl === null) {
          const first = await worker.time(cyclesPath(implementations[0], 0));
          control.push(first.ms);
          controlCpu.push(first.cpuMs);
        } else {
          const first = await worker.time(cyclesPath(impl, 1));
          cold.get(impl).first.push(first.ms);
          cold.get(impl).firstCpu.push(first.cpuMs);
          cold.get(impl).second.push((await worker.time(cyclesPath(impl, 1))).ms);
        }
      } finally {
        await worker.dispose();
      }
    }
  }
  return {
    samples,
    controlMs: median(control),
    controlCpuMs: median(controlCpu),
    results: implementations.map((impl) => ({
      key: impl.key,
      name: impl.name,
      firstMs: median(cold.get(impl).first),
      firstCpuMs: median(cold.get(impl).firstCpu),
      secondMs: median(cold.get(impl).second),
    })),
  };
}

/** ratio = time of @remix-run/session / time of this one (">1" = faster); for edge-session the target is <= 0.2x of its time. */
export function formatWorkerdTable({ results }) {
  const base = results.find((r) => r.key === 'remix');
  const lines = [
    '| implementation | µs / PRG cycle, wall (median) | time vs @remix-run/session | workerd CPU µs / cycle | CPU vs @remix-run/session | cycles / request |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const cpu = Number.isNaN(r.cpuMicros) ? 'n/a' : formatMicros(r.cpuMicros);
    const cpuRatio = Number.isNaN(r.cpuMicros) ? 'n/a' : `${(r.cpuMicros / base.cpuMicros).toFixed(3)}x`;
    lines.push(`| ${r.name} | ${formatMicros(r.micros)} | ${(r.micros / base.micros).toFixed(3)}x | ${cpu} | ${cpuRatio} | ${r.cyclesPerRequest} |`);
  }
  return lines.join('\n');
}

export function formatColdTable({ results, controlMs, controlCpuMs, samples }) {
  const cpu = (ms) => (Number.isNaN(ms) ? 'n/a' : `${ms.toFixed(1)} ms`);
  const lines = [
    `| fresh isolate, median of ${samples} | first request, 1 cycle | second request, 1 cycle | first - control | first request, workerd CPU | CPU first - control |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.name} | ${r.firstMs.toFixed(1)} ms | ${r.secondMs.toFixed(1)} ms | ${(r.firstMs - controlMs).toFixed(1)} ms | ${cpu(r.firstCpuMs)} | ${cpu(r.firstCpuMs - controlCpuMs)} |`,
    );
  }
  lines.push(`| control: first request, no cycle | ${controlMs.toFixed(1)} ms | | | ${cpu(controlCpuMs)} | |`);
  return lines.join('\n');
}
