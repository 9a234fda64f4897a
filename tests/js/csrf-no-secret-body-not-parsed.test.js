// A form posted under a session that holds no CSRF secret (no cookie at all: any client on the internet) is refused
// whatever its body says: no token passes a session without a secret (README, CSRF). The check parsed the whole body
// first all the same, with the platform's own formData() parser for any multipart body (and for a urlencoded one with
// one odd escape), before finding that out. Regression (cost and abuse pass): a cookie-less POST of 1 MiB of tiny
// multipart parts cost ~200 ms of workerd CPU against ~10 ms for the same route without csrf, to every route behind
// withSession, whether or not it takes forms (tests/workerd/csrf-body-cost.test.js measures it in workerd). The body
// is now read (so the browser gets the 403, not a reset connection) and dropped, never parsed.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createWorkersKVSessionStorage, csrfToken, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';

const MiB = 1024 * 1024;
const BOUNDARY = 'XyZ';
const fill = (unit, bytes) => unit.repeat(Math.floor(bytes / unit.length));
const filePart = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"; filename="f"\r\nContent-Type: application/octet-stream\r\n\r\n1\r\n`;
const BODIES = {
  'multipart of many tiny files': [`${fill(filePart, MiB - 100)}--${BOUNDARY}--\r\n`, `multipart/form-data; boundary=${BOUNDARY}`],
  'a browser-shaped multipart form': [`--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nforged\r\n--${BOUNDARY}--\r\n`, `multipart/form-data; boundary=${BOUNDARY}`],
  'urlencoded with an odd escape first': [`%zz&${fill('a=1&', MiB - 100)}_csrf=forged`, 'application/x-www-form-urlencoded'],
  'urlencoded of escaped names': [`${fill('%41%41=&', MiB - 100)}_csrf=forged`, 'application/x-www-form-urlencoded'],
};

/** Counts the platform's form parses (js/form-body.js parseForm: `new Response(bytes).formData()`). */
let parses = 0;
const formData = Response.prototype.formData;
beforeEach(() => {
  parses = 0;
  Response.prototype.formData = function (...args) {
    parses++;
    return formData.apply(this, args);
  };
});
afterEach(() => {
  Response.prototype.formData = formData;
});

const cookie = { name: '__session', secrets: ['a-secret-of-32-characters-or-so!'] };
const handler = (request, { session }) => new Response(request.method === 'GET' ? csrfToken(session) : 'saved');
const ctx = { waitUntil() {} };

/** A POST of `body` with no cookie (no session, so no CSRF secret), as curl sends it: no Origin, no Sec-Fetch-Site. */
const cookieless = ([body, type], cookieHeader) =>
  new Request('https://app.example/any/route', { method: 'POST', body, headers: { 'Content-Type': type, ...(cookieHeader ? { Cookie: cookieHeader } : {}) } });

describe('a form posted under a session with no CSRF secret is refused without parsing its body', () => {
  for (const [label, body] of Object.entries(BODIES)) {
    it(`${label}: 403, no form parsed, the body read to its end`, async () => {
      const fetch = withSession(createCookieSessionStorage({ cookie }), handler, { csrf: true });
      const request = cookieless(body);
      const response = await fetch(request, {}, ctx);
      assert.equal(response.status, 403);
      // A cookie-less post with no token is told it is no browser's (README "Routes that take posts from elsewhere").
      assert.match(await response.text(), /^Forbidden: (wrong|missing) CSRF token \((this request.s session has no CSRF secret|a request with no cookie, no Origin and no Sec-Fetch-Site)/);
      assert.equal(parses, 0, 'the platform parsed no form');
      assert.equal(request.bodyUsed, true, 'the body was read (the browser gets the 403, not a reset connection)');
    });
  }

  it('on Workers KV: no store call for a cookie-less post, and none beyond the read for a session without a secret', async () => {
    const kv = mapKV();
    const calls = [];
    const counted = Object.fromEntries(['get', 'put', 'delete', 'list'].map((method) => [method, (...args) => (calls.push(method), kv[method](...args))]));
    const fetch = withSession(createWorkersKVSessionStorage({ cookie, kv: counted }), (request, { session }) => {
      if (request.method === 'GET') session.set('visits', 1); // a session with no CSRF secret
      return new Response('ok');
    }, { csrf: true });
    const page = await fetch(new Request('https://app.example/'), {}, ctx);
    const pair = page.headers.getSetCookie()[0].split(';')[0];
    calls.length = 0;
    assert.equal((await fetch(cookieless(BODIES['multipart of many tiny files']), {}, ctx)).status, 403);
    assert.deepEqual(calls, [], 'no KV call without a cookie');
    assert.equal((await fetch(cookieless(BODIES['multipart of many tiny files'], pair), {}, ctx)).status, 403);
    assert.deepEqual(calls, ['get'], 'one read of the session, nothing written');
    assert.equal(parses, 0);
  });

  it('the control: a session with a secret still reads the form for its token, and a genuine form passes', async () => {
    const fetch = withSession(createCookieSessionStorage({ cookie }), handler, { csrf: true });
    const page = await fetch(new Request('https://app.example/'), {}, ctx);
    const pair = page.headers.getSetCookie()[0].split(';')[0];
    const token = await page.text();
    const form = (fields) =>
      new Request('https://app.example/', { method: 'POST', body: fields, headers: { Cookie: pair, 'Sec-Fetch-Site': 'same-origin' } });
    const multipart = new FormData();
    multipart.append('_csrf', token);
    assert.equal((await fetch(form(multipart), {}, ctx)).status, 200);
    const missing = await fetch(form(new URLSearchParams({ note: 'x' })), {}, ctx);
    assert.equal(missing.status, 403);
    assert.match(await missing.text(), /missing CSRF token/);
  });
});
