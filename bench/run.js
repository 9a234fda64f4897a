// `npm run bench`: the PRG-cycle benchmark in Node, then in workerd (in-isolate, and the withSession rows over HTTP), then cold starts and the size
// of the .wasm, printed as markdown tables (paste-able into the README).
//
// Targets (from the issues): in Node edge-session is at least 10x faster than @remix-run/session;
// in workerd it takes at most 0.2x the time of @remix-run/session; a withSession cycle with csrf on costs at
// most 10% more than without (issue 14). A miss is reported, not fatal.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { runNodeColdStart, WASM_PATH } from './cold-node.js';
import { formatHttpTable, runHttpCycles } from './http-cycle.js';
import { formatNodeTable, runNodeBench } from './node.js';
import { formatBytes } from './stats.js';
import { formatWideTable, runWideBench } from './wide.js';
import {
  CONFIG_WITHOUT_KEEP_NAMES,
  formatColdTable,
  formatWorkerdTable,
  runWorkerdColdStart,
  runWorkerdThroughput,
} from './workerd.js';

const require = createRequire(import.meta.url);
// iron-session's exports do not include package.json: read it from node_modules.
const version = (name) => {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    return JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
  }
};
const started = performance.now();

function target(label, ok, detail) {
  return `- ${label}: ${detail} — ${ok ? 'met' : 'MISSED'}`;
}

const wasm = readFileSync(WASM_PATH);
const gzipped = gzipSync(wasm, { level: 9 }).length;

console.log(`# edge-session benchmark: one Post/Redirect/Get cycle

Cycle: read the Cookie, set a user object and a counter, flash a message, commit; read that cookie,
read the flash, commit (bench/cycle.js). Same HMAC-SHA256 secret for all. The withSession rows run that cycle
as a Worker does, Requests through withSession, without and with csrf (bench/request-cycle.js).
Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x ${cpus().length}; wrangler ${version('wrangler')}
(workerd ${version('workerd')}); @remix-run/session ${version('@remix-run/session')} + @remix-run/cookie ${version('@remix-run/cookie')}; react-router ${version('react-router')}; iron-session ${version('iron-session')}.
`);

const load = loadavg()[0];
if (load > cpus().length * 0.75) {
  console.log(`> Load average ${load.toFixed(1)} on ${cpus().length} CPUs: other processes compete for the CPU, so wall times are`);
  console.log('> inflated and noisy; the CPU-time columns are the steadier figures.\n');
}

const node = await runNodeBench();
console.log(`## Node (${node.rounds} interleaved rounds of ~${node.batchMs} ms per implementation)\n`);
console.log(formatNodeTable(node));

const workerd = await runWorkerdThroughput();
console.log(`\n## workerd (${workerd.rounds} interleaved rounds; requests of ~${workerd.requestMs} ms timed from outside, minus an empty request: ${workerd.overheadMs.toFixed(1)} ms wall, ${workerd.overheadCpuMs.toFixed(1)} ms workerd CPU)\n`);
console.log(formatWorkerdTable(workerd));

// Embind's glue declares a named function inside every call; wrangler's default keep_names turns
// each into a __name() call. The example sets keep_names = false; this shows what that buys.
const workerdNoKeepNames = await runWorkerdThroughput({ config: CONFIG_WITHOUT_KEEP_NAMES });
console.log(`\n## workerd with \`keep_names = false\` in wrangler.toml (as worker-example does)\n`);
console.log(formatWorkerdTable(workerdNoKeepNames));

// The withSession cycle again, each POST and GET a real HTTP request to workerd (bench/http-cycle.js): what csrf
// adds to the whole request's CPU, workerd's own HTTP work included.
const http = await runHttpCycles();
console.log(`\n## workerd over HTTP: the withSession cycle as real requests (${http.rounds} interleaved rounds of ${http.batch} cycles per row; workerd's whole CPU)\n`);
console.log(formatHttpTable(http));

console.log(`\n## Reading and writing wide sessions in Node (same size, one key against many: linear, issue 10.3)\n`);
console.log(formatWideTable(await runWideBench()));

const workerdCold = await runWorkerdColdStart();
console.log(`\n## Cold start in workerd (fresh workerd process per sample)\n`);
console.log(formatColdTable(workerdCold));

const nodeCold = await runNodeColdStart();
const edgeCold = nodeCold.cycles.find((c) => c.key === 'edge');
console.log(`\n## Cold start in-process (fresh Node process, median of ${nodeCold.samples})\n`);
console.log(`| step | time |\n|---|---:|`);
console.log(`| WebAssembly.compile(dist/edge_session.wasm) | ${nodeCold.compileMs.toFixed(2)} ms |`);
console.log(`| WebAssembly.instantiate (stub imports) | ${nodeCold.instantiateMs.toFixed(2)} ms |`);
for (const c of nodeCold.cycles) {
  const name = { edge: 'edge-session', remix: '@remix-run/session', rr: 'react-router', sealed: 'edge-session, encrypt: true', iron: 'iron-session' }[c.key];
  console.log(`| ${name}: first cycle / second cycle | ${c.firstMs.toFixed(2)} ms / ${c.secondMs.toFixed(2)} ms |`);
}

