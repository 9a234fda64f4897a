// Regression (second adversarial pass over the fixes of 2026-12-05); as found, before the fix:
// A Cookie header past 64 KiB is cut to the session's own cookies (js/cookie-header.js cookieHeaderFor). "Its own"
// is tested as `name` or any `name.<anything>`: cookies of another app on the host named with a dot after the
// session's name (`__session.prefs0`, `__session.theme`...: no chunk any storage writes, chunks are name.1 ...
// name.15) are kept too, and counted against the 64 KiB the cut may keep. 17 such cookies of 4000 bytes make the cut
// '' and sign the user out on every request, which the same cookies under any other names do not.
// Expected: only name and name.1 ... name.15 (the chunks a storage can write or expire) are kept.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { cookieHeaderFor } from '../../js/cookie-header.js';
import { createCookieSessionStorage } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t'], httpOnly: true, secure: true, maxAge: 3600 };

it("another app's cookies named `__session.<word>` do not push the session's own cookies past 64 KiB", async () => {
  const storage = createCookieSessionStorage({ cookie });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  const own = (await storage.commitSession(session)).split(';')[0];
  const others = (prefix) => Array.from({ length: 17 }, (_, i) => `${prefix}${i}=${'v'.repeat(4000)}`).join('; ');
  // The same crowd under names of their own: read (the fix of 4d66740).
  assert.equal((await storage.getSession(`${others('prefs')}; ${own}`)).get('userId'), 'ada');
  // Under `__session.`-dotted names that are no chunks: signed out.
  const header = `${others('__session.prefs')}; ${own}`;
  assert.equal(cookieHeaderFor(header, ['__session']), own, 'the cut keeps only the session cookie and its chunks');
  assert.equal((await storage.getSession(header)).get('userId'), 'ada');
});
