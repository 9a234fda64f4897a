// migrateFrom naming a cookie an edge-session storage had written in chunks (old, old.1, old.2): no migration reads
// such a cookie (README, migrateFrom), but its chunks are expired with it. Regression (migration model audit): only
// `old` was expired, and old.1 and old.2 (~8 KB) went out with every request of that browser from then on.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { assertOneHeaderPerCookie, BrowserJar, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t'];
const before = createCookieSessionStorage({ cookie: { name: 'old', secrets }, chunks: 4 });
const after = createCookieSessionStorage({ cookie: { name: 'new', secrets }, chunks: 4, migrateFrom: { cookie: { name: 'old', secrets }, format: 'react-router' } });
const app = (storage, change) =>
  withSession(storage, async (request, { session }) => {
    change(session);
    return new Response(String(session.get('user') ?? ''));
  });

/** A browser holding the chunked session the app wrote before the deploy. */
async function chunkedBrowser() {
  const jar = new BrowserJar();
  await visit(jar, app(before, (session) => session.set('cart', 'x'.repeat(9000))), '/');
  assert.deepEqual(jar.names(), ['old', 'old.1', 'old.2']);
  return jar;
}

it('the first write after the deploy expires the old cookie and its chunks; regression: the chunks stayed for good', async () => {
  const jar = await chunkedBrowser();
  const response = await visit(jar, app(after, (session) => session.set('user', 'ada')), '/');
  assertOneHeaderPerCookie(response.headers.getSetCookie());
  assert.deepEqual(jar.names(), ['new']);
});

it('a logout after the deploy leaves no cookie of either name', async () => {
  const jar = await chunkedBrowser();
  await visit(jar, app(after, (session) => session.destroy()), '/');
  assert.deepEqual(jar.names(), []);
});

it('by hand, commitSessionHeaders expires them too', async () => {
  const jar = await chunkedBrowser();
  const session = await after.getSession(jar.header());
  session.set('user', 'ada');
  jar.apply(await after.commitSessionHeaders(session));
  assert.deepEqual(jar.names(), ['new']);
});
