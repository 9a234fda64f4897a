// README (CSRF, rule 2): a form that fits "reaches the handler as a Request that reads the same bytes again from
// memory: formData(), text(), ..., body, clone()", each as on any Request, where a body is read once: a body whose
// stream a reader holds (locked, not yet read) cannot be read nor cloned, and a body read by text() (or any read)
// leaves `body` a used stream, which no Response can take. Regression (s49 mutation pass of buffered-request.js):
// the checked Request read its bytes from memory past a reader holding its stream, and after a text() its `body`
// streamed the same bytes again: one body, read twice.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkedRequestApp, ORIGIN } from '../helpers/checked-request-app.js';

const outcome = (promise) => promise.then((value) => (typeof value === 'string' ? value : 'read'), (error) => error.name);

function cloneOutcome(request) {
  try {
    request.clone();
    return 'cloned';
  } catch (error) {
    return error.name;
  }
}

/** What `request` shows with a reader holding its stream, nothing read yet. */
async function whileLocked(request) {
  const reader = request.body.getReader();
  const seen = { used: request.bodyUsed, clone: cloneOutcome(request), text: await outcome(request.text()), formData: await outcome(request.formData()) };
  seen.arrayBuffer = await outcome(request.arrayBuffer());
  seen.blob = await outcome(request.blob());
  const { value } = await reader.read();
  seen.streamed = new TextDecoder().decode(value);
  return seen;
}

/** What `request`'s `body` is once `read` read the body. */
async function streamAfter(read, request) {
  await request[read]();
  return { read, used: request.bodyUsed, locked: request.body.locked, streamed: await outcome((async () => new Response(request.body).text())()) };
}

const READS = ['text', 'formData', 'arrayBuffer', 'bytes', 'json', 'blob'];

it("the checked Request's body is read once with its stream: not past a reader holding it, nor streamed again after a read, as the received Request's", async () => {
  const seen = [];
  const { app, token, post } = await checkedRequestApp(async (request) => {
    const read = new URL(request.url).pathname.slice(1);
    seen.push(read === 'locked' ? await whileLocked(request) : await streamAfter(read, request));
  });
  const body = `{"note":"&_csrf=${token}&"}`; // a urlencoded form whose text is JSON too, for json()
  const received = () => new Request(`${ORIGIN}/`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const expected = [await whileLocked(received())];
  for (const read of READS) expected.push(await streamAfter(read, received()));
  assert.deepEqual(expected[0], { used: false, clone: 'TypeError', text: 'TypeError', formData: 'TypeError', arrayBuffer: 'TypeError', blob: 'TypeError', streamed: body });
  assert.ok(expected.slice(1).every(({ used, locked, streamed }) => used && locked && streamed === 'TypeError'));
  for (const path of ['locked', ...READS]) assert.equal((await app(post(`/${path}`, body))).status, 200, path);
  assert.deepEqual(seen, expected);
});
