// Which cookie a Set-Cookie sets is told as a browser tells it (README, withSession: no renewal is written over a
// response that sets the session's own cookie; a hand logout of it is a logout): by name, domain and path, and of
// several Domain attributes the last counts (RFC 6265 5.3 step 4: "the last attribute ... with an attribute-name of
// Domain"), as the last Path does.
// Mutation pass (s50): cookieIdentityOfHeader keeping the first Domain went unnoticed; a logout by hand whose last
// Domain is the session cookie's was taken for another cookie's, and one whose first is for the session's.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { cookieIdentity, endsCookie, setsCookie } from '../../js/cookie-identity.js';

const session = cookieIdentity('__session', { domain: 'example.com' });

it('of several Domain attributes of a Set-Cookie, the last one tells which cookie it sets', () => {
  assert.equal(setsCookie('__session=x; Path=/; Domain=other.example.com; Domain=example.com', session), true);
  assert.equal(setsCookie('__session=x; Path=/; Domain=example.com; Domain=other.example.com', session), false);
});

it('of several Domain attributes of an expiring Set-Cookie, the last one tells whose logout it is', () => {
  assert.equal(endsCookie('__session=; Path=/; Max-Age=0; Domain=app.example.com; Domain=.EXAMPLE.com', session), true);
  assert.equal(endsCookie('__session=; Path=/; Max-Age=0; Domain=example.com; Domain=app.example.com', session), false);
});
