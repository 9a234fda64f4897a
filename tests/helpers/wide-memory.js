// node tests/helpers/wide-memory.js SHAPE: prints, as JSON, the WebAssembly memory (bytes) one request of a widest
// session of SHAPE took, then four of them live at once. A process per shape: WASM memory never shrinks.
// Used by tests/js/wide-record-memory.test.js.
import { createSession, createMemorySessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { loadCore } from '../../js/loader.js';
import { signedCookieHeader } from '../js/support.js';
import { mapKV } from '../js/map-kv.js';

async function wasmMemoryBytes() {
  const { module } = await loadCore();
  const memory = Object.values(module.asm ?? {}).find((value) => value instanceof WebAssembly.Memory);
  return (memory?.buffer ?? module.HEAPU8.buffer).byteLength;
}

/** `{"0":0,"1":0,...}` up to `bytes` of JSON, its first member `first` if given. */
function record(bytes, first) {
  const members = first ? [first] : [];
  for (let i = 0, length = 2 + (first?.length ?? 0); ; i++) {
    const member = `"${i.toString(36)}":0`;
    if (length + member.length + 1 > bytes) break;
    members.push(member);
    length += member.length + 1;
  }
  return { text: `{${members.join(',')}}`, keys: members.length };
}

// Records another program may have written into KV, at the 512 KiB limit. The one-pass scanner reads `tiny`; one
// member it is not sure of sends the rest to nlohmann's parser (src/json.cpp JsonObjectReader::read). `full` leaves
// room for the key each request sets and the 79 bytes set() keeps for the times a commit may add (audit of issue
// 10.4): with less, that set() is refused.
const FULL = 512 * 1024 - 64 - 79;
const records = {
  tiny: () => record(510 * 1024),
  full: () => record(FULL),
  longExponent: () => record(FULL, '"_big":1e-10000'),
  oddlyWrittenFloat: () => record(FULL, '"_big":0.01e310'),
  escapedKey: () => record(FULL, '"\\/":0'),
  repeatedKeys: () => repeated(FULL, 5),
};

/** `{"0":0,"1":0,...,"4":0,"0":0,...}` up to `bytes` of JSON: `distinct` keys, each written again and again. */
function repeated(bytes, distinct) {
  const members = [];
  for (let i = 0, length = 2; length + 6 <= bytes; i++, length += 6) members.push(`"${i % distinct}":0`);
  return { text: `{${members.join(',')}}`, keys: distinct };
}

/** One KV request of the record: read, a new key set, committed; the session kept live. */
async function kvRequests(shape) {
  const { text, keys } = records[shape]();
  const kv = mapKV();
  const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: ['s'] }, kv });
  const live = [];
  return async (n) => {
    const id = issueSessionId('__session', n.toString(16).padStart(24, '0'));
    await kv.put(`session:${id}`, text);
    const session = await storage.getSession(signedCookieHeader('__session', JSON.stringify(id), 's'));
    if (session.size !== keys) throw new Error(`${shape}: read ${session.size} keys of ${keys}`);
    session.set('seen', n); // a new key
    await storage.commitSession(session);
    live.push(session); // held, as a request holds its session until it ends
  };
}

/** An app's createSession(data) of ~57,000 keys committed to the memory storage, then the next request's read of it. */
async function roundTrips() {
  const data = {};
  for (let i = 0, length = 2; length < 510 * 1024; i++) {
    data[`_${i.toString(36)}`] = 0;
    length += `"_${i.toString(36)}":0,`.length;
  }
  const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s'] } });
  const live = [];
  return async (n) => {
    const cookie = (await storage.commitSession(await createSession(data))).split(';')[0];
    const next = await storage.getSession(cookie);
    void next.data;
    next.set('seen', n);
    await storage.commitSession(next);
    live.push(next);
  };
}

const shape = process.argv[2];
(await createSession()).dispose();
const before = await wasmMemoryBytes();
const request = shape === 'roundTrip' ? await roundTrips() : await kvRequests(shape);
await request(0);
const one = await wasmMemoryBytes();
await Promise.all([1, 2, 3].map(request));
const four = await wasmMemoryBytes();
console.log(JSON.stringify({ shape, before, one, four }));
