// A response that expires the session's cookie is a logout, which the request's own session, changed meanwhile, is
// not written over (README, withSession: "when the response expires the cookie the session is written to ... neither
// its write nor a hand commit of it is sent"). Whether a Set-Cookie expires that cookie is read as a browser reads
// it (js/cookie-identity.js endsCookie): a Max-Age of zero or less in any spelling (RFC 6265 5.2.2: "00", "-1"),
// and a Path not starting with "/", the last one included, is no path (5.2.4: the request's default path, "/"
// here). Mutation pass: each of these rules could be dropped with every test passing, and the user stayed signed in.
// Regression (cookie dates): a past Expires alone, with no Max-Age, was read as no logout (the user stayed signed in),
// and a Max-Age of zero followed by a later positive one as a logout (the session's change was lost); the browser
// reads the last Max-Age, else the last Expires (5.3 step 3), each date by 5.1.1 (js/cookie-date.js).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t'];

/** An app whose /logout changes its session, then ends the cookie with `expiring(own)`, a copy's Set-Cookie. */
function app(storage, expiring) {
  return withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/login') session.set('user', 'ada');
    if (path === '/me') return Response.json({ user: session.get('user') ?? null, lastPage: session.get('lastPage') ?? null });
    if (path !== '/logout') return new Response('ok');
    session.set('lastPage', path); // a change of the request's own session, which holds the signed-in user
    const own = await storage.getSession(request.headers.get('Cookie'));
    return new Response('out', { headers: { 'Set-Cookie': await expiring(storage, own) } });
  });
}

const cases = {
  // PHP's setcookie() and others expire with a placeholder value; "00" is a Max-Age of zero (RFC 6265 5.2.2).
  'Max-Age=00, a value kept': async () => '__session=deleted; Max-Age=00; Path=/',
  // A copy committed with a negative maxAge, which the storage writes as it is: the browser drops the cookie.
  'Max-Age=-1 (commitSession with maxAge: -1)': (storage, own) => storage.commitSession(own, { maxAge: -1 }),
  // Express's res.clearCookie, Rails and many others: a past Expires alone, which the browser reads as 5.1.1 does.
  'a past Expires alone, a value kept': async () => '__session=deleted; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
  'a past Expires in RFC 850 form (a two-digit year)': async () => '__session=deleted; Path=/; Expires=Thursday, 01-Jan-70 00:00:01 GMT',
  'a past Expires after a future one (the last counts)': async () =>
    '__session=deleted; Path=/; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Expires=Wed, 21 Oct 2015 07:28:00 GMT',
  'a Max-Age the browser ignores, then a past Expires': async () => '__session=deleted; Max-Age=soon; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
  // The browser takes a Path not starting with "/" for none: the default path, "/" for /logout.
  'Path=app': async () => '__session=; Max-Age=0; Path=app',
  // The last Path counts, and that one is none: "/" again, not /elsewhere.
  'Path=/elsewhere; Path=app': async () => '__session=; Max-Age=0; Path=/elsewhere; Path=app',
  // The cookie kept empty (as a migration's logout by hand does: cookie-storage.js keptEmpty), its value spelled
  // with whitespace, which a browser trims (5.2). Mutation pass (s47): endsCookie taking only a value with no
  // whitespace as empty went unnoticed; the user stayed signed in.
  'an empty value spelled as a space, a long Max-Age': async () => '__session= ; Path=/; Max-Age=34560000',
};

/** Signs in, then posts /logout whose response carries `setting`'s Set-Cookie; what /me reads after, and that header. */
async function afterLogout(setting) {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets, httpOnly: true } });
  const fetch = app(storage, setting);
  const jar = new BrowserJar();
  await visit(jar, fetch, '/login', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada', lastPage: null }, 'signed in');
  const out = await visit(jar, fetch, '/logout', { method: 'POST' });
  return { me: await (await visit(jar, fetch, '/me')).json(), headers: JSON.stringify(out.headers.getSetCookie()) };
}

describe('A Set-Cookie expiring the session cookie, read as a browser reads it, is a logout the session\'s change is not written over', () => {
  for (const [spelling, expiring] of Object.entries(cases)) {
    it(spelling, async () => {
      const { me, headers } = await afterLogout(expiring);
      assert.deepEqual(me, { user: null, lastPage: null }, headers);
    });
  }
});

// Expires holds whole seconds: an app writing `new Date()` rounded down, or a clock on a whole second, writes an
// Expires equal to now, which removes the cookie at once (Chromium: expired when now >= its expiry;
// tests/helpers/browser-jar.js: "now or earlier deletes"). Mutation pass (s47): expiresAtOnce taking only an Expires
// before now (`<` for `<=`) went unnoticed; the user stayed signed in.
it('an Expires of this very second, a value kept, is a logout too', async (t) => {
  const now = Date.UTC(2031, 0, 1); // a whole second
  t.mock.timers.enable({ apis: ['Date'], now });
  const { me, headers } = await afterLogout(async () => `__session=deleted; Path=/; Expires=${new Date(now).toUTCString()}`);
  assert.deepEqual(me, { user: null, lastPage: null }, headers);
});

describe('A Set-Cookie the browser keeps the cookie by is no logout: the session\'s change is written', () => {
  const kept = {
    // The last Max-Age counts: the cookie lives an hour.
    'Max-Age=0, then Max-Age=3600': (storage, own) => storage.commitSession(own).then((header) => `${header}; Max-Age=0; Max-Age=3600`),
    // Max-Age wins over Expires.
    'Max-Age=3600 and a past Expires': (storage, own) => storage.commitSession(own).then((header) => `${header}; Max-Age=3600; Expires=Thu, 01 Jan 1970 00:00:00 GMT`),
    // An Expires that is no cookie-date is ignored (Date.parse reads this one as 1970).
    'an Expires the browser cannot read': (storage, own) => storage.commitSession(own).then((header) => `${header}; Expires=1970-01-01T00:00:00Z`),
  };
  for (const [spelling, setting] of Object.entries(kept)) {
    it(spelling, async () => {
      const { me, headers } = await afterLogout(setting);
      assert.deepEqual(me, { user: 'ada', lastPage: '/logout' }, headers);
    });
  }
});
