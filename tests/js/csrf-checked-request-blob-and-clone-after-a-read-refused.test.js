// README (CSRF, rule 2): a form that fits "reaches the handler as a Request that reads the same bytes again from
// memory: formData(), text(), arrayBuffer(), json(), blob(), body, clone()", each as on any Request, where a body
// once read is used: blob() then rejects and clone() throws (Fetch: "body already used"), so a handler's clone
// taken too late fails there, as it would without the check. Mutation pass (s47): blob() without its own
// once-only take, and clone() of a used body allowed, each went unnoticed; a used body was read again.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkedRequestApp, ORIGIN } from '../helpers/checked-request-app.js';

it('after the checked Request is read, its blob() rejects and its clone() throws, as on the received Request', async () => {
  const seen = [];
  const { app, token, post } = await checkedRequestApp(async (request) => {
    await request.text();
    seen.push({
      used: request.bodyUsed,
      blob: await request.blob().then(() => 'read again', (error) => error.name),
      clone: (() => {
        try {
          request.clone();
          return 'cloned';
        } catch (error) {
          return error.name;
        }
      })(),
    });
  });
  const response = await app(post('/notes', `note=hi&_csrf=${token}`));
  assert.equal(response.status, 200);
  // The received Request itself, read: what the checked one must do alike.
  const received = new Request(`${ORIGIN}/notes`, { method: 'POST', body: 'note=hi' });
  await received.text();
  await assert.rejects(received.blob(), TypeError);
  assert.throws(() => received.clone(), TypeError);
  assert.deepEqual(seen, [{ used: true, blob: 'TypeError', clone: 'TypeError' }]);
});
