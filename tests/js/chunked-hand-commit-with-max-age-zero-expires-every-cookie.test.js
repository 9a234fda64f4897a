// README, Errors and Limits: every Set-Cookie is "at most 4096 bytes" (name, value, attributes), and with `chunks` a
// session spans up to N cookies; a hand commit with `maxAge: 0` (`commitSessionHeaders(session, { maxAge: 0 })`, a
// logout some apps write by hand) is still such a commit: its Set-Cookies, each within 4096 bytes, leave the browser
// no cookie of the session. Only an empty value (destroySession's) is the one expiring cookie written whole.
// Mutation pass (s47): any Max-Age=0 taken for a destroyed session went unnoticed; a 6 KB session's hand logout sent
// one 8 KB __session cookie, which browsers drop, and its stale first cookie stayed in the browser.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { BrowserJar } from '../helpers/browser-jar.js';

const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'], maxAge: 3600 };

it("a chunked session's hand commit with maxAge: 0 writes cookies within 4096 bytes that leave the browser none of it", async () => {
  const storage = createCookieSessionStorage({ cookie, chunks: 3 });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  session.set('notes', 'n'.repeat(6000));
  const jar = new BrowserJar().apply(await storage.commitSessionHeaders(session));
  assert.deepEqual(jar.names(), ['__session', '__session.1', '__session.2']);
  const read = await storage.getSession(jar.header());
  assert.equal(read.get('userId'), 'ada');
  const logout = await storage.commitSessionHeaders(read, { maxAge: 0 });
  for (const header of logout) assert.ok(new TextEncoder().encode(header).length <= 4096, `${header.length} bytes: ${header.slice(0, 40)}`);
  jar.apply(logout);
  assert.deepEqual(jar.names(), []);
});
