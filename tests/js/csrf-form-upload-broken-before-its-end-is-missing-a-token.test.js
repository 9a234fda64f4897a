// README (CSRF, rule 2): the token is the first `_csrf` field of the form body "(what formData().get('_csrf')
// gives)"; a body that breaks before its end (the client gone, a reset upload) gives no form, so it carries no token,
// whatever its first bytes held: refused with the 403 that says the token is missing, the handler not run.
// Mutation pass (s49): a read that failed giving no answer (undefined) rather than no token went unnoticed; the
// refusal said "wrong CSRF token", blaming a token the body never gave.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkedRequestApp, ORIGIN } from '../helpers/checked-request-app.js';

it("a form whose upload breaks before its end is refused as missing a token, though its first bytes held the session's", async () => {
  let handled = 0;
  const { app, token, post } = await checkedRequestApp(async () => handled++);
  let pulls = 0;
  const broken = new ReadableStream({
    pull(controller) {
      if (pulls++ === 0) controller.enqueue(new TextEncoder().encode(`_csrf=${token}&note=`));
      else controller.error(new Error('connection reset by peer'));
    },
  });
  const platform = await new Request(`${ORIGIN}/`, { method: 'POST', body: new ReadableStream({ pull: (c) => c.error(new Error('reset')) }), duplex: 'half' })
    .formData()
    .then(() => 'a form', () => 'rejected');
  assert.equal(platform, 'rejected', 'formData() of a broken body gives no form');
  const response = await app(new Request(post('/notes', null), { body: broken, duplex: 'half' }));
  assert.equal(response.status, 403);
  assert.match(await response.text(), /^Forbidden: missing CSRF token/);
  assert.equal(handled, 0);
});
