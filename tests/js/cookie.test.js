// createCookie: values, signing, attributes, and the options it refuses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, CookieOptionError, EdgeSessionError, isCookie, SessionDataError } from 'edge-session';
import { cookiePair, signedCookieHeader } from './support.js';

/** serialize, then parse what a browser would send back. */
async function roundTrip(cookie, value) {
  return cookie.parse(cookiePair(await cookie.serialize(value)));
}

describe('createCookie values', () => {
  for (const [secrets, label] of [[[], 'unsigned'], [['s3cr3t'], 'signed']]) {
    it(`parses and serializes ${label} strings`, async () => {
      assert.equal(await roundTrip(createCookie('c', { secrets }), 'hello world'), 'hello world');
    });

    it(`parses and serializes ${label} objects`, async () => {
      const value = { user: { id: 1, roles: ['a', 'b'] }, ok: true, none: null };
      assert.deepEqual(await roundTrip(createCookie('c', { secrets }), value), value);
    });

    it(`parses and serializes ${label} booleans`, async () => {
      assert.equal(await roundTrip(createCookie('c', { secrets }), true), true);
      assert.equal(await roundTrip(createCookie('c', { secrets }), false), false);
    });

    it(`parses and serializes ${label} numbers and arrays`, async () => {
      assert.equal(await roundTrip(createCookie('c', { secrets }), 0), 0);
      assert.equal(await roundTrip(createCookie('c', { secrets }), -1.5), -1.5);
      assert.deepEqual(await roundTrip(createCookie('c', { secrets }), [1, '2', [3]]), [1, '2', [3]]);
    });

    it(`parses and serializes ${label} utf8 strings`, async () => {
      const value = 'héllo ✓ 日本 🍪';
      assert.equal(await roundTrip(createCookie('c', { secrets }), value), value);
    });

    it(`serializes the ${label} empty string as an empty, unsigned value and parses it back as ""`, async () => {
      const cookie = createCookie('c', { secrets });
      const setCookie = await cookie.serialize('');
      assert.equal(setCookie, 'c=; Path=/; SameSite=Lax');
      assert.equal(await cookie.parse(cookiePair(setCookie)), '');
    });
  }

  it('serializes a string as React Router does (base64 of its JSON, percent-encoded)', async () => {
    assert.equal(await createCookie('c').serialize(true), 'c=dHJ1ZQ%3D%3D; Path=/; SameSite=Lax');
    assert.equal(await createCookie('c').serialize('x'), 'c=Ingi; Path=/; SameSite=Lax');
  });

  it('parses a missing cookie and an empty header as null', async () => {
    const cookie = createCookie('c', { secrets: ['s'] });
    assert.equal(await cookie.parse('other=1'), null);
    assert.equal(await cookie.parse(''), null);
    assert.equal(await cookie.parse(null), null);
    assert.equal(await cookie.parse(undefined), null);
  });

  it('parses a value with an invalid signature as null', async () => {
    const cookie = createCookie('c', { secrets: ['s'] });
    const pair = cookiePair(await cookie.serialize('hello'));
    assert.equal(await cookie.parse(pair.slice(0, -2) + 'AA'), null);
  });

  it('parses a value whose signature is not base64 ("%^&") as null', async () => {
    const cookie = createCookie('c', { secrets: ['s'] });
    const pair = cookiePair(await cookie.serialize('hello'));
    assert.equal(await cookie.parse(pair + '%^&'), null);
  });

  // Regression (review C): a correctly signed value whose payload is empty (`c=.<HMAC of "">`) parsed as "", the
  // empty value's reading (React Router's parse gives {}); no JSON text is empty, so it is a payload that is not
  // JSON: null, signed or not. The empty value itself still parses as "".
  it('parses a value whose payload is empty as null, signed or not', async () => {
    const signed = createCookie('c', { secrets: ['s'] });
    assert.equal(await signed.parse(signedCookieHeader('c', '', 's')), null);
    assert.equal(await createCookie('c').parse('c=%20'), null, 'unsigned: atob(" ") is empty');
    for (const cookie of [signed, createCookie('c')]) {
      assert.equal(await cookie.parse('c='), '');
      assert.equal(await cookie.parse('c=""'), '');
    }
  });

  // Regression (audit): undefined, a function and a symbol were a CookieOptionError INVALID_OPTIONS, where the README
  // (Errors) and a cycle or a BigInt give SessionDataError INVALID_VALUE.
  it('refuses a value JSON cannot hold with SessionDataError INVALID_VALUE', async () => {
    for (const value of [undefined, () => {}, Symbol('s')]) {
      await assert.rejects(createCookie('c').serialize(value), (error) => error instanceof SessionDataError && error.code === 'INVALID_VALUE' && /JSON/.test(error.message));
    }
  });
});

