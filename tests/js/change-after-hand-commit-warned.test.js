// A change made after the handler's own commitSession is not written (issue 11: withSession writes nothing more for
// a session the handler committed), though `dirty` is true again. A blind reader of the README expected it written:
// the loss was silent. Now a console warning says so, once per isolate; the flows that lose nothing say nothing.
// One file, one process: the warning is given once, so the quiet flows run first.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { cookiePair } from './support.js';

const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t!'] };
const warnings = [];
const consoleWarn = console.warn;
console.warn = (...args) => warnings.push(args.join(' '));
process.on('exit', () => { console.warn = consoleWarn; });
const lateChangeWarnings = () => warnings.filter((message) => message.includes("changed after the handler's own commitSession"));

/** Runs `handler` under withSession over `storage` for a browser holding `header`; the response. */
const visit = (storage, header, handler) =>
  withSession(storage, handler)(new Request('https://app.test/', { headers: header ? { Cookie: header } : {} }), {}, {});

for (const [kind, storageOf] of [['cookie', () => createCookieSessionStorage({ cookie })], ['memory', () => createMemorySessionStorage({ cookie })]]) {
  it(`(${kind}) a change then a hand commit, a hand commit then a logout, a hand commit then reads: no warning`, async () => {
    const storage = storageOf();
    const first = await visit(storage, null, async (request, { session }) => {
      session.set('n', 1);
      return new Response('ok', { headers: { 'Set-Cookie': await storage.commitSession(session) } });
    });
    const header = cookiePair(first.headers.get('Set-Cookie'));
    await visit(storage, header, async (request, { session }) => {
      const setCookie = await storage.commitSession(session);
      session.get('n');
      return new Response('ok', { headers: { 'Set-Cookie': setCookie } });
    });
    await visit(storage, header, async (request, { session }) => {
      const setCookie = await storage.commitSession(session);
      session.destroy();
      return new Response('ok', { headers: { 'Set-Cookie': setCookie } });
    });
    assert.deepEqual(lateChangeWarnings(), []);
  });
}

it('a change after the hand commit, which is not written, is warned of, once', async () => {
  const storage = createMemorySessionStorage({ cookie });
  const lateChange = async (request, { session }) => {
    session.set('n', 1);
    const setCookie = await storage.commitSession(session);
    session.set('n', 2);
    return new Response('ok', { headers: { 'Set-Cookie': setCookie } });
  };
  const response = await visit(storage, null, lateChange);
  const header = cookiePair(response.headers.getSetCookie()[0]);
  assert.equal((await storage.getSession(header)).get('n'), 1, 'the change after the commit is not written');
  assert.equal(lateChangeWarnings().length, 1);
  await visit(storage, header, lateChange);
  assert.equal(lateChangeWarnings().length, 1, 'once per isolate');
});
