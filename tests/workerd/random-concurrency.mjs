// Seeded randomized concurrency run over tests/workerd/concurrency-worker (not a test file: run by hand).
// node tests/workerd/random-concurrency.mjs <do|kv|cookie> <seedFrom> <seedTo> [rounds]; violations go to /tmp/random-concurrency-violations-*.json
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const CONFIG = fileURLToPath(new URL('./concurrency-worker/wrangler.toml', import.meta.url));
const [store = 'do', from = '1', to = '5', roundsArg = '4'] = process.argv.slice(2);
const ROUNDS = Number(roundsArg);
const COOKIE = { do: 'do', kv: 'kv', cookie: 'ck' }[store];

function rng(seed) { // mulberry32
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
const pick = (r, weighted) => { const total = weighted.reduce((s, [, w]) => s + w, 0); let x = r() * total; for (const [v, w] of weighted) { if ((x -= w) < 0) return v; } return weighted.at(-1)[0]; };
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));

const worker = await startWorker({ config: CONFIG, secrets: { SESSION_SECRET: 'concurrency-test-secret-5d1e0c77a9b24f68' }, logLevel: 'none' });
const base = worker.directUrl;
const T0 = Date.now();
const now = () => Date.now() - T0;
let violations = [];

async function call(jar, path, device) {
  const sent = now();
  const cookieSent = jar.get(COOKIE);
  let response, setCookies, body, error;
  try {
    ({ response, setCookies } = await jar.fetch(new URL(`/${store}/${path}`, base), { method: 'POST', signal: AbortSignal.timeout(30_000) }));
    const text = await response.text();
    try { body = JSON.parse(text); } catch { body = { text }; }
  } catch (e) { error = String(e); }
  const done = now();
  const set = setCookies?.find((c) => c.name === COOKIE);
  return { device, path, action: path.split('?')[0], sent, done, status: response?.status, body, error, cookieSent, set: set ? (set.value === '' || set.attributes['max-age'] === '0' ? 'expire' : 'set') : undefined };
}

function planRound(r, user, nDevices) {
  const tabs = [];
  for (let d = 0; d < nDevices; d++) {
    const nTabs = int(r, 1, 3);
    for (let t = 0; t < nTabs; t++) {
      const steps = [];
      const n = int(r, 1, 3);
      for (let i = 0; i < n; i++) {
        const action = pick(r, [['state', 2], ['inc', 4], ['flash', 2], ['list', 1], ['signin', 1.2], ['logout', 0.4], ['logout-others', 0.4], ['revoke-all', 0.25]]);
        const delay = int(r, 0, 120);
        const gap = int(r, 0, 150);
        let path = action;
        if (action === 'signin') path += `?user=${user}`;
        if (action === 'flash') path += `?v=f${int(r, 0, 999)}`;
        path += `${path.includes('?') ? '&' : '?'}delay=${delay}`;
        steps.push({ path, gap });
      }
      tabs.push({ device: d, start: int(r, 0, 200), steps });
    }
  }
  return tabs;
}

async function runSeed(seed) {
  const r = rng(seed);
  for (let round = 0; round < ROUNDS; round++) {
    const user = `u${seed}r${round}p${process.pid}`;
    const nDevices = int(r, 1, 3);
    const jars = Array.from({ length: nDevices }, () => new CookieJar());
    const log = [];
    // setup: each device has a counter and signs in
    for (let d = 0; d < nDevices; d++) {
      log.push(await call(jars[d], 'inc', d));
      log.push(await call(jars[d], `signin?user=${user}`, d));
    }
    const setupEnd = now();
    const plan = planRound(r, user, nDevices);
    await Promise.all(plan.map(async (tab) => {
      await sleep(tab.start);
      for (const step of tab.steps) {
        log.push(await call(jars[tab.device], step.path, tab.device));
        await sleep(step.gap);
      }
    }));
    await sleep(50);
    const finals = [];
    for (let d = 0; d < nDevices; d++) finals.push(await call(jars[d], 'state', d));
    let listed = null;
    const live = finals.filter((f) => f.body?.user === user);
    if (live.length) listed = await call(jars[finals.indexOf(live[0])], 'list', finals.indexOf(live[0]));
    check({ seed, round, user, nDevices, plan, log, finals, listed, setupEnd, jars });
  }
}