describe('createCookie properties', () => {
  it('isSigned is true with secrets and false without', () => {
    assert.equal(createCookie('c').isSigned, false);
    assert.equal(createCookie('c', { secrets: [] }).isSigned, false);
    assert.equal(createCookie('c', { secrets: ['s'] }).isSigned, true);
  });

  it('name is the cookie name', () => {
    assert.equal(createCookie('my-cookie').name, 'my-cookie');
  });

  it('expires is the expires option, or undefined', () => {
    const date = new Date('2030-01-02T03:04:05Z');
    assert.equal(createCookie('c', { expires: date }).expires.getTime(), date.getTime());
    assert.equal(createCookie('c').expires, undefined);
  });

  it('expires is in the future by maxAge when maxAge is set', () => {
    const before = Date.now();
    const expires = createCookie('c', { maxAge: 3600 }).expires.getTime();
    assert.ok(expires >= before + 3600 * 1000);
  });

  it('does not keep a reference to the caller\'s options object', async () => {
    const options = { path: '/a' };
    const cookie = createCookie('c', options);
    options.path = '/b';
    assert.match(await cookie.serialize('x'), /; Path=\/a;/);
  });

  it('isCookie is true for cookies and false otherwise', () => {
    assert.equal(isCookie(createCookie('c')), true);
    assert.equal(isCookie({ name: 'c', parse() {}, serialize() {} }), false);
    assert.equal(isCookie(null), false);
    assert.equal(isCookie(undefined), false);
  });
});

