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
import { createCookie, createCookieSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { formatMicros, median } from './stats.js';

const cookie = { name: '__session', secrets: ['bench-s3cr3t'] };
const ID = '0123456789abcdef0123456789abcdef';

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

/** `open`, then each of `keys` read with get(): what a page that shows the whole session pays. */
const readingEveryKey = (open, keys) => async () => {
  const session = await open();
  for (const key of keys) session.get(key);
  return session;
};

/** `open`, then each of `keys` set again (or unset): a page that updates or clears the whole session. */
const writingEveryKey = (open, keys, write) => async () => {
  const session = await open();
  for (const key of keys) write(session, key);
  return session;
};
const WRITES = [
  ['every key set again', (session, key) => session.set(key, 1)],
  ['every key unset', (session, key) => session.unset(key)],
];

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
    const open = () => cookies.getSession(header);
    rows.push({ what, bytes: header.length, micros: await timeReads(open) });
    rows.push({ what: `${what}, every key read`, bytes: header.length, micros: await timeReads(readingEveryKey(open, Object.keys(data))) });
    if (keys > 1) {
      for (const [how, write] of WRITES) rows.push({ what: `${what}, ${how}`, bytes: header.length, micros: await timeReads(writingEveryKey(open, Object.keys(data), write)) });
    }
  }
  for (const keys of [1, 16_000]) {
    const data = objectOf(keys, 300_000);
    const record = JSON.stringify(data);
    const kv = { get: async () => null, getWithMetadata: async () => ({ value: record, metadata: null }), put: async () => {}, delete: async () => {} };
    const storage = createWorkersKVSessionStorage({ cookie, kv });
    const header = await idCookieHeader();
    const what = `KV record, ${keys} key${keys > 1 ? 's' : ''}`;
    const open = () => storage.getSession(header);
    rows.push({ what, bytes: record.length, micros: await timeReads(open) });
    rows.push({ what: `${what}, every key read`, bytes: record.length, micros: await timeReads(readingEveryKey(open, Object.keys(data))) });
    if (keys > 1) {
      for (const [how, write] of WRITES) rows.push({ what: `${what}, ${how}`, bytes: record.length, micros: await timeReads(writingEveryKey(open, Object.keys(data), write)) });
    }
  }
  return rows;
}

async function idCookieHeader() {
  const setCookie = await createCookie('__session', { secrets: cookie.secrets }).serialize(ID);
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
