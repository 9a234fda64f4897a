// A Set-Cookie without attributes (`name=value`, what a framework's bare cookie write sends) has its value up to its
// end: a session cookie set so to a value of one character is set, not emptied, and so no logout (README,
// withSession: a response that expires the session's cookie is a logout); one set to nothing is (an empty value is
// how a migration's logout by hand keeps the cookie: js/cookie-identity.js endsCookie).
// Mutation pass (s50): valueOfSetCookie cutting at indexOf(';') also when there is none (its last character dropped)
// went unnoticed; `__session=x` was read as a logout.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { cookieIdentity, endsCookie, valueOfSetCookie } from '../../js/cookie-identity.js';

it('the value of a Set-Cookie without attributes runs to its end', () => {
  assert.equal(valueOfSetCookie('__session=x'), 'x');
  assert.equal(valueOfSetCookie('__session=abc'), 'abc');
  assert.equal(valueOfSetCookie('__session=abc; Path=/'), 'abc');
});

it('a Set-Cookie without attributes ends the session cookie only when its value is empty', () => {
  const session = cookieIdentity('__session');
  assert.equal(endsCookie('__session=x', session), false);
  assert.equal(endsCookie('__session=', session), true);
});