describe('createCookie attributes', () => {
  const serialize = (options, override) => createCookie('c', options).serialize('x', override);

  it('defaults to Path=/ and SameSite=Lax, nothing else', async () => {
    assert.equal(await serialize({}), 'c=Ingi; Path=/; SameSite=Lax');
  });

  it('writes Domain', async () => {
    assert.equal(await serialize({ domain: 'example.com' }), 'c=Ingi; Domain=example.com; Path=/; SameSite=Lax');
    assert.equal(await serialize({ domain: '.example.com' }), 'c=Ingi; Domain=.example.com; Path=/; SameSite=Lax');
  });

  it('writes Path', async () => {
    assert.equal(await serialize({ path: '/app' }), 'c=Ingi; Path=/app; SameSite=Lax');
  });

  it('writes Expires from a Date as an IMF-fixdate', async () => {
    assert.equal(
      await serialize({ expires: new Date('2030-01-02T03:04:05Z') }),
      'c=Ingi; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; SameSite=Lax',
    );
    assert.equal(
      await serialize({ expires: new Date(0) }),
      'c=Ingi; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax',
    );
  });

  it('writes Max-Age, including 0', async () => {
    assert.equal(await serialize({ maxAge: 3600 }), 'c=Ingi; Max-Age=3600; Path=/; SameSite=Lax');
    assert.equal(await serialize({ maxAge: 0 }), 'c=Ingi; Max-Age=0; Path=/; SameSite=Lax');
  });

  it('writes HttpOnly', async () => {
    assert.equal(await serialize({ httpOnly: true }), 'c=Ingi; Path=/; HttpOnly; SameSite=Lax');
    assert.equal(await serialize({ httpOnly: false }), 'c=Ingi; Path=/; SameSite=Lax');
  });

  it('writes Secure', async () => {
    assert.equal(await serialize({ secure: true }), 'c=Ingi; Path=/; Secure; SameSite=Lax');
  });

  it('writes SameSite lax, strict and none, in any case', async () => {
    assert.equal(await serialize({ sameSite: 'lax' }), 'c=Ingi; Path=/; SameSite=Lax');
    assert.equal(await serialize({ sameSite: 'strict' }), 'c=Ingi; Path=/; SameSite=Strict');
    assert.equal(await serialize({ sameSite: 'Strict' }), 'c=Ingi; Path=/; SameSite=Strict');
    assert.equal(await serialize({ sameSite: 'LAX' }), 'c=Ingi; Path=/; SameSite=Lax');
  });

  it('takes sameSite true as Strict and false as Lax', async () => {
    assert.equal(await serialize({ sameSite: true }), 'c=Ingi; Path=/; SameSite=Strict');
    assert.equal(await serialize({ sameSite: false }), 'c=Ingi; Path=/; SameSite=Lax');
  });

  it('SameSite=None forces Secure', async () => {
    assert.equal(await serialize({ sameSite: 'none' }), 'c=Ingi; Path=/; Secure; SameSite=None');
    assert.equal(await serialize({ sameSite: 'none', secure: false }), 'c=Ingi; Path=/; Secure; SameSite=None');
  });

  it('Partitioned forces Secure', async () => {
    assert.equal(await serialize({ partitioned: true }), 'c=Ingi; Path=/; Secure; Partitioned; SameSite=Lax');
  });

  it('writes Priority low, medium and high', async () => {
    assert.equal(await serialize({ priority: 'low' }), 'c=Ingi; Path=/; Priority=Low; SameSite=Lax');
    assert.equal(await serialize({ priority: 'medium' }), 'c=Ingi; Path=/; Priority=Medium; SameSite=Lax');
    assert.equal(await serialize({ priority: 'high' }), 'c=Ingi; Path=/; Priority=High; SameSite=Lax');
  });

  it('writes every attribute in the `cookie` package\'s order', async () => {
    assert.equal(
      await serialize({
        domain: 'example.com', path: '/app', expires: new Date('2030-01-02T03:04:05Z'), maxAge: 60,
        httpOnly: true, secure: true, sameSite: 'strict', partitioned: true, priority: 'high',
      }),
      'c=Ingi; Max-Age=60; Domain=example.com; Path=/app; Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Strict',
    );
  });

  it('serialize options override the cookie\'s', async () => {
    assert.equal(
      await serialize({ httpOnly: true, maxAge: 10, path: '/a' }, { httpOnly: false, maxAge: 20, path: '/b', sameSite: 'strict' }),
      'c=Ingi; Max-Age=20; Path=/b; SameSite=Strict',
    );
  });

  it('serialize options apply to that header only', async () => {
    const cookie = createCookie('c', { maxAge: 10 });
    await cookie.serialize('x', { maxAge: 20 });
    assert.equal(await cookie.serialize('x'), 'c=Ingi; Max-Age=10; Path=/; SameSite=Lax');
  });

  // Regression: JSON.stringify dropped keys whose value is undefined, so an
  // override such as { maxAge: undefined } was ignored where React Router's
  // object spread removes the cookie's own maxAge.
  it('a serialize option given as undefined removes the cookie\'s own (regression: it was ignored)', async () => {
    const options = {
      domain: 'example.com', maxAge: 60, expires: new Date('2030-01-02T03:04:05Z'), httpOnly: true, secure: true, priority: 'high',
    };
    assert.equal(
      await serialize(options, { maxAge: undefined }),
      'c=Ingi; Domain=example.com; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; Secure; Priority=High; SameSite=Lax',
    );
    assert.equal(
      await serialize(options, { expires: undefined, domain: undefined, httpOnly: undefined, secure: undefined, priority: undefined }),
      'c=Ingi; Max-Age=60; Path=/; SameSite=Lax',
    );
  });
});

