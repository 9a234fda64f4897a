// A record another program wrote near the 512 KiB limit, without the session's times: read, it is a session, but
// written anew with its times (the renewal an idle timeout asks for, no change of the app's) it would pass the
// limit. withSession leaves it as the store holds it, answers the handler's response, and warns once (README,
// Limits: a record "another program wrote near the limit"; js/warnings.js warnRewriteTooLarge). Mutation pass
// (s50): isTooLargeToWrite knowing only the cookie's COOKIE_TOO_LARGE went unnoticed; such a session's every
// request failed with VALUE_TOO_LARGE, a 500.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, withSession } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { signedCookieHeader } from './support.js';

const secrets = ['near-limit-record-0123456789abcdef0123'];
const MAX_SESSION_BYTES = 512 * 1024;

it("a near-limit record without times, only read, is left as it is and the handler's response goes out", async (t) => {
  const warn = t.mock.method(console, 'warn', () => {});
  const backend = mapBackend();
  const data = { userId: 'ann', notes: '' };
  data.notes = 'x'.repeat(MAX_SESSION_BYTES - JSON.stringify(data).length - 8); // 8 bytes short of the limit
  backend.records.set('row-1', { data });
  const storage = createSessionStorage({ cookie: { name: '__session', secrets }, ...callbacksOf(backend), idleTimeout: 1800 });
  const fetch = withSession(storage, async (request, { session }) => new Response(`hello ${session.get('userId')}`));

  const response = await fetch(new Request('https://app.example/', { headers: { Cookie: signedCookieHeader('__session', JSON.stringify('row-1'), secrets[0]) } }));
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'hello ann');
  assert.equal(response.headers.get('Set-Cookie'), null, 'nothing written');
  assert.deepEqual(backend.records.get('row-1').data, data, 'the record as the store held it');
  assert.equal(warn.mock.callCount(), 1);
  assert.match(warn.mock.calls[0].arguments[0], /would not fit/);
});
