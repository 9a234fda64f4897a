// README (Remix v3): with encrypt: 'migrate' "an unsealed payload then reads ... read once, sealed by the next
// save"; a payload sealed already needs no such rewrite: its save, untouched, answers null (no change), as under
// encrypt: true. Mutation pass (s47): every read under 'migrate' marked for rewriting went unnoticed; each response
// of a sealed session re-issued its cookie.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';

it("encrypt: 'migrate': an untouched sealed session's save answers null; an unsealed one's seals it", async () => {
  const secrets = ['migrate-sealed-secret-of-32-characters'];
  const storage = createCookieSessionStorage({ cookie: { secrets, encrypt: 'migrate' } });
  const signed = createCookieSessionStorage({ cookie: { secrets } });
  const fresh = await storage.read(null);
  fresh.set('user', 'ann');
  const sealed = await storage.save(fresh);
  const untouched = await storage.read(sealed);
  assert.equal(untouched.get('user'), 'ann');
  assert.equal(await storage.save(untouched), null, 'sealed already: nothing to write');

  const old = await signed.read(null);
  old.set('user', 'bob');
  const unsealed = await storage.read(await signed.save(old));
  assert.equal(unsealed.get('user'), 'bob');
  const resealed = await storage.save(unsealed);
  assert.equal(typeof resealed, 'string', 'sealed by this save');
  assert.equal(await storage.save(await storage.read(resealed)), null, 'and not again');
});
