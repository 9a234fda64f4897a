// Issue 10.4's bound for the widest record a store may hold: 512 KiB of JSON made of ~63,000 tiny keys (another
// program's text in KV, or an app that lets visitors choose keys). Each key costs the core bookkeeping beside its
// JSON. Regression (audit): one request of such a record took WebAssembly memory from 1 to 9.6 MiB, past the
// README's 8 MiB, and four at once to 23.4 MiB: the first set() of a new key reallocated the session's whole list
// of keys at twice its size, and the key index was four times their number. Its own file: WASM memory never
// shrinks, so a process of its own measures it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, createWorkersKVSessionStorage } from 'edge-session';
import { loadCore } from '../../js/loader.js';
import { signedCookieHeader } from './support.js';
import { mapKV } from './map-kv.js';

const MiB = 1024 * 1024;

async function wasmMemoryBytes() {
  const { module } = await loadCore();
  const memory = Object.values(module.asm ?? {}).find((value) => value instanceof WebAssembly.Memory);
  return (memory?.buffer ?? module.HEAPU8.buffer).byteLength;
}

/** `{"0":0,"1":0,...}` up to 510 KiB: under the 512 KiB record limit, so it is read. */
function widestRecord() {
  const members = [];
  for (let i = 0, length = 2; length < 510 * 1024; i++) {
    const member = `"${i.toString(36)}":0`;
    members.push(member);
    length += member.length + 1;
  }
  return { text: `{${members.join(',')}}`, keys: members.length };
}

it('the widest 512 KiB record: one request stays under 8 MiB, and four at once under 16 MiB (about 2 MiB a session)', async () => {
  (await createSession()).dispose();
  const before = await wasmMemoryBytes();
  const { text, keys } = widestRecord();
  const kv = mapKV();
  const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: ['s'] }, kv });
  const live = [];
  const request = async (n) => {
    const id = n.toString(16).padStart(32, '0');
    await kv.put(`session:${id}`, text);
    const session = await storage.getSession(signedCookieHeader('__session', JSON.stringify(id), 's'));
    assert.equal(session.size, keys, 'the record is read: it is within the limits');
    session.set('seen', n); // a new key
    await storage.commitSession(session);
    live.push(session); // held, as a request holds its session until it ends
  };
  await request(0);
  const one = await wasmMemoryBytes();
  console.log(`# ${keys} keys: ${(before / MiB).toFixed(1)} MiB -> one request ${(one / MiB).toFixed(1)} MiB`);
  assert.ok(one < 8 * MiB, `one request: ${(one / MiB).toFixed(1)} MiB`);
  await Promise.all([1, 2, 3].map(request));
  const four = await wasmMemoryBytes();
  console.log(`# four at once: ${(four / MiB).toFixed(1)} MiB`);
  assert.ok(four < 16 * MiB, `four sessions live: ${(four / MiB).toFixed(1)} MiB`);
  for (const session of live) session.dispose();
});
