// Reads of wide sessions (issue 10.3): the cost of reading a session must be
// linear in its size whatever its shape. Compares, at equal size, one key
// against many: a ~3.9 KB cookie of 1 key vs 400 keys, and a ~300 KB record
// (the text KV hands back) of 1 key vs 16,000 keys. Node, in-process. The
// wide ones are also written key by key (each key set again, or unset): each
// set and unset was O(keys), so that was quadratic (~3 s for 16,000 unsets).
//
// Run alone with `node bench/wide.js`; bench/run.js imports runWideBench().
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createCookieSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { formatMicros, median } from './stats.js';

const cookie = { name: '__session', secrets: ['bench-s3cr3t-of-32-characters-or-more'] };

/** An object of `keys` short keys whose JSON text is about `bytes` long. */
function objectOf(keys, bytes) {
  const data = {};
  const key = (i) => i.toString(36);
  let size = 2;
  for (let i = 0; i < keys; i++) size += key(i).length + 5; // "k":0,
  const pad = Math.max(0, Math.floor((bytes - size) / keys));
  for (let i = 0; i < keys; i++) data[key(i)] = pad === 0 ? 0 : 'v'.repeat(pad);
  return data;
}

async function cookieHeaderOf(data) {
  const storage = createCookieSessionStorage({ cookie });
  const session = await storage.getSession(null);
  for (const [key, value] of Object.entries(data)) session.set(key, value);
  const setCookie = await storage.commitSession(session);
  return setCookie.slice(0, setCookie.indexOf(';'));
}

/** `open`, then `use` on each of `keys`: what a page that shows (or updates, or clears) the whole session pays. */
const onEveryKey = (open, keys, use) => async () => {
  const session = await open();
  for (const key of keys) use(session, key);
  return session;
};
const READ = ['every key read', (session, key) => session.get(key)];
const WRITES = [
  ['every key set again', (session, key) => session.set(key, 1)],
  ['every key unset', (session, key) => session.unset(key)],
];

/** The rows of one session: opened, then every key read, and for a wide one every key written too. */
async function rowsOf(what, bytes, open, keys) {
  await assertOpensAll(what, open, keys);
  const rows = [{ what, bytes, micros: await timeReads(open) }];
  for (const [how, use] of keys.length > 1 ? [READ, ...WRITES] : [READ]) {
    rows.push({ what: `${what}, ${how}`, bytes, micros: await timeReads(onEveryKey(open, keys, use)) });
  }
  return rows;
}

/**
 * Refuses to time a read that does not open the session it names: the KV rows once timed a fresh session (3 µs
 * for "300 KB"), since their cookie held an ID of a shape the storage no longer accepts.
 */
async function assertOpensAll(what, open, keys) {
  const session = await open();
  const missing = keys.filter((key) => !session.has(key)).length;
  session.dispose();
  if (missing > 0) throw new Error(`bench/wide.js: ${what} opened without ${missing} of its ${keys.length} keys`);
}

async function timeReads(read, ms = 300) {
  let n = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < n; i++) (await read()).dispose();
    const elapsed = performance.now() - start;
    if (elapsed >= ms / 4) {
      n = Math.max(1, Math.round((n * ms) / elapsed));
      break;
    }
    n *= 2;
  }
  const samples = [];
  for (let round = 0; round < 7; round++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) (await read()).dispose();
    samples.push(((performance.now() - start) * 1000) / n);
  }
  return median(samples);
}

export async function runWideBench() {
  const cookies = createCookieSessionStorage({ cookie });
  const rows = [];
  for (const keys of [1, 400]) {
    const data = objectOf(keys, 2800);
    const header = await cookieHeaderOf(data);
    const what = `cookie session, ${keys} key${keys > 1 ? 's' : ''}`;
    rows.push(...(await rowsOf(what, header.length, () => cookies.getSession(header), Object.keys(data))));
  }
  for (const keys of [1, 16_000]) {
    const data = objectOf(keys, 300_000);
    const record = JSON.stringify(data);
    let stored = null;
    const kv = { get: async () => stored, getWithMetadata: async () => ({ value: stored, metadata: null }), put: async () => {}, delete: async () => {} };
    const storage = createWorkersKVSessionStorage({ cookie, kv });
    const header = await idCookieHeader(storage);
    stored = record; // every read gets the record, as KV hands it back: text
    const what = `KV record, ${keys} key${keys > 1 ? 's' : ''}`;
    rows.push(...(await rowsOf(what, record.length, () => storage.getSession(header), Object.keys(data))));
  }
  return rows;
}

/** The cookie of a session `storage` made: an ID of the shape it issues, signed for its cookie. */
async function idCookieHeader(storage) {
  const session = await storage.getSession(null);
  session.set('made', true);
  const setCookie = await storage.commitSession(session);
  session.dispose();
  return setCookie.slice(0, setCookie.indexOf(';'));
}

export function formatWideTable(rows) {
  const lines = ['| read (then written) | size | µs per session | µs per KB |', '|---|---:|---:|---:|'];
  for (const { what, bytes, micros } of rows) {
    lines.push(`| ${what} | ${(bytes / 1024).toFixed(1)} KB | ${formatMicros(micros)} | ${formatMicros(micros / (bytes / 1024))} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatWideTable(await runWideBench()));
}
