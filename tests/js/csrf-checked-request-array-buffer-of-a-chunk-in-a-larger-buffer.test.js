// README (CSRF, rule 2): a form that fits "reaches the handler as a Request that reads the same bytes again from
// memory: ..., arrayBuffer()", the bytes as sent. A streamed body (no Content-Length: a chunked upload) may come as
// one chunk that is a view into a larger buffer (Node's HTTP server hands out slices of its socket reads), which the
// check keeps as it came: arrayBuffer() gives the body's bytes alone, as on the received Request. Mutation pass
// (s49): arrayBuffer() copying the chunk's whole buffer (`.buffer.slice(0)`) went unnoticed; the handler got the
// bytes around the body too.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkedRequestApp } from '../helpers/checked-request-app.js';

/** `text` streamed as one chunk, a view into a buffer holding other bytes before and after it. */
function streamedInALargerBuffer(text) {
  const bytes = new TextEncoder().encode(text);
  const buffer = new Uint8Array(bytes.length + 64).fill(0x21);
  buffer.set(bytes, 32);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(buffer.subarray(32, 32 + bytes.length));
      controller.close();
    },
  });
}

it("the checked Request's arrayBuffer() of a body streamed as a view into a larger buffer is the body alone, as the received Request's", async () => {
  const seen = [];
  const { app, token, post } = await checkedRequestApp(async (request) => {
    seen.push(new TextDecoder().decode(await request.arrayBuffer()));
  });
  const body = `note=hi&_csrf=${token}`;
  const streamed = () => new Request(post('/notes', null), { body: streamedInALargerBuffer(body), duplex: 'half' });
  assert.equal(new TextDecoder().decode(await streamed().arrayBuffer()), body);
  assert.equal((await app(streamed())).status, 200);
  assert.deepEqual(seen, [body]);
});
