// README (Remix v3): the cookie storage writes Remix v3's payload ({"i":id,"d":[values,flash]}), which
// @remix-run/session's cookie storage reads. Only a whole flat name "__flash_<key>__" is a flash: a value whose name
// merely holds one ("draft__flash_note__", "__flash_note__old") is written among the values, and lasts.
// Mutation pass (s51): the flash name's pattern without its ^ and $ anchors went unnoticed; such values were written
// as the flash "note", read once, then gone.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage as theirCookieSessionStorage } from '@remix-run/session/cookie-storage';
import { createCookieSessionStorage } from 'edge-session';

it('a value named around a flash name is saved among the values, and read back as one by Remix and by us', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t-of-thirty-two-characters!!!'] } });
  const session = await storage.read(null);
  session.set('draft__flash_note__', 'a');
  session.set('__flash_note__old', 'b');
  const value = await storage.save(session);
  assert.deepEqual(JSON.parse(value).d, [{ draft__flash_note__: 'a', __flash_note__old: 'b' }, {}]);
  const theirs = await theirCookieSessionStorage().read(value);
  assert.equal(theirs.get('draft__flash_note__'), 'a');
  assert.equal(theirs.get('note'), undefined);
  const ours = await storage.read(value);
  assert.equal(ours.get('__flash_note__old'), 'b');
  // Read again after a request that saved nothing: a value, not a flash gone after one read.
  const again = await storage.read(await storage.save(ours) ?? value);
  assert.equal(again.get('draft__flash_note__'), 'a');
});
