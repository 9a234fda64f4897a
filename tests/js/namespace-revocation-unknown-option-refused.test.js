// README (Storage options): storage factories refuse option names they do not know (CookieOptionError INVALID_OPTIONS
// naming it); revocation.js: "A name it does not know ({ kv, cache: 0 }) is refused, not dropped, as the storage's own
// options are". So is one beside `namespace`: a mistyped `keyPrefix` dropped would put the app's users under the
// default prefix, one app's "sign out everywhere" ending another's. Mutation pass (s50): the refusal made only beside
// `kv` went unnoticed; { namespace, keyprefix } was taken without a word.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CookieOptionError, createCookieSessionStorage } from 'edge-session';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';

const cookie = { name: '__session', secrets: ['namespace-unknown-option-secret-0123'] };

it('revocation: { namespace } with a name it does not know is refused with INVALID_OPTIONS naming it', () => {
  const namespace = userObjectsNamespace();
  assert.throws(
    () => createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { namespace, keyprefix: 'admin:' } }),
    (error) => error instanceof CookieOptionError && error.code === 'INVALID_OPTIONS' && /keyprefix/.test(error.message),
  );
  createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { namespace, keyPrefix: 'admin:' } }); // the control
});
