// README (CSRF, rule 2): a form that fits "reaches the handler as a Request that reads the same bytes again from
// memory: formData(), text(), arrayBuffer(), json()...", each giving what the received Request gives. Body's text()
// and json() decode as Fetch's "UTF-8 decode" does, a leading byte-order mark dropped: a body led by one (a client
// that writes it) reads the same through the check as without it. Mutation pass (s47): the checked Request's
// decoder keeping the mark went unnoticed; its text() began with U+FEFF and its json() threw where the received
// Request's parsed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkedRequestApp } from '../helpers/checked-request-app.js';

it("the checked Request's text() and json() of a body led by a byte-order mark read as the received Request's", async () => {
  const seen = [];
  const { app, token, post } = await checkedRequestApp(async (request) => {
    const copy = request.clone();
    seen.push({ text: await request.text(), json: await copy.json().catch((error) => error.name) });
  });
  // A urlencoded form whose text is JSON too: its pieces split on "&" hold the _csrf field.
  const body = `\ufeff{"note":"&_csrf=${token}&"}`;
  const received = post('/notes', body);
  const expected = { text: await received.clone().text(), json: await received.json() };
  assert.equal(expected.text, body.slice(1), 'Body.text() drops the mark');
  assert.equal((await app(post('/notes', body))).status, 200);
  assert.deepEqual(seen, [expected]);
});
