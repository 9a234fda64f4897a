// README (CSRF, rule 2): a form that fits "reaches the handler as a Request that reads the same bytes again from
// memory: ..., blob()", as the received Request reads them: the Blob's type is the platform's reading of the
// Content-Type (its MIME type, serialized: lower case, parameters without spaces), whatever case and spacing the
// client sent, which the check accepts (a media type in other case). Mutation pass (s49): blob() rebuilt from the
// bytes with the Content-Type header as sent went unnoticed; its type was the raw header.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkedRequestApp } from '../helpers/checked-request-app.js';

const SENT = 'Application/X-WWW-Form-URLEncoded ; Charset=UTF-8';

it("the checked Request's blob() has the type the received Request's has, for a Content-Type in other case and spacing", async () => {
  const seen = [];
  const { app, token, post } = await checkedRequestApp(async (request) => {
    const blob = await request.blob();
    seen.push({ type: blob.type, text: await blob.text() });
  });
  const body = `note=hi&_csrf=${token}`;
  const sent = (path) => {
    const request = post(path, body);
    request.headers.set('Content-Type', SENT);
    return request;
  };
  const received = await sent('/notes').blob();
  const expected = { type: received.type, text: body };
  assert.notEqual(expected.type, SENT, 'the platform reads the header, not passing it as sent');
  assert.equal((await app(sent('/notes'))).status, 200);
  assert.deepEqual(seen, [expected]);
});
