// A Cookie header past 64 KiB, crowded by other cookies of the host (another port's app, a sibling path): the
// session's own cookies in it are still read. Regression (browser pass): the whole header was dropped past
// MAX_COOKIE_HEADER_LENGTH, so 17 cookies of 4000 bytes of another app (each far within Chromium's limits) signed
// the user out, a CSRF secret set then was never read back (a 403 on every form that no reload could mend), and a
// chunked session's stale chunks were never expired (the header read as carrying none).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage, csrfToken, withSession } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t'], httpOnly: true, secure: true, maxAge: 3600 };
/** 17 cookies of 4000 bytes: ~68 KB, past the 64 KiB the core reads at once. */
const crowd = Array.from({ length: 17 }, (_, i) => `other${i}=${'v'.repeat(4000)}`);
const pairsOf = (setCookies) => setCookies.map((header) => header.split(';')[0]);
const crowded = (own, { before = crowd, after = [] } = {}) => [...before, ...own, ...after].join('; ');

describe('a Cookie header crowded past 64 KiB by other cookies', () => {
  it('cookie storage, a session in one cookie: read whether the others come before or after it', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const own = [(await storage.commitSession(session)).split(';')[0]];
    for (const header of [crowded(own), crowded(own, { before: [], after: crowd }), crowded(own, { before: crowd.slice(0, 9), after: crowd.slice(9) })]) {
      assert.ok(header.length > 64 * 1024);
      assert.equal((await storage.getSession(header)).get('userId'), 'ada');
    }
  });

  it('cookie storage with chunks: a 12 KB session in four cookies is read, and a smaller commit expires the chunks it no longer uses', async () => {
    const storage = createCookieSessionStorage({ cookie, chunks: 5 });
    const session = await storage.getSession(null);
    session.set('notes', 'n'.repeat(12_000));
    const own = pairsOf(await storage.commitSessionHeaders(session));
    assert.ok(own.length >= 4, `${own.length} cookies`);
    const read = await storage.getSession(crowded(own));
    assert.equal(read.get('notes')?.length, 12_000);
    read.set('notes', 'short');
    const headers = await storage.commitSessionHeaders(read);
    const expired = headers.filter((header) => /Max-Age=0|Expires=Thu, 01 Jan 1970/.test(header)).map((header) => header.split('=')[0]);
    assert.deepEqual(expired.sort(), own.slice(1).map((pair) => pair.split('=')[0]).sort(), headers.join(' | '));
  });

  it('memory storage: the ID cookie is read', async () => {
    const storage = createMemorySessionStorage({ cookie });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const own = [(await storage.commitSession(session)).split(';')[0]];
    assert.equal((await storage.getSession(crowded(own))).get('userId'), 'ada');
  });

  it('createCookie().parse reads its value', async () => {
    const jar = createCookie('prefs', { secrets: ['s3cr3t'] });
    const own = [(await jar.serialize({ theme: 'dark' })).split(';')[0]];
    assert.deepEqual(await jar.parse(crowded(own)), { theme: 'dark' });
  });

  it('withSession + csrf: a form posted with a crowded header passes, as the CSRF secret is read back', async () => {
    const fetch = withSession(
      createCookieSessionStorage({ cookie }),
      (request, { session }) => (request.method === 'GET' ? new Response(csrfToken(session)) : new Response('saved')),
      { csrf: true },
    );
    const page = await fetch(new Request('https://app.test/'));
    const token = await page.text();
    const own = pairsOf(page.headers.getSetCookie());
    const post = await fetch(new Request('https://app.test/', { method: 'POST', headers: { Cookie: crowded(own), 'Sec-Fetch-Site': 'same-origin', 'X-CSRF-Token': token } }));
    assert.equal(post.status, 200, await post.clone().text());
  });

  it('the first cookie of the name still wins, as in a short header', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const own = [(await storage.commitSession(session)).split(';')[0]];
    assert.equal((await storage.getSession(['__session=planted', ...own].join('; '))).get('userId'), undefined);
    assert.equal((await storage.getSession(crowded(['__session=planted', ...own]))).get('userId'), undefined);
    // Names that only begin like the cookie's are others' cookies.
    assert.equal((await storage.getSession(crowded(own, { before: ['__sessionX=1', '__session.x=2', ...crowd] }))).get('userId'), 'ada');
  });

  it('past 1 MiB, or with the session\'s own pairs past 64 KiB, a fresh session: no read, no throw', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const own = [(await storage.commitSession(session)).split(';')[0]];
    const huge = crowded(own, { before: Array.from({ length: 300 }, (_, i) => `other${i}=${'v'.repeat(4000)}`) });
    assert.ok(huge.length > 1024 * 1024);
    assert.equal((await storage.getSession(huge)).get('userId'), undefined);
    const ownTooMany = crowded([...Array.from({ length: 20 }, () => `__session.${1}=${'x'.repeat(4000)}`), ...own]);
    assert.equal((await storage.getSession(ownTooMany)).get('userId'), undefined);
    const memory = createMemorySessionStorage({ cookie });
    assert.equal((await memory.getSession(huge)).get('userId'), undefined);
  });

  // Mutation pass: the bound on the kept pairs moved by one either way (a "+ 2" for the separator the last pair does
  // not have) and every test still passed.
  it('the session\'s own pairs are read up to 64 KiB exactly: one character more, a fresh session', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const own = (await storage.commitSession(session)).split(';')[0];
    /** own, then chunk-named pairs (kept: they are the cookie's) making the kept pairs `length` characters. */
    const ownPairsOf = (length) => {
      const pairs = [own];
      for (let left = length - own.length; left > 0; ) {
        const value = Math.min(4000, left - '; __session.1='.length);
        pairs.push(`__session.1=${'x'.repeat(value)}`);
        left -= '; __session.1='.length + value;
      }
      assert.equal(pairs.join('; ').length, length);
      return pairs;
    };
    assert.equal((await storage.getSession(crowded(ownPairsOf(64 * 1024)))).get('userId'), 'ada');
    assert.equal((await storage.getSession(crowded(ownPairsOf(64 * 1024 + 1)))).get('userId'), undefined);
  });
});