console.log(`\n## Size\n\n| dist/edge_session.wasm | raw | gzip -9 |\n|---|---:|---:|`);
console.log(`| | ${formatBytes(wasm.length)} | ${formatBytes(gzipped)} |`);
// A profiling build (--profiling-funcs, -g) that wrote into dist/ keeps a name section; a release
// build has none. Say so, since it inflates the size and means dist/ is not what build/wasm holds.
const names = WebAssembly.Module.customSections(new WebAssembly.Module(wasm), 'name');
if (names.length > 0) {
  console.log(`\n> dist/edge_session.wasm carries a ${names[0].byteLength}-byte "name" section: not the release build`);
  console.log('> (a profiling or debug build wrote dist/ after build/wasm). Sizes above include it.');
}

const byKey = (results, field) => Object.fromEntries(results.map((r) => [r.key, r[field]]));
const nodeWall = byKey(node.results, 'micros');
const nodeCpu = byKey(node.results, 'cpuMicros');
const workerdWall = byKey(workerd.results, 'micros');
const workerdCpu = byKey(workerd.results, 'cpuMicros');
const speedup = nodeWall.remix / nodeWall.edge;
const speedupCpu = nodeCpu.remix / nodeCpu.edge;
const share = workerdWall.edge / workerdWall.remix;
const shareCpu = workerdCpu.edge / workerdCpu.remix;
const shareNoKeepNames = byKey(workerdNoKeepNames.results, 'micros');
console.log(`\n## Targets\n`);
console.log(target('Node: edge-session >= 10x faster than @remix-run/session', speedup >= 10, `${speedup.toFixed(1)}x wall (${speedupCpu.toFixed(1)}x CPU)`));
console.log(target('workerd: edge-session <= 0.2x the time of @remix-run/session', share <= 0.2, `${share.toFixed(3)}x wall (${Number.isNaN(shareCpu) ? 'CPU n/a' : `${shareCpu.toFixed(3)}x CPU`})`));
const sealedShare = workerdWall.sealed / workerdWall.remix;
const sealedIron = workerdWall.sealed / workerdWall.iron;
console.log(target('workerd: sealed cycle <= 0.25x the time of @remix-run/session (signed)', sealedShare <= 0.25, `${sealedShare.toFixed(3)}x wall (${(workerdCpu.sealed / workerdCpu.remix).toFixed(3)}x CPU)`));
console.log(target('workerd: sealed cycle <= 0.1x the time of iron-session', sealedIron <= 0.1, `${sealedIron.toFixed(3)}x wall (${(workerdCpu.sealed / workerdCpu.iron).toFixed(3)}x CPU)`));
console.log(`- Node: sealed cycle ${(nodeWall.remix / nodeWall.sealed).toFixed(1)}x faster than @remix-run/session, ${(nodeWall.iron / nodeWall.sealed).toFixed(1)}x faster than iron-session (wall)`);
const noKeepNamesShare = shareNoKeepNames.edge / shareNoKeepNames.remix;
console.log(target('workerd with keep_names = false: <= 0.2x', noKeepNamesShare <= 0.2, `${noKeepNamesShare.toFixed(3)}x wall`));
// CSRF (bench/request-cycle.js): the withSession cycle with csrf on against the same cycle without it.
for (const [key, how] of [['ws-csrf', 'token in the form'], ['ws-csrf-header', 'token in X-CSRF-Token']]) {
  const wall = workerdWall[key] / workerdWall.ws;
  const cpu = workerdCpu[key] / workerdCpu.ws;
  const detail = `${wall.toFixed(3)}x wall (${Number.isNaN(cpu) ? 'CPU n/a' : `${cpu.toFixed(3)}x CPU`}); Node ${(nodeWall[key] / nodeWall.ws).toFixed(3)}x`;
  console.log(target(`workerd: withSession + csrf (${how}) <= 1.10x withSession`, wall <= 1.1, detail));
}
const httpRow = (key) => http.rows.find((row) => row.key === key);
for (const [key, how] of [['form', 'token in the form'], ['header', 'token in X-CSRF-Token']]) {
  const { cpuRatio, wallRatio } = httpRow(key);
  console.log(target(`workerd over HTTP: withSession + csrf (${how}) <= 1.10x withSession`, cpuRatio <= 1.1, `${cpuRatio.toFixed(3)}x CPU per round (${wallRatio.toFixed(3)}x wall); the control ${httpRow('again').cpuRatio.toFixed(3)}x`));
}
const againWall = workerdWall['ws-again'] / workerdWall.ws;
const againCpu = workerdCpu['ws-again'] / workerdCpu.ws;
console.log(`- the control, withSession against itself (same code, another row): ${againWall.toFixed(3)}x wall (${Number.isNaN(againCpu) ? 'CPU n/a' : `${againCpu.toFixed(3)}x CPU`}); Node ${(nodeWall['ws-again'] / nodeWall.ws).toFixed(3)}x. What noise alone gives.`);
console.log(`\n(edge-session first use in workerd: +${(workerdCold.results.find((r) => r.key === 'edge').firstMs - workerdCold.controlMs).toFixed(1)} ms wall over an empty first request; in Node, first cycle ${edgeCold.firstMs.toFixed(1)} ms including compile + instantiate.)`);
console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
