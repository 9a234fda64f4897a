import { implementations } from '/work/main/bench/cycle.js';
const which = process.argv[2] ?? 'edge';
const impl = implementations.find((i) => i.key === which);
let cookie = null;
for (let i = 0; i < 20000; i++) cookie = (await impl.cycle(cookie)).cookie;
const N = 100000;
const t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) { const r = await impl.cycle(cookie); cookie = r.cookie; }
console.log(which, Number(process.hrtime.bigint() - t0) / N / 1000, 'us/cycle');
