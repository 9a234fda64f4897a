// `node bench/http-cycle.js` (ROUNDS, BATCH; also part of `npm run bench`): the withSession PRG cycle with and without csrf as a deployed Worker serves it,
// each POST and GET a real HTTP request to workerd (bench/worker/, routes /http/<row>/), timed whole: workerd's
// own work per request (HTTP, the Request and Response objects, dispatch) included, as a Worker's CPU time is.
// bench/csrf.js times the same cycle inside one request, Requests built in JavaScript, which shows the library's
// share alone. Rows interleave in rotated order; each round runs BATCH cycles per row, and the ratio per round to
// the plain row is reported (median), with the A/A control (the plain row again) for the noise.
// Requests go to workerd's own socket (tests/helpers/start-worker.js, directUrl), not through wrangler's dev
// proxy, whose CPU would count here and which is not in front of a deployed Worker.
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { startWorker } from '../tests/helpers/start-worker.js';
import { FLASH } from './cycle.js';
import { setCookieOf } from './request-cycle.js';
import { median, rotate } from './stats.js';
import { cpuMsBetween, createCpuMeter } from './workerd.js';

const CONFIG = fileURLToPath(new URL('./worker/wrangler.toml', import.meta.url));

const ROWS = [
  { key: 'plain', route: 'plain', name: 'withSession' },
  { key: 'form', route: 'csrf', name: 'withSession + csrf, token in the form', token: 'form' },
  { key: 'header', route: 'csrf', name: 'withSession + csrf, token in X-CSRF-Token', token: 'header' },
  { key: 'again', route: 'plain-again', name: 'withSession again (control)' },
];

/** One client of a row: its cookie and token, carried from cycle to cycle as a browser would. */
function createClient(base, row) {
  const url = new URL(`/http/${row.route}/`, base);
  let cookie = null;
  let token;
  const same = { 'Sec-Fetch-Site': 'same-origin' };
  async function get() {
    const response = await fetch(url, { headers: cookie ? { ...same, Cookie: cookie } : same });
    if (response.status !== 200) throw new Error(`${row.name}: GET ${response.status} ${await response.text()}`);
    cookie = setCookieOf(response, cookie); // null kept: a first visit without csrf makes no session
    const page = await response.json();
    token = page.token;
    return page;
  }
  return {
    get,
    async cycle() {
      const fields = new URLSearchParams({ message: FLASH });
      const headers = { ...same, ...(cookie && { Cookie: cookie }), Origin: base.origin, 'Content-Type': 'application/x-www-form-urlencoded' };
      if (row.token === 'form') fields.set('_csrf', token);
      if (row.token === 'header') headers['X-CSRF-Token'] = token;
      const posted = await fetch(url, { method: 'POST', headers, body: fields.toString(), redirect: 'manual' });
      await posted.arrayBuffer();
      if (posted.status !== 303) throw new Error(`${row.name}: POST ${posted.status}`);
      cookie = setCookieOf(posted);
      return get();
    },
  };
}

/**
 * Runs the rows interleaved, `batch` cycles per row per round, against a fresh bench Worker.
 * @returns {Promise<{ rounds: number, batch: number, rows: { key: string, name: string, cpuMicros: number, micros: number, cpuRatio: number, wallRatio: number }[] }>}
 *   medians per cycle, and the median per-round ratio to the plain row
 */
export async function runHttpCycles({ rounds = 20, batch = 100 } = {}) {
  const worker = await startWorker({ config: CONFIG, logLevel: 'none' });
  try {
    const base = worker.directUrl;
    const meter = createCpuMeter();
    if (meter === null) throw new Error('bench/http-cycle.js reads workerd CPU time from /proc: Linux only');
    const clients = new Map(ROWS.map((row) => [row, createClient(base, row)]));
    for (const client of clients.values()) {
      await client.get(); // a first visit
      for (let i = 0; i < 200; i++) await client.cycle(); // warm-up: JIT, WASM tier-up
    }
    const cpu = new Map(ROWS.map((row) => [row, []]));
    const wall = new Map(ROWS.map((row) => [row, []]));
    for (let round = 0; round < rounds; round++) {
      for (const row of rotate(ROWS, round)) {
        const client = clients.get(row);
        const before = meter();
        const start = performance.now();
        let page;
        for (let i = 0; i < batch; i++) page = await client.cycle();
        wall.get(row).push(((performance.now() - start) * 1000) / batch);
        cpu.get(row).push((cpuMsBetween(before, meter()) * 1000) / batch);
        if (page.flash !== FLASH) throw new Error(`${row.name}: flash ${page.flash}`);
      }
    }
    const [plain] = ROWS;
    const perRound = (samples, row) => median(samples.get(row).map((value, i) => value / samples.get(plain)[i]));
    return {
      rounds,
      batch,
      rows: ROWS.map((row) => ({
        key: row.key,
        name: row.name,
        cpuMicros: median(cpu.get(row)),
        micros: median(wall.get(row)),
        cpuRatio: perRound(cpu, row),
        wallRatio: perRound(wall, row),
      })),
    };
  } finally {
    await worker.dispose();
  }
}

export function formatHttpTable({ rows }) {
  const lines = [
    '| row | workerd CPU µs / cycle (median) | per-round CPU ratio | wall µs / cycle (median) | per-round wall ratio |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    lines.push(`| ${row.name} | ${row.cpuMicros.toFixed(0)} | ${row.cpuRatio.toFixed(3)}x | ${row.micros.toFixed(0)} | ${row.wallRatio.toFixed(3)}x |`);
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');
  console.log(`# The PRG cycle over HTTP in workerd, with and without csrf (issue 14), Node ${process.version}`);
  console.log(`\nload average at the start: ${load()}`);
  const result = await runHttpCycles({ rounds: Number(process.env.ROUNDS ?? 20), batch: Number(process.env.BATCH ?? 100) });
  console.log(`\n## ${result.rounds} interleaved rounds of ${result.batch} cycles (a POST -> 303 and a GET -> 200 each) per row\n`);
  console.log(formatHttpTable(result));
  const control = result.rows.find((row) => row.key === 'again');
  for (const row of result.rows.filter((row) => row.key === 'form' || row.key === 'header')) {
    console.log(`- ${row.name}: ${row.cpuRatio.toFixed(3)}x the workerd CPU of withSession per cycle (target <= 1.10x: ${row.cpuRatio <= 1.1 ? 'met' : 'MISSED'}; the control: ${control.cpuRatio.toFixed(3)}x)`);
  }
  console.log(`\nload average at the end: ${load()}`);
}
