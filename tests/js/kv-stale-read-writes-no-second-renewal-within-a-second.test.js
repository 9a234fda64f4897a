// Workers KV takes one write of a key per second, and a read even where the key was written may still see its old
// value (README Workers KV: the location that made a write "usually sees it at once, however, this is not
// guaranteed"). So a busy KV session's renewals stay a second apart when a read finds the record as it was before the
// last renewal, due again, at the boundary where the touchInterval leaves exactly a second before the session's end
// (idleTimeout 2, touchInterval 1: lifetime.js rewriteWindowOf keeps KV's floor when it leaves renewals that room).
// Mutation pass (s47): the floor kept only where it leaves more than that room (`<` for `<=`) went unnoticed; the
// stale read's renewal was written 600 ms after the one before, a second put of the key within a second.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createWorkersKVSessionStorage, withSession } from 'edge-session';

/** A KV of this process whose reads see a key's previous value until its latest put is `lagMs` old. */
function laggingKV(lagMs) {
  const versions = new Map(); // key -> [{ value, at }], oldest first
  const puts = [];
  return {
    puts,
    async get(key) {
      const kept = versions.get(key) ?? [];
      const latest = kept.at(-1);
      const previous = kept.at(-2);
      if (latest === undefined) return null;
      return previous !== undefined && Date.now() - latest.at < lagMs ? previous.value : latest.value;
    },
    async put(key, value) {
      versions.set(key, [...(versions.get(key) ?? []), { value, at: Date.now() }]);
      puts.push(Date.now());
    },
    delete: async (key) => void versions.delete(key),
  };
}

it('Workers KV, idleTimeout 2 and touchInterval 1: a read that finds the record as it was before the last renewal writes no second renewal within a second', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_800_000_000_000 });
  const kv = laggingKV(700); // a stale read then finds a record at most 1.9 s old: still inside idleTimeout 2
  const storage = createWorkersKVSessionStorage({ cookie: { secrets: ['kv-stale-read-renewal'.padEnd(32, '!')] }, kv, idleTimeout: 2, touchInterval: 1 });
  const handler = withSession(storage, async (request, { session }) => {
    if (request.method === 'POST') session.set('userId', 'ada');
    return new Response(String(session.get('userId') ?? 'nobody'));
  });
  const signIn = await handler(new Request('https://example.com/', { method: 'POST' }), {}, {});
  const cookie = signIn.headers.getSetCookie()[0].split(';')[0];
  const start = kv.puts[0];
  for (let at = 300; at <= 6000; at += 300) {
    t.mock.timers.tick(300);
    const response = await handler(new Request('https://example.com/', { headers: { Cookie: cookie } }), {}, {});
    assert.equal(await response.text(), 'ada', `at +${at} ms`);
  }
  const times = kv.puts.map((time) => time - start);
  assert.ok(times.length >= 4, `renewed: puts at +${times} ms`);
  for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 1000, `puts at +${times} ms`);
});
