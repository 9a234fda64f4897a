// Features in combination: a seeded pairwise covering array (tests/js/pairwise-generator.js) over storage, entry
// point, lifetime, userKey + revocation, csrf, cookie format, flash and ID change, and one scripted user journey per
// configuration, its invariants checked after every step (README: Storages, Session, withSession, Session lifetime,
// CSRF, Signing out everywhere, Security model "Logout"):
//   - every request answers (no 5xx, no hang);
//   - no Set-Cookie on a GET-only first visit;
//   - flash is read exactly once (on the request after the one that set it);
//   - csrf on refuses a missing or foreign token (403, nothing changed) and passes a good one;
//   - a session never resurrects after revocation, logout (server-side storages: README says a copy of a cookie
//     session's cookie still opens it after a single sign-out) or expiry.
// Env: PAIRWISE_SEED, PAIRWISE_ONLY (a comma list of configuration indexes).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  createCookieSessionStorage,
  createFileSessionStorage,
  createMemorySessionStorage,
  createSessionStorage,
  createWorkersKVSessionStorage,
} from 'edge-session';
import { handClock } from '../helpers/hand-clock.js';
import { entryOf, NAME } from './pairwise-app.js';
import { COOKIE_KINDS, FACTORS, journey, validConfig } from './pairwise-journey.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV, mapKVWithMetadata } from './map-kv.js';
import { pairwise } from './pairwise-generator.js';

const SECRETS = ['pairwise-journey-secret-0123456789abcdef'];
const ORIGIN = 'https://app.test';
const MAX_AGE = 86_400;

const scratch = await mkdtemp(join(tmpdir(), 'es-pairwise-'));
after(() => rm(scratch, { recursive: true, force: true }));

/** The storage of `config`, made fresh. */
export async function storageOf(config, { idle = 600, absolute = 1800 } = {}) {
  const cookie = { name: NAME, secrets: SECRETS, httpOnly: true, secure: true, maxAge: MAX_AGE };
  const options = { cookie };
  if (config.lifetime === 'idle' || config.lifetime === 'both') options.idleTimeout = idle;
  if (config.lifetime === 'absolute' || config.lifetime === 'both') options.absoluteTimeout = absolute;
  if (config.users === 'on') options.userKey = 'userId';
  if (COOKIE_KINDS.has(config.storage)) {
    if (config.format !== 'default') options.format = config.format;
    if (config.storage === 'sealed') options.encrypt = true;
    if (config.storage === 'chunked') options.chunks = 4;
    if (config.users === 'on') options.revocation = { kv: mapKV() };
    return createCookieSessionStorage(options);
  }
  switch (config.storage) {
    case 'memory':
      return createMemorySessionStorage(options);
    case 'file':
      return createFileSessionStorage({ ...options, dir: await mkdtemp(join(scratch, 'files-')) });
    case 'kv':
      return createWorkersKVSessionStorage({ ...options, kv: mapKVWithMetadata() });
    case 'callback':
      return createSessionStorage({ ...options, ...callbacksOf(mapBackend()) });
  }
  throw new Error(`no storage ${config.storage}`);
}

const configs = pairwise(FACTORS, validConfig, { seed: Number(process.env.PAIRWISE_SEED ?? 1) });
const only = process.env.PAIRWISE_ONLY?.split(',').map(Number);
const label = (config) => Object.entries(config).map(([k, v]) => `${k}=${v}`).join(' ');

const clock = handClock();

/** Where a journey runs in this process: the app called directly, on the hand clock. */
export async function nodeWorld(config) {
  clock.newDay();
  const storage = await storageOf(config);
  return {
    fetch: entryOf(config, storage, SECRETS).fetch,
    origin: ORIGIN,
    tick: (s = 1) => (clock.now += s * 1000),
    now: () => clock.now,
    idle: 600,
    absolute: 1800,
    noTimeoutWait: 7200,
  };
}

describe(`pairwise journeys (${configs.length} configurations)`, () => {
  configs.forEach((config, index) => {
    if (only && !only.includes(index)) return;
    it(`#${index} ${label(config)}`, async () => {
      const log = [];
      try {
        await journey(config, log, await nodeWorld(config));
        if (process.env.PAIRWISE_LOG) console.log(log.join('\n'));
      } catch (error) {
        error.message += `\n  config #${index}: ${label(config)}\n  log:\n    ${log.join('\n    ')}`;
        throw error;
      }
    });
  });
});
