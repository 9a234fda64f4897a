// Every storage takes `cookie: null` as no cookie option: the default, an unsigned "__session" (cookie.js
// cookieFromOption reads `cookie != null`), as a choice is written (`cookie: env.SECRET ? { secrets } : null`).
// The types said otherwise; regression (s49): `cookie: null` was a type error (tests/types/null-options-as-none.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { serverSideStores } from './server-side-stores.js';
import { capturedWarnings } from '../helpers/captured-warnings.js';

capturedWarnings(); // the unsigned-cookie warning, printed once, kept off the test's output

const stores = { cookie: async () => createCookieSessionStorage({ cookie: null }), ...serverSideStores({ cookie: null }) };

describe('cookie: null is the default cookie', () => {
  for (const [kind, make] of Object.entries(stores)) {
    it(`${kind}: a session is kept under an unsigned __session`, async (t) => {
      const storage = await make(t);
      const session = await storage.getSession(null);
      session.set('note', 'kept');
      const setCookie = await storage.commitSession(session);
      assert.match(setCookie, /^__session=[^;]+; Path=\//);
      assert.equal((await storage.getSession(setCookie.split(';')[0])).get('note'), 'kept');
    });
  }
});