// Regressions (found comparing with React Router): serialize(v, { encode }) and parse(h, { decode }) ignored the
// functions (JSON drops them), and a React Router Cookie given to a storage failed on "Unknown cookie option isSigned".
describe("React Router's encode/decode and Cookies", () => {
  it('encode and decode are refused where they are given, not ignored', async () => {
    const { createCookieSessionStorage, createMemorySessionStorage } = await import('edge-session');
    const cookie = createCookie('c', { secrets: ['s'] });
    const isUnsupported = (error) => error instanceof CookieOptionError && error.code === 'INVALID_OPTIONS' && /not supported/.test(error.message);
    await assert.rejects(cookie.serialize('v', { encode: (value) => value }), isUnsupported);
    await assert.rejects(cookie.parse('c=x', { decode: (value) => value }), isUnsupported);
    for (const storage of [createCookieSessionStorage({ cookie }), createMemorySessionStorage({ cookie })]) {
      await assert.rejects(storage.getSession('c=x', { decode: (value) => value }), isUnsupported);
    }
    assert.equal(await cookie.parse('c=x', {}), null, 'other options are fine');
  });

  it("a React Router Cookie given to a storage is refused with a message that says what to do", async () => {
    const { createCookie: createRRCookie } = await import('react-router');
    const { createCookieSessionStorage } = await import('edge-session');
    assert.throws(
      () => createCookieSessionStorage({ cookie: createRRCookie('__session', { secrets: ['s'] }) }),
      (error) => error instanceof CookieOptionError && /another library/.test(error.message) && /createCookie/.test(error.message),
    );
  });
});

