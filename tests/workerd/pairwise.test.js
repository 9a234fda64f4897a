// The pairwise journey (tests/js/pairwise-journey.js) inside workerd, over the real local KV and Durable Objects
// (and the cookie storage with `revocation: { namespace }`), each entry point: a covering array of its own over those
// storages, real time with tiny timeouts (idleTimeout 3 s, absoluteTimeout 10 s: the kept device's steps after a revocation, ~13
// requests and 4.5 s of waits, must fit in it; at 7 s a CI run beside helpers, four journeys at once, did not).
import { after, before, describe, it } from 'node:test';
import { startWorker } from '../helpers/start-worker.js';
import { journey } from '../js/pairwise-journey.js';
import { pairwise } from '../js/pairwise-generator.js';

const FACTORS = {
  storage: ['kv', 'do', 'cookie'],
  entry: ['withSession', 'hono', 'reactRouter', 'remix'],
  lifetime: ['none', 'idle', 'absolute', 'both'],
  users: ['off', 'on'],
  csrf: ['off', 'form', 'header'],
  flash: ['none', 'on'],
  regen: ['none', 'on'],
};
const configs = pairwise(FACTORS, () => true, { seed: Number(process.env.PAIRWISE_SEED ?? 1) });
const only = process.env.PAIRWISE_ONLY?.split(',').map(Number);
const keyOf = (config) => Object.keys(FACTORS).map((name) => config[name]).join('.');

let worker;
before(async () => {
  worker = await startWorker({
    config: new URL('./pairwise-worker/wrangler.toml', import.meta.url).pathname,
    secrets: { SESSION_SECRET: 'pairwise-workerd-secret-0123456789abcdef' },
  });
});
after(() => worker?.dispose());

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`pairwise journeys in workerd (${configs.length} configurations)`, { concurrency: 4 }, () => {
  configs.forEach((config, index) => {
    if (only && !only.includes(index)) return;
    it(`#${index} ${keyOf(config)}`, async () => {
      const origin = worker.directUrl.origin; // workerd's own socket: wrangler's proxy fails a POST now and then with its 503 (tests/helpers/start-worker.js)
      const prefix = `/j/${keyOf(config)}`;
      const world = {
        origin,
        async fetch(request) {
          const url = new URL(request.url);
          const body = request.method === 'POST' ? await request.text() : undefined;
          return fetch(`${origin}${prefix}${url.pathname}`, { method: request.method, headers: request.headers, body, redirect: 'manual' });
        },
        tick: (s = 1) => (s === 1 ? undefined : sleep(s * 1000)),
        now: () => Date.now(),
        idle: 3,
        absolute: 10,
        noTimeoutWait: 2,
      };
      const log = [];
      try {
        await journey({ ...config, format: 'default' }, log, world);
      } catch (error) {
        error.message += `\n  config #${index}: ${keyOf(config)}\n  log:\n    ${log.join('\n    ')}`;
        throw error;
      }
    });
  });
});