function check(ctx) {
  const { seed, round, user, nDevices, plan, log, finals, listed, setupEnd } = ctx;
  const v = (kind, msg) => violations.push({ seed, round, kind, msg, plan, log: log.filter((e) => e.sent >= setupEnd), finals });
  const inRound = log.filter((e) => e.sent >= setupEnd);
  // (0) errors / non-200
  for (const e of log) if (e.error || e.status !== 200) v('status', `${e.device} ${e.path} -> ${e.status} ${e.error ?? JSON.stringify(e.body)}`);
  // (4) latency
  for (const e of log) if (e.done - e.sent > 4000) v('slow', `${e.device} ${e.path} took ${e.done - e.sent} ms`);
  const ends = inRound.filter((e) => ['logout', 'revoke-all', 'logout-others'].includes(e.action));
  // (1) never signed out unless own logout / covering revocation
  for (let d = 0; d < nDevices; d++) {
    const own = inRound.some((e) => e.device === d && (e.action === 'logout' || e.action === 'revoke-all'));
    const covered = inRound.some((e) => e.device !== d && (e.action === 'revoke-all' || e.action === 'logout-others') && !e.body?.noUser);
    if (own || covered || store !== 'do') continue;
    if (finals[d].body?.user !== user) v('signed-out', `device ${d} ended with user ${finals[d].body?.user} (readId ${finals[d].body?.readId})`);
  }
  // (2) after a logout/revocation completes, later requests of covered devices do not find the user, unless a signin of that device completed after the end began and before the request was sent
  for (const end of ends) {
    if (store === 'cookie' && end.action === 'logout') continue; // README: a cookie session's in-flight request signs it in again
    if (end.body?.noUser || end.status !== 200) continue;
    const coveredDevices = end.action === 'logout' ? [end.device] : end.action === 'revoke-all' ? [...Array(nDevices).keys()] : [...Array(nDevices).keys()].filter((d) => d !== end.device);
    for (const e of inRound) {
      if (!coveredDevices.includes(e.device) || e.sent <= end.done) continue;
      if (e.body?.user !== user) continue;
      const resigned = inRound.some((s) => s.device === e.device && s.action === 'signin' && s.done > end.sent && s.done <= e.sent);
      // a signin of this device sent before but still in flight could have set the cookie... only if done before e.sent (jar)
      if (resigned) continue;
      v('after-end', `${e.device} ${e.path} sent at ${e.sent} after ${end.device} ${end.action} done at ${end.done} found user (readId ${e.body.readId})`);
    }
  }
  // (3) counters: per lineage, acked values distinct; lineage alive at end has {1..C}
  if (store === 'do') {
    const byLineage = new Map();
    for (const e of log) if (e.action === 'inc' && e.status === 200 && e.body?.readId) {
      const list = byLineage.get(e.body.lineage) ?? []; list.push(e.body.counter); byLineage.set(e.body.lineage, list);
    }
    for (const [lineage, values] of byLineage) {
      const dup = values.filter((x, i) => values.indexOf(x) !== i);
      if (dup.length) v('lost-update', `lineage ${lineage.slice(0, 8)} acked ${values.join(',')}`);
    }
    for (const f of finals) {
      const values = byLineage.get(f.body?.lineage);
      if (!values) continue;
      const max = Math.max(...values);
      if (f.body.counter < max) v('lost-update', `device ${f.device} final counter ${f.body.counter} < acked ${max} in lineage ${f.body.lineage.slice(0, 8)}`);
    }
  }
  // (5) list equals live sessions
  if (store === 'do' && listed) {
    const live = new Set(finals.filter((f) => f.body?.user === user).map((f) => f.body.readId));
    const got = new Set((listed.body?.listed ?? []).map((s) => s.id));
    const missing = [...live].filter((x) => !got.has(x)); const extra = [...got].filter((x) => !live.has(x));
    if (missing.length || extra.length) v('list', `missing ${missing.map((x) => x.slice(0, 8))} extra ${extra.map((x) => x.slice(0, 8))}`);
  }
}

const seeds = [];
for (let s = Number(from); s <= Number(to); s++) seeds.push(s);
for (const seed of seeds) {
  const before = violations.length;
  await runSeed(seed);
  console.log(`seed ${seed}: ${violations.length - before} violations`);
  for (const x of violations.slice(before)) console.log(`  [${x.kind}] round ${x.round}: ${x.msg}`);
}
import('node:fs').then((fs) => fs.writeFileSync(`/tmp/random-concurrency-violations-${store}-${from}-${to}.json`, JSON.stringify(violations, null, 1)));
await worker.dispose();
