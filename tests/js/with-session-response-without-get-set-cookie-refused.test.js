// README "withSession": the handler returns a Response; a Response of another copy of the Fetch API is taken (undici's:
// tests/js/handler-response-of-another-fetch.test.js), but only one whose headers keep each Set-Cookie apart
// (getSetCookie). An older copy (node-fetch 2, undici before 5.19) tells `[object Response]` too, yet its headers
// give two Set-Cookies as one joined line, which a browser reads as one cookie: copied, the app's own cookies would go
// out mangled. It is refused as no Response, "the handler must return a Response", a programming mistake that throws.
// Mutation pass (s50): isForeignResponse without its getSetCookie test went unnoticed; such a response went out as a
// 200 whose two cookies were one header.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';

const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-0123456789abcdef0123456789'] } });

/** A Response as an older Fetch copy makes one: tagged `Response`, its headers iterable pairs, with no getSetCookie. */
function olderFetchResponse() {
  const pairs = [
    ['content-type', 'text/plain'],
    ['set-cookie', 'theme=dark; Path=/, lang=en; Path=/'],
  ];
  return {
    [Symbol.toStringTag]: 'Response',
    status: 200,
    statusText: 'OK',
    body: null,
    headers: { get: (name) => pairs.find(([key]) => key === name.toLowerCase())?.[1] ?? null, [Symbol.iterator]: () => pairs[Symbol.iterator]() },
  };
}

for (const touched of [false, true]) {
  it(`a Response of an older Fetch copy (no getSetCookie) is refused${touched ? ', the session changed' : ''}`, async () => {
    const fetch = withSession(storage, (request, { session }) => {
      if (touched) session.set('seen', true);
      return olderFetchResponse();
    });
    await assert.rejects(fetch(new Request('https://app.test/')), (error) => error instanceof TypeError && /must return a Response/.test(error.message));
  });
}
