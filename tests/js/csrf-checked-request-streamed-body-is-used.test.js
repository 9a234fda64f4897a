// README (CSRF, rule 2): a form that fits "reaches the handler as a Request that reads the same bytes again from
// memory: formData(), text(), ..., body, clone()", each as on any Request: a handler that reads `body` (a stream)
// has used the body, so bodyUsed is true, every other read rejects and clone() throws, as on the received Request.
// Mutation pass (s49): bodyUsed answering only the check's own reads (not the platform's stream), and clone()
// asking only those, went unnoticed; the body streamed could be read again from memory, or cloned.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkedRequestApp, ORIGIN } from '../helpers/checked-request-app.js';

/** What `request` shows once its `body` stream is read to its end: each later read's outcome. */
async function afterStreaming(request) {
  const streamed = await new Response(request.body).text();
  const outcome = (promise) => promise.then(() => 'read again', (error) => error.name);
  let clone;
  try {
    request.clone();
    clone = 'cloned';
  } catch (error) {
    clone = error.name;
  }
  return {
    streamed,
    used: request.bodyUsed,
    clone,
    text: await outcome(request.text()),
    formData: await outcome(request.formData()),
    bytes: await outcome(request.bytes()),
    blob: await outcome(request.blob()),
  };
}

it("after the checked Request's body is streamed, it is used: bodyUsed, every read rejects, clone() throws, as on the received Request", async () => {
  const seen = [];
  const { app, token, post } = await checkedRequestApp(async (request) => seen.push(await afterStreaming(request)));
  const body = `note=hi&_csrf=${token}`;
  assert.equal((await app(post('/notes', body))).status, 200);
  const received = new Request(`${ORIGIN}/notes`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const expected = await afterStreaming(received);
  assert.deepEqual(expected, { streamed: body, used: true, clone: 'TypeError', text: 'TypeError', formData: 'TypeError', bytes: 'TypeError', blob: 'TypeError' });
  assert.deepEqual(seen, [expected]);
});
