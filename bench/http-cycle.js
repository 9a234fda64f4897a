// `node bench/http-cycle.js`: the withSession PRG cycle with and without csrf as a deployed Worker serves it,
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
import { median, rotate } from './stats.js';
import { cpuMsBetween, createCpuMeter } from './workerd.js';

const ROUNDS = Number(process.env.ROUNDS ?? 20);
const BATCH = Number(process.env.BATCH ?? 100);
const CONFIG = fileURLToPath(new URL('./worker/wrangler.toml', import.meta.url));
const NAME = '__session';

const ROWS = [
  { key: 'plain', route: 'plain', name: 'withSession' },
  { key: 'form', route: 'csrf', name: 'withSession + csrf, token in the form', token: 'form' },
  { key: 'header', route: 'csrf', name: 'withSession + csrf, token in X-CSRF-Token', token: 'header' },
  { key: 'again', route: 'plain-again', name: 'withSession again (control)' },
];

/** The session cookie a response sets, else `kept` (a first visit without csrf makes no session). */
function cookieOf(response, kept) {
  const header = response.headers.getSetCookie().find((value) => value.startsWith(`${NAME}=`));
  if (!header && kept === undefined) throw new Error(`no ${NAME} Set-Cookie (status ${response.status})`);
  return header ? header.split(';')[0] : kept;
}

/** One client of a row: its cookie and token, carried from cycle to cycle as a browser would. */
function createClient(base, row) {
  const url = new URL(`/http/${row.route}/`, base);
  let cookie = null;
  let token;
  const same = { 'Sec-Fetch-Site': 'same-origin' };
  async function get() {
    const response = await fetch(url, { headers: cookie ? { ...same, Cookie: cookie } : same });
    if (response.status !== 200) throw new Error(`${row.name}: GET ${response.status} ${await response.text()}`);
    cookie = cookieOf(response, cookie);
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
      cookie = cookieOf(posted);
      return get();
    },
  };
}

const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');
console.log(`# The PRG cycle over HTTP in workerd, with and without csrf (issue 14), Node ${process.version}`);
console.log(`\nload average at the start: ${load()}`);
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
  for (let round = 0; round < ROUNDS; round++) {
    for (const row of rotate(ROWS, round)) {
      const client = clients.get(row);
      const before = meter();
      const start = performance.now();
      let page;
      for (let i = 0; i < BATCH; i++) page = await client.cycle();
      wall.get(row).push(((performance.now() - start) * 1000) / BATCH);
      cpu.get(row).push((cpuMsBetween(before, meter()) * 1000) / BATCH);
      if (page.flash !== FLASH) throw new Error(`${row.name}: flash ${page.flash}`);
    }
  }
  const [plain] = ROWS;
  const perRound = (samples, row) => median(samples.get(row).map((value, i) => value / samples.get(plain)[i]));
  console.log(`\n## ${ROUNDS} interleaved rounds of ${BATCH} cycles (a POST -> 303 and a GET -> 200 each) per row\n`);
  console.log('| row | workerd CPU µs / cycle (median) | per-round CPU ratio | wall µs / cycle (median) | per-round wall ratio |');
  console.log('|---|---:|---:|---:|---:|');
  for (const row of ROWS) {
    console.log(
      `| ${row.name} | ${median(cpu.get(row)).toFixed(0)} | ${perRound(cpu, row).toFixed(3)}x | ${median(wall.get(row)).toFixed(0)} | ${perRound(wall, row).toFixed(3)}x |`,
    );
  }
  for (const row of ROWS.filter((row) => row.token)) {
    const ratio = perRound(cpu, row);
    console.log(`- ${row.name}: ${ratio.toFixed(3)}x the workerd CPU of withSession per cycle (target <= 1.10x: ${ratio <= 1.1 ? 'met' : 'MISSED'}; the control: ${perRound(cpu, ROWS[3]).toFixed(3)}x)`);
  }
} finally {
  await worker.dispose();
}
console.log(`\nload average at the end: ${load()}`);