describe('createCookie refuses invalid names and options', () => {
  /** Rejects with a CookieOptionError of `code` whose message matches `mentions`. */
  async function assertRejects(promise, code, mentions) {
    await assert.rejects(promise, (error) => {
      assert.ok(error instanceof CookieOptionError, `${error}`);
      assert.ok(error instanceof EdgeSessionError);
      assert.equal(error.name, 'CookieOptionError');
      assert.equal(error.code, code);
      for (const text of mentions) assert.ok(error.message.includes(text), `"${error.message}" should name ${text}`);
      return true;
    });
  }

  for (const [name, label] of [['c d', 'a space'], ['c;d', "';'"], ['c=d', "'='"], ['', 'empty'], ['ç', 'non-ASCII']]) {
    it(`rejects a cookie name with ${label}`, async () => {
      const cookie = createCookie(name);
      await assertRejects(cookie.serialize('x'), 'INVALID_COOKIE_NAME', ['name', JSON.stringify(name).replace('ç', '\\xC3\\xA7')]);
      await assertRejects(cookie.parse('c=1'), 'INVALID_COOKIE_NAME', ['name']);
    });
  }

  it('throws at once for a cookie name that is not a string', () => {
    assert.throws(() => createCookie(42), CookieOptionError);
  });

  for (const [label, options, code, mentions] of [
    ["domain 'bad domain'", { domain: 'bad domain' }, 'INVALID_DOMAIN', ['domain', 'bad domain']],
    ["domain 'a..b'", { domain: 'a..b' }, 'INVALID_DOMAIN', ['domain', 'a..b']],
    ['a domain that is not a string', { domain: 5 }, 'INVALID_DOMAIN', ['domain']],
    ["path 'a;b'", { path: 'a;b' }, 'INVALID_PATH', ['path', 'a;b']],
    ['a path with a control character', { path: '/a\nb' }, 'INVALID_PATH', ['path']],
    // Regression (audit): '' wrote no Path (the browser then scopes the cookie to the page's directory), and a
    // Path not starting with '/' the browser ignores (RFC 6265 §5.2.4) with the same result.
    ["path '' (regression: no Path was written)", { path: '' }, 'INVALID_PATH', ['path', "start with '/'"]],
    ["path 'app' (browsers ignore it)", { path: 'app' }, 'INVALID_PATH', ['path', 'app', "start with '/'"]],
    ["path ' /x' (browsers ignore it)", { path: ' /x' }, 'INVALID_PATH', ['path', "start with '/'"]],
    ['maxAge 1.5', { maxAge: 1.5 }, 'INVALID_MAX_AGE', ['maxAge', '1.5']],
    ["maxAge '60'", { maxAge: '60' }, 'INVALID_MAX_AGE', ['maxAge']],
    // Regression: JSON.stringify made NaN and Infinity null, so Max-Age was silently dropped.
    ['maxAge Infinity (regression: it was silently dropped)', { maxAge: Infinity }, 'INVALID_MAX_AGE', ['maxAge', 'Infinity']],
    ['maxAge NaN (regression: it was silently dropped)', { maxAge: NaN }, 'INVALID_MAX_AGE', ['maxAge', 'NaN']],
    // Regression (Unicode review): "must be an integer ..., got 1e+21" named no bound, and 1e21 is an integer.
    ['maxAge 1e21 (past a 64-bit integer)', { maxAge: 1e21 }, 'INVALID_MAX_AGE', ['maxAge', '1e+21', '64-bit']],
    ["sameSite 'sideways'", { sameSite: 'sideways' }, 'INVALID_SAME_SITE', ['sameSite', 'sideways']],
    ["priority 'urgent'", { priority: 'urgent' }, 'INVALID_PRIORITY', ['priority', 'urgent']],
    ['an invalid Date for expires', { expires: new Date(NaN) }, 'INVALID_EXPIRES', ['expires']],
    ['expires that is not a Date', { expires: 'tomorrow' }, 'INVALID_EXPIRES', ['expires']],
    ['expires past year 9999', { expires: new Date(Date.UTC(10000, 0, 1)) }, 'INVALID_EXPIRES', ['expires', '9999']],
    ["httpOnly 'yes'", { httpOnly: 'yes' }, 'INVALID_OPTIONS', ['httpOnly']],
    ['secure 1', { secure: 1 }, 'INVALID_OPTIONS', ['secure']],
    ["partitioned 'x'", { partitioned: 'x' }, 'INVALID_OPTIONS', ['partitioned']],
    ["an empty secret ''", { secrets: [''] }, 'INVALID_SECRET', ['secret', 'empty']],
    ["an empty secret after a good one", { secrets: ['good', ''] }, 'INVALID_SECRET', ['secret', 'empty']],
  ]) {
    it(`rejects ${label}, naming it`, async () => {
      const cookie = createCookie('c', options);
      await assertRejects(cookie.serialize('x'), code, mentions);
      await assertRejects(cookie.parse('c=1'), code, mentions);
      // A rejection is not cached as success: the next use rejects too.
      await assertRejects(cookie.serialize('x'), code, mentions);
    });
  }

  for (const [label, override, code, mentions] of [
    ["maxAge 1.5", { maxAge: 1.5 }, 'INVALID_MAX_AGE', ['maxAge', '1.5']],
    ['maxAge Infinity', { maxAge: Infinity }, 'INVALID_MAX_AGE', ['maxAge', 'Infinity']],
    ["domain 'bad domain'", { domain: 'bad domain' }, 'INVALID_DOMAIN', ['domain', 'bad domain']],
    ["path 'a;b'", { path: 'a;b' }, 'INVALID_PATH', ['path', 'a;b']],
    ["sameSite 'sideways'", { sameSite: 'sideways' }, 'INVALID_SAME_SITE', ['sameSite', 'sideways']],
    ['an invalid Date for expires', { expires: new Date(NaN) }, 'INVALID_EXPIRES', ['expires']],
  ]) {
    it(`rejects a serialize override of ${label}, and the cookie still works`, async () => {
      const cookie = createCookie('c');
      await assertRejects(cookie.serialize('x', override), code, mentions);
      assert.equal(await cookie.serialize('x'), 'c=Ingi; Path=/; SameSite=Lax');
    });
  }

  for (const [label, secrets] of [['a string', 's3cr3t'], ['an array with a number', ['ok', 1]]]) {
    it(`throws at once for secrets that are ${label}`, () => {
      assert.throws(() => createCookie('c', { secrets }), (error) => {
        assert.ok(error instanceof CookieOptionError);
        assert.equal(error.code, 'INVALID_SECRET');
        assert.match(error.message, /secrets/);
        return true;
      });
    });
  }

  // An env secret never set ([env.SESSION_SECRET] with no .dev.vars): the message says which one and why.
  it('names a missing secret (undefined) in its message', () => {
    assert.throws(() => createCookie('c', { secrets: ['old', undefined] }), (error) => error.code === 'INVALID_SECRET' && /secrets\[1\] is undefined \(a secret the environment does not have\?\)/.test(error.message));
  });

  it('throws at once for options that are not an object', () => {
    assert.throws(() => createCookie('c', null), CookieOptionError);
    assert.throws(() => createCookie('c', 'path=/'), CookieOptionError);
  });
});
