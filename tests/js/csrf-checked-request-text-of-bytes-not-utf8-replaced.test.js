// README (CSRF, rule 2): a form that fits "reaches the handler as a Request that reads the same bytes again from
// memory: formData(), text(), ..., json()", each giving what the received Request gives. Body's text() decodes as
// Fetch's "UTF-8 decode" does: a byte that is no UTF-8 (a raw Latin-1 "é" a client sent unescaped) reads as U+FFFD,
// never an error. Mutation pass (s49): the checked Request's decoder made fatal went unnoticed; its text() rejected
// where the received Request's read the form.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkedRequestApp } from '../helpers/checked-request-app.js';

it("the checked Request's text() of bytes that are no UTF-8 reads them as U+FFFD, as the received Request's", async () => {
  const seen = [];
  const { app, token, post } = await checkedRequestApp(async (request) => {
    seen.push(await request.text().catch((error) => error.name));
  });
  const body = new Uint8Array([...new TextEncoder().encode('note=caf'), 0xe9, ...new TextEncoder().encode(`&_csrf=${token}`)]);
  const expected = await post('/notes', body).text();
  assert.equal(expected, `note=caf\ufffd&_csrf=${token}`);
  assert.equal((await app(post('/notes', body))).status, 200);
  assert.deepEqual(seen, [expected]);
});
