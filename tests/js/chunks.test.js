// Sessions beyond one cookie (storage option `chunks`): the one signed or
// sealed value cut over `name`, `name.1`, ...; joined and verified together.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, CookieTooLargeError, withSession } from 'edge-session';
import { CookieJar } from '../helpers/cookie-jar.js';
import { cookiePair, randomText } from './support.js';

const name = '__session';
const storageOf = (chunks, encrypt = false) => createCookieSessionStorage({ cookie: { name, secrets: ['s3cr3t'], httpOnly: true }, chunks, encrypt });

/** A browser: the jar after these Set-Cookie headers. */
function jarWith(headers, jar = new CookieJar()) {
  jar.update(new Response(null, { headers: headers.map((header) => ['Set-Cookie', header]) }));
  return jar;
}

async function committedHeaders(storage, data, header = null) {
  const session = await storage.getSession(header);
  for (const [key, value] of Object.entries(data)) session.set(key, value);
  return storage.commitSessionHeaders(session);
}

for (const encrypt of [false, true]) {
  const kind = encrypt ? 'sealed' : 'signed';
  describe(`Chunked ${kind} sessions`, () => {
    it('spread a 12 KB session over cookies of at most 4096 bytes, and read it back whole', async () => {
      const storage = storageOf(5, encrypt);
      const data = { userId: 'mj', notes: randomText(12_000) };
      const headers = await committedHeaders(storage, data);
      assert.ok(headers.length >= 3 && headers.length <= 5, `${headers.length} cookies`);
      for (const header of headers) assert.ok(new TextEncoder().encode(header).length <= 4096, `${header.length} bytes`);
      assert.match(headers[0], new RegExp(`^${name}=${headers.length}~`));
      headers.slice(1).forEach((header, i) => assert.ok(header.startsWith(`${name}.${i + 1}=`)));
      for (const header of headers) {
        const value = cookiePair(header).split('=')[1];
        assert.doesNotMatch(value, /%.?$/, 'no percent-escape cut in two');
        assert.match(header, /; Path=\/; HttpOnly; SameSite=Lax$/);
      }
      const session = await storage.getSession(jarWith(headers).header());
      assert.deepEqual(session.data, data);
    });

    // Mutation pass: the cut moved back off a %XX escape by 1 or by 2 (or not at all) and every test passed: random
    // data seldom puts an escape at a cut. Fixed data, with the cut shifted one byte at a time by the Path, does.
    it('no cut splits a %XX escape, at every cut position of one value', async () => {
      // U+FFFF is EF BF BF in UTF-8, "77+/" in base64: half the signed form is %2B and %2F escapes.
      const notes = '\uffff'.repeat(1_500);
      for (let extra = 0; extra < 6; extra++) {
        const storage = createCookieSessionStorage({ cookie: { name, secrets: ['s3cr3t'], path: `/${'p'.repeat(extra)}` }, chunks: 5, encrypt });
        const headers = await committedHeaders(storage, { notes });
        for (const header of headers) assert.doesNotMatch(cookiePair(header).split('=')[1], /%.?$/, `Path of ${extra + 1}: ${header.slice(0, 12)}`);
        assert.equal((await storage.getSession(headers.map(cookiePair).join('; '))).get('notes'), notes);
      }
    });

    it('write one cookie, exactly as without chunks, when one suffices', async () => {
      const data = { userId: 'mj' };
      const chunked = await committedHeaders(storageOf(5, encrypt), data);
      assert.equal(chunked.length, 1);
      if (!encrypt) assert.deepEqual(chunked, await committedHeaders(storageOf(1, encrypt), data));
      assert.deepEqual((await storageOf(5, encrypt).getSession(cookiePair(chunked[0]))).data, data);
      // And commitSession still returns that one string.
      const storage = storageOf(5, encrypt);
      const session = await storage.getSession(null);
      session.set('userId', 'mj');
      assert.equal(typeof (await storage.commitSession(session)), 'string');
    });

    it('commitSession refuses, saying so, when the session needs several cookies', async () => {
      const storage = storageOf(5, encrypt);
      const session = await storage.getSession(null);
      session.set('notes', randomText(9000));
      await assert.rejects(storage.commitSession(session), (error) => {
        assert.ok(error instanceof CookieTooLargeError);
        assert.equal(error.code, 'SEVERAL_COOKIES');
        assert.match(error.message, /commitSessionHeaders/);
        return true;
      });
      assert.equal(session.get('notes').length, 9000, 'the session is still usable');
    });

    it('a commitSession refused for SEVERAL_COOKIES leaves the session to be written: withSession still writes it', async () => {
      const storage = storageOf(5, encrypt);
      const jar = new CookieJar();
      const handler = withSession(storage, async (request, { session }) => {
        session.set('notes', randomText(9000));
        session.flash('notice', 'saved');
        // A handler that tries the one-header API first, and leaves the writing to withSession when it cannot.
        await assert.rejects(storage.commitSession(session), { code: 'SEVERAL_COOKIES' });
        return new Response('ok');
      });
      const response = await handler(new Request('https://example.com/'));
      assert.ok(response.headers.getSetCookie().length >= 3, 'every chunk written');
      jar.update(response);
      const session = await storage.getSession(jar.header());
      assert.equal(session.get('notes').length, 9000);
      assert.equal(session.get('notice'), 'saved', "the request's flash kept");
    });

    it('destroySession of a chunked session ends it with one header (the React Router logout idiom)', async () => {
      const storage = storageOf(5, encrypt);
      const jar = jarWith(await committedHeaders(storage, { userId: 'mj', notes: randomText(11_000) }));
      const session = await storage.getSession(jar.header());
      assert.equal(session.get('userId'), 'mj');
      const setCookie = await storage.destroySession(session);
      assert.equal(typeof setCookie, 'string');
      assert.match(setCookie, new RegExp(`^${name}=; .*Max-Age=0`));
      jarWith([setCookie], jar);
      const after = await storage.getSession(jar.header());
      assert.equal(after.size, 0, 'signed out, whatever chunks the browser still holds');
      // The chunks left behind are expired by that browser's next commit.
      after.set('theme', 'dark');
      jarWith(await storage.commitSessionHeaders(after), jar);
      assert.equal(jar.header().includes(`${name}.1=`), false, 'no stale chunk left');
      assert.equal((await storage.getSession(jar.header())).get('theme'), 'dark');
    });

    it('a missing, extra, reordered or mixed-generation chunk gives a fresh session', async () => {
      const storage = storageOf(5, encrypt);
      const headers = await committedHeaders(storage, { notes: randomText(11_000) });
      const other = await committedHeaders(storage, { notes: randomText(11_000) });
      assert.equal(headers.length, other.length);
      const pairs = headers.map(cookiePair);
      const fresh = async (cookieHeader, what) => assert.equal((await storage.getSession(cookieHeader)).size, 0, what);
      assert.equal((await storage.getSession(pairs.join('; '))).size, 1);
      for (let k = 0; k < pairs.length; k++) await fresh(pairs.filter((_, i) => i !== k).join('; '), `missing ${k}`);
      await fresh([...pairs, `${name}.${pairs.length}=AAAA`].join('; '), 'extra');
      const value = (pair) => pair.slice(pair.indexOf('=') + 1);
      const swapped = [...pairs];
      swapped[1] = `${name}.1=${value(pairs[2])}`;
      swapped[2] = `${name}.2=${value(pairs[1])}`;
      await fresh(swapped.join('; '), 'reordered');
      const otherPairs = other.map(cookiePair);
      for (let k = 0; k < pairs.length; k++) {
        const mixed = pairs.map((pair, i) => (i === k ? otherPairs[i] : pair));
        await fresh(mixed.join('; '), `chunk ${k} from another commit`);
      }
      await fresh(`${name}=9~${value(pairs[0]).split('~')[1]}`, 'a count past chunks');
      // Regression: the count is outside the signature, and an empty chunk joined to the same signed value, so the
      // count raised by one with an empty extra chunk opened the session.
      const raised = [pairs[0].replace(/=(\d+)~/, (_, count) => `=${Number(count) + 1}~`), ...pairs.slice(1), `${name}.${pairs.length}=`];
      await fresh(raised.join('; '), 'the count raised, with an empty extra chunk');
    });

    it('expire the chunks a shrunk session no longer uses, in the same response', async () => {
      const storage = storageOf(5, encrypt);
      const big = await committedHeaders(storage, { userId: 'mj', notes: randomText(11_000) });
      const jar = jarWith(big);
      const session = await storage.getSession(jar.header());
      session.unset('notes');
      const small = await storage.commitSessionHeaders(session);
      assert.equal(small.length, big.length);
      for (let k = 1; k < big.length; k++) assert.match(small[k], new RegExp(`^${name}\\.${k}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970`));
      jarWith(small, jar);
      assert.equal(jar.header().includes(`${name}.1=`), false, 'no stale chunk left');
      assert.deepEqual((await storage.getSession(jar.header())).data, { userId: 'mj' });
    });

    // Mutation pass: the cookie's own Expires was left in the expiring chunks (one in the future, then the epoch),
    // and no test failed: the tests' cookies had no lifetime.
    it('a cookie with maxAge and expires: the chunks a shrunk session no longer uses expire with Max-Age=0 and the epoch alone', async () => {
      const storage = createCookieSessionStorage({ cookie: { name, secrets: ['s3cr3t'], httpOnly: true, maxAge: 3600, expires: new Date(Date.now() + 86_400_000) }, chunks: 5, encrypt });
      const big = await committedHeaders(storage, { userId: 'mj', notes: randomText(11_000) });
      assert.match(big[1], /; Max-Age=3600;.*; Expires=/, 'the chunks carry the lifetime');
      const session = await storage.getSession(jarWith(big).header());
      session.unset('notes');
      const small = await storage.commitSessionHeaders(session);
      for (let k = 1; k < big.length; k++) {
        assert.match(small[k], new RegExp(`^${name}\\.${k}=; `));
        assert.deepEqual(small[k].match(/(Max-Age|Expires)=[^;]*/gi), ['Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT'], small[k]);
      }
    });

    // Mutation pass: the first cookie's room left one byte for the count, so "12~" made it 4097 bytes, and no test
    // had ten chunks.
    it('a session of ten chunks or more: its first cookie, with a two-digit count, is 4096 bytes at most too', async () => {
      const storage = createCookieSessionStorage({ cookie: { name, secrets: ['s3cr3t'], path: `/${'p'.repeat(3000)}` }, chunks: 16, encrypt });
      const headers = await committedHeaders(storage, { pad: 'x'.repeat(9_000) });
      assert.ok(headers.length >= 10, `${headers.length} chunks`);
      assert.match(headers[0], new RegExp(`^${name}=${headers.length}~`));
      for (const header of headers) assert.ok(Buffer.byteLength(header) <= 4096, `${Buffer.byteLength(header)} bytes`);
      assert.equal((await storage.getSession(headers.map(cookiePair).join('; '))).get('pad').length, 9_000);
    });

    it('past N chunks: CookieTooLargeError with the size and the limit, nothing written, the session kept', async () => {
      const storage = storageOf(2, encrypt);
      const session = await storage.getSession(null);
      session.set('notes', randomText(9000));
      await assert.rejects(storage.commitSessionHeaders(session), (error) => {
        assert.ok(error instanceof CookieTooLargeError);
        assert.equal(error.code, 'COOKIE_TOO_LARGE');
        assert.match(error.message, /\d+ bytes( of value)?, over the limit of \d+ bytes( that)? \(?2 cookies of 4096 bytes/);
        // Regression: the size and the limit were in the message only.
        assert.ok(Number.isInteger(error.size) && Number.isInteger(error.limit) && error.size > error.limit, `${error.size} > ${error.limit}`);
        assert.ok(error.limit <= 2 * 4096 && error.limit > 4096);
        return true;
      });
      assert.equal(session.get('notes').length, 9000);
    });

    // Regression (issue 12 grader pass): a cut never splits a %XX escape, so it can move back up to 2 bytes and a
    // value just inside the room of N cookies needs one more. The error stated the room, which could be more than
    // the size it refused ("8122 bytes of value, over the limit of 8123").
    it('past N chunks by bytes a cut left before a %XX escape: the limit stated is under the size', async () => {
      let refused = 0;
      for (const secret of ['k', 's3cr3t']) for (let shift = -40; shift <= 40; shift++) {
        const storage = createCookieSessionStorage({ cookie: { name, secrets: [secret] }, chunks: 2, encrypt });
        const session = await storage.getSession(null);
        session.set('p', 'a'.repeat(2983 + shift) + '\uffff'.repeat(11) + 'a'.repeat(2980 - shift));
        const error = await storage.commitSessionHeaders(session).then(() => null, (thrown) => thrown);
        if (error === null) continue;
        refused++;
        assert.equal(error.code, 'COOKIE_TOO_LARGE');
        assert.ok(error.size > error.limit, `${error.message} (size ${error.size}, limit ${error.limit})`);
        assert.ok(error.message.includes(`${error.size} bytes`) && error.message.includes(`limit of ${error.limit} bytes`), error.message);
      }
      if (!encrypt) assert.ok(refused > 0, 'some value at the edge is refused');
    });

    it('past the Cookie header budget: CookieTooLargeError naming it', async () => {
      const storage = storageOf(16, encrypt);
      await assert.rejects(committedHeaders(storage, { notes: randomText(17_000) }), (error) => {
        assert.equal(error.code, 'COOKIE_TOO_LARGE');
        assert.match(error.message, /over the budget of 16384 bytes/);
        assert.equal(error.limit, 16384);
        assert.ok(error.size > 16384);
        return true;
      });
    });

    // Regression: under withSession, destroySession expired only the first cookie, the browser kept the other
    // chunks, and the next sign-in's commitSession threw SEVERAL_COOKIES (it had to expire them too): that user
    // could not sign in again.
    it('React Router idioms under withSession leave no stale chunk (stale chunks after destroySession)', async () => {
      const storage = storageOf(5, encrypt);
      const handler = withSession(storage, async (request, { session }) => {
        const action = new URL(request.url).pathname;
        const redirect = (setCookie) => new Response(null, { status: 303, headers: { Location: '/', 'Set-Cookie': setCookie } });
        if (action === '/notes') session.set('notes', randomText(10_000));
        if (action === '/logout') return redirect(await storage.destroySession(session));
        if (action === '/login') {
          session.set('userId', 'mj');
          return redirect(await storage.commitSession(session));
        }
        return new Response(String(session.get('userId')));
      });
      const jar = new CookieJar();
      const send = async (path, cookieHeader = jar.header()) => {
        const response = await handler(new Request(`https://example.com${path}`, { headers: cookieHeader ? { Cookie: cookieHeader } : {} }));
        jar.update(response);
        return response;
      };
      const names = (response) => response.headers.getSetCookie().map((header) => header.slice(0, header.indexOf('=')));
      await send('/notes');
      const big = jar.header();
      assert.ok(big.includes(`${name}.2=`));

      const logout = await send('/logout');
      assert.equal(names(logout).filter((cookieName) => cookieName === name).length, 1, 'one Set-Cookie for the session name');
      assert.equal(jar.header(), undefined, 'every chunk expired');

      // A browser that kept the chunks (the logout answered before this fix): the sign-in clears them.
      const stale = big.split('; ').filter((pair) => !pair.startsWith(`${name}=`)).join('; ');
      const login = await send('/login', stale);
      assert.equal(login.status, 303);
      assert.equal(names(login).filter((cookieName) => cookieName === name).length, 1, 'one Set-Cookie for the session name');
      assert.equal(jar.header().includes(`${name}.1=`), false, 'no stale chunk left');
      assert.equal(await (await send('/')).text(), 'mj');
    });

    // Regression (review): what a first commit left for the lifecycle (expirations of the chunks it no longer
    // used) was still sent after a second commit that used them again, and the browser deleted the new chunks.
    it('a second commit in the request replaces what the first left for withSession (new chunks expired)', async () => {
      const storage = storageOf(5, encrypt);
      const jar = jarWith(await committedHeaders(storage, { notes: randomText(10_000) }));
      const handler = withSession(storage, async (request, { session }) => {
        session.set('notes', 'short');
        await storage.commitSession(session); // fits one cookie: the old chunks left to withSession to expire
        session.set('notes', randomText(10_000));
        const headers = new Headers();
        for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
        return new Response('ok', { headers });
      });
      const response = await handler(new Request('https://example.com/', { headers: { Cookie: jar.header() } }));
      jar.update(response);
      assert.equal((await storage.getSession(jar.header())).get('notes').length, 10_000);
    });

    // Regression (review): withSession sent the expirations a handler's commit left even when the response had
    // dropped the handler's own header (React Router drops a loader's headers when an error boundary answers): the
    // browser kept its old first cookie, lost the chunks it needs, and was signed out.
    it("sends a commit's chunk expirations only beside its own header (header dropped by the framework)", async () => {
      const storage = storageOf(5, encrypt);
      const jar = jarWith(await committedHeaders(storage, { userId: 'ada', notes: randomText(10_000) }));
      const handler = withSession(storage, async (request, { session }) => {
        session.set('notes', 'short');
        await storage.commitSession(session); // its header never reaches the response
        return new Response('error page', { status: 404 });
      });
      const response = await handler(new Request('https://example.com/', { headers: { Cookie: jar.header() } }));
      assert.deepEqual(response.headers.getSetCookie(), []);
      jar.update(response);
      assert.equal((await storage.getSession(jar.header())).get('userId'), 'ada', 'the old session is whole');
    });

    // Regression (review): the check that the commit's header was in the response took any header of the cookie,
    // so an earlier commit's header standing alone (the later one dropped by the framework) got the later one's
    // expirations, which deleted chunks that header needs.
    it("sends a commit's expirations only beside that very header, not an earlier commit's", async () => {
      const storage = storageOf(5, encrypt);
      const jar = jarWith(await committedHeaders(storage, { userId: 'ada', notes: randomText(6_000) }));
      const handler = withSession(storage, async (request, { session }) => {
        const headers = new Headers();
        session.set('visits', 1);
        for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
        session.unset('notes');
        await storage.commitSession(session); // its header dropped
        return new Response('not found', { status: 404, headers });
      });
      const response = await handler(new Request('https://example.com/', { headers: { Cookie: jar.header() } }));
      jar.update(response);
      const read = await storage.getSession(jar.header());
      assert.deepEqual([read.get('userId'), read.get('visits')], ['ada', 1]);
    });

    // Regression (review): a commitSession refused for SEVERAL_COOKIES after an earlier one whose header the
    // handler sent left both that header and withSession's full commit: two Set-Cookies for the session's cookie.
    it('one Set-Cookie per cookie name when withSession writes what a refused commitSession left', async () => {
      const storage = storageOf(5, encrypt);
      const handler = withSession(storage, async (request, { session }) => {
        session.set('userId', 'ada');
        const headers = new Headers({ 'Set-Cookie': await storage.commitSession(session) });
        session.set('notes', randomText(9_000));
        await assert.rejects(storage.commitSession(session), { code: 'SEVERAL_COOKIES' });
        return new Response('ok', { headers });
      });
      const response = await handler(new Request('https://example.com/'));
      const names = response.headers.getSetCookie().map((header) => header.slice(0, header.indexOf('=')));
      assert.deepEqual(names, [...new Set(names)], names.join(' '));
      const read = await storage.getSession(jarWith(response.headers.getSetCookie()).header());
      assert.equal(read.get('notes').length, 9_000);
    });

    // Regression (review): the earlier header was found by cookie name, through the storage given to withSession,
    // so a wrapped storage went back to two headers, and a header the handler wrote by hand for the same name
    // (another path) was dropped. Only the headers this session's own commits returned are replaced.
    it('replaces only what its own commits returned: a wrapped storage, a hand-written header kept', async () => {
      const inner = storageOf(5, encrypt);
      const wrapper = { getSession: (...a) => inner.getSession(...a), commitSession: (...a) => inner.commitSession(...a), destroySession: (...a) => inner.destroySession(...a), commitSessionHeaders: (...a) => inner.commitSessionHeaders(...a) };
      const legacy = `${name}=; Path=/legacy; Max-Age=0`;
      const handler = withSession(wrapper, async (request, { session }) => {
        session.set('userId', 'ada');
        const headers = new Headers([['Set-Cookie', legacy], ['Set-Cookie', await wrapper.commitSession(session)]]);
        session.set('notes', randomText(9_000));
        await assert.rejects(wrapper.commitSession(session), { code: 'SEVERAL_COOKIES' });
        return new Response('ok', { headers });
      });
      const setCookies = (await handler(new Request('https://example.com/'))).headers.getSetCookie();
      assert.equal(setCookies[0], legacy, 'the hand-written header stays');
      const firsts = setCookies.filter((header) => header.startsWith(`${name}=`) && header !== legacy);
      assert.equal(firsts.length, 1, setCookies.map((header) => header.slice(0, 40)).join('\n'));
      assert.equal((await inner.getSession(jarWith(setCookies).header())).get('notes').length, 9_000);
    });

    // Regression (review): the expirations were asked of the storage withSession was given, so a storage wrapped
    // in another object lost them, and the browser kept stale chunks beside the new cookie.
    it('a wrapped storage still has the chunks its handler left expired (wrapper lost them)', async () => {
      const inner = storageOf(5, encrypt);
      const wrapper = {
        getSession: (...args) => inner.getSession(...args),
        commitSession: (...args) => inner.commitSession(...args),
        destroySession: (...args) => inner.destroySession(...args),
        commitSessionHeaders: (...args) => inner.commitSessionHeaders(...args),
      };
      const jar = jarWith(await committedHeaders(inner, { userId: 'ada', notes: randomText(10_000) }));
      const handler = withSession(wrapper, async (request, { session }) => {
        session.set('notes', 'short');
        return new Response('ok', { headers: { 'Set-Cookie': await wrapper.commitSession(session) } });
      });
      const response = await handler(new Request('https://example.com/', { headers: { Cookie: jar.header() } }));
      jar.update(response);
      assert.equal(jar.header().includes(`${name}.1=`), false, 'no stale chunk left');
      assert.equal((await inner.getSession(jar.header())).get('notes'), 'short');
    });

    // Regression (review): chunks left over from a larger session (a response that could not expire them, or never
    // arrived) made the one-cookie session beside them read as fresh: a lost expiry signed the user out.
    it('a one-cookie session reads as itself beside chunks left over from an earlier, larger one', async () => {
      const storage = storageOf(5, encrypt);
      const jar = jarWith(await committedHeaders(storage, { userId: 'ada', notes: randomText(10_000) }));
      const session = await storage.getSession(jar.header());
      session.set('notes', 'short');
      const setCookie = await storage.commitSession(session); // by hand: one header, the old chunks stay
      jarWith([setCookie], jar);
      assert.ok(jar.header().includes(`${name}.2=`), 'the old chunks are still there');
      const read = await storage.getSession(jar.header());
      assert.deepEqual([read.get('userId'), read.get('notes')], ['ada', 'short']);
      // Its next commit through withSession expires them.
      const response = await withSession(storage, async (request, { session: s }) => {
        s.set('seen', true);
        return new Response('ok');
      })(new Request('https://example.com/', { headers: { Cookie: jar.header() } }));
      jar.update(response);
      assert.equal(jar.header().includes(`${name}.1=`), false);
    });

    it('withSession appends every Set-Cookie, and a destroyed session expires every chunk', async () => {
      const storage = storageOf(5, encrypt);
      const handler = withSession(storage, async (request, { session }) => {
        const action = new URL(request.url).pathname;
        if (action === '/big') session.set('notes', randomText(10_000));
        if (action === '/logout') session.destroy();
        return new Response(String(session.size));
      });
      const jar = new CookieJar();
      const send = async (path) => {
        const response = await handler(new Request(`https://example.com${path}`, { headers: jar.header() ? { Cookie: jar.header() } : {} }));
        jar.update(response);
        return response;
      };
      const big = await send('/big');
      const count = big.headers.getSetCookie().length;
      assert.ok(count >= 3);
      assert.equal(await (await send('/')).text(), '1');
      const logout = await send('/logout');
      assert.equal(logout.headers.getSetCookie().length, count);
      assert.equal(jar.header(), undefined, 'every chunk expired');
    });

    // Regression (audit of redeploys): with chunks lowered to 1 (or the option dropped), no commit and no logout
    // expired the chunks the browser still held from the larger setting: they were sent on every request for good.
    for (const [label, after] of [['chunks: 1', 1], ['no chunks option', undefined]]) {
      it(`a deploy that lowers chunks to ${label} expires the chunks a browser holds (commit, logout, by hand)`, async () => {
        const jar = new CookieJar();
        const send = async (handler, path) => {
          const response = await handler(new Request(`https://example.com${path}`, { headers: jar.header() ? { Cookie: jar.header() } : {} }));
          jar.update(response);
          return response;
        };
        const app = (storage) =>
          withSession(storage, async (request, { session }) => {
            const action = new URL(request.url).pathname;
            if (action === '/big') session.set('notes', randomText(10_000));
            if (action === '/login') session.set('userId', 'alice');
            if (action === '/logout') session.destroy();
            return new Response(String(session.get('userId') ?? 'anon'));
          });
        await send(app(storageOf(5, encrypt)), '/big');
        assert.ok(jar.get(`${name}.2`) !== undefined, 'the browser holds chunks');
        const smaller = storageOf(after, encrypt);
        assert.equal(await (await send(app(smaller), '/login')).text(), 'alice');
        assert.equal(jar.header()?.includes(`${name}.`), false, `chunks left: ${jar.header()}`);
        await send(app(storageOf(5, encrypt)), '/big');
        await send(app(smaller), '/logout');
        assert.equal(jar.header(), undefined, 'the logout expired every chunk too');
        // By hand, commitSessionHeaders gives the expirations beside the cookie.
        await send(app(storageOf(5, encrypt)), '/big');
        const session = await smaller.getSession(jar.header());
        session.set('userId', 'bob');
        const headers = await smaller.commitSessionHeaders(session);
        assert.equal(headers.length, 1 + [...jar.header().matchAll(new RegExp(`${name}\\.\\d+=`, 'g'))].length);
        assert.ok(headers.slice(1).every((header) => /^__session\.\d+=; /.test(header) && /Max-Age=0/.test(header)), headers.join('\n'));
      });
    }
  });
}

describe('Chunk options', () => {
  it('rejects a chunks option that is not an integer from 1 to 16', () => {
    for (const chunks of [0, 17, 1.5, '3']) assert.throws(() => storageOf(chunks), { code: 'INVALID_OPTIONS' });
  });
});

// Regression (audit): a commit expired every chunk number up to the highest the request carried, not only the
// carried ones (README: "the chunks the request carried and the commit no longer uses"): `name.15` alone brought
// 15 expiring headers, and `name.2` alone expired `name.1` too.
describe('The chunks a commit expires', () => {
  for (const [carried, expected] of [
    ['__session.15=x', ['__session.15']],
    ['__session.2=x', ['__session.2']],
    ['__session.1=x; __session.3=y', ['__session.1', '__session.3']],
  ]) {
    it(`are those the request carried and the commit no longer uses (${carried})`, async () => {
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['k'] }, chunks: 3 });
      const session = await storage.getSession(null);
      session.set('a', 1);
      const one = (await storage.commitSessionHeaders(session))[0].split(';')[0];
      const next = await storage.getSession(`${one}; ${carried}`);
      next.set('a', 2);
      const expired = (await storage.commitSessionHeaders(next)).filter((header) => /Max-Age=0/i.test(header)).map((header) => header.split('=')[0]);
      assert.deepEqual(expired, expected);
    });
  }
});
