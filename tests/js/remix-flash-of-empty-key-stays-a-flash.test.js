// README (Remix v3): the cookie storage writes Remix v3's payload ({"i":id,"d":[values,flash]}), which
// @remix-run/session's cookie storage reads. A flash whose key is "" (Remix's Session takes any string) is written
// in the payload's flash, not among the values under its flat name "__flash___". Mutation pass (s47): the flat
// name's key required to be non-empty went unnoticed; Remix read a lasting value "__flash___" instead of the flash.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage as theirCookieSessionStorage } from '@remix-run/session/cookie-storage';
import { createCookieSessionStorage } from 'edge-session';

it('a flash named "" is saved in the payload\'s flash, and Remix\'s own storage reads it as one', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t-of-thirty-two-characters!!!'] } });
  const session = await storage.read(null);
  session.flash('', 'saved');
  session.set('kept', 1);
  const value = await storage.save(session);
  assert.deepEqual(JSON.parse(value).d, [{ kept: 1 }, { '': 'saved' }]);
  const theirs = await theirCookieSessionStorage().read(value);
  assert.equal(theirs.get(''), 'saved');
  assert.equal(theirs.has('__flash___'), false);
  const ours = await storage.read(value);
  assert.equal(ours.get(''), 'saved');
  assert.equal(ours.get('__flash___'), undefined);
});
