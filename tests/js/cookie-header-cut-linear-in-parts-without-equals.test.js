// cookieHeaderFor (js/cookie-header.js) cuts a Cookie header past 64 KiB to the session's own pairs in one pass.
// Regression (adversarial pass): each ';'-part looked for its '=' from its own start, to the next '=' anywhere after
// it, so a header of parts without one (1 MiB of "; " before the session cookie) cost O(n^2): ~5.5 s of CPU for one
// request, ~120 ms at the 128 KB Cloudflare passes. Counted, not timed: the characters the scan's indexOf calls look
// through over that header stay within a few times its length.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

it('1 MiB of parts without "=" before the session cookie: read, scanning each character a few times at most', async (t) => {
  const storage = createCookieSessionStorage({ cookie });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  const own = (await storage.commitSession(session)).split(';')[0];
  for (const filler of ['; ', ';', ' ; nameless ', '; a']) {
    const header = filler.repeat(Math.floor((1024 * 1024 - own.length - 8) / filler.length)) + '; ' + own;
    assert.ok(header.length > 1000 * 1024 && header.length <= 1024 * 1024, String(header.length));
    let scanned = 0;
    const indexOf = String.prototype.indexOf;
    t.mock.method(String.prototype, 'indexOf', function (search, from = 0) {
      const found = indexOf.call(this, search, from);
      if (this.length === header.length) scanned += (found < 0 ? this.length : found) - Math.max(0, from);
      return found;
    });
    const read = await storage.getSession(header);
    t.mock.restoreAll();
    assert.equal(read.get('userId'), 'ada', JSON.stringify(filler));
    assert.ok(scanned <= 4 * header.length, `${JSON.stringify(filler)}: ${scanned} characters scanned for a header of ${header.length}`);
  }
});
