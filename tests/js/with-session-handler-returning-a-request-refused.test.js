// README "withSession": the handler returns a Response; anything else is a programming mistake, which throws (STYLE:
// "a programming mistake ... throws"), with "the handler must return a Response". A Request has headers with
// getSetCookie and a body as a Response does, but is none: a handler that returns its request (or a Request of
// another Fetch copy, undici's) by mistake is refused, not sent back as a 200 echoing the request's body and headers.
// A Response of another copy is taken (tests/js/handler-response-of-another-fetch.test.js).
// Mutation pass (s47): isForeignResponse without its `[object Response]` test went unnoticed; the request went out
// as the answer, a 200 carrying its body and headers.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Request as UndiciRequest } from 'undici';
import { createCookieSessionStorage, withSession } from 'edge-session';

const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-0123456789abcdef0123456789'] } });

for (const [name, RequestClass] of [['the global Request', Request], ["undici's Request", UndiciRequest]]) {
  it(`a handler returning ${name} is refused: "the handler must return a Response"`, async () => {
    const fetch = withSession(storage, (request, { session }) => {
      session.set('seen', true);
      return new RequestClass('https://app.test/echo', { method: 'POST', headers: { 'X-Echo': 'yes' }, body: 'posted body' });
    });
    await assert.rejects(fetch(new Request('https://app.test/')), (error) => error instanceof TypeError && /must return a Response/.test(error.message));
  });
}
