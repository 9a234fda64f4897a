// Durable Objects: a request of another tab, waiting in the session's line while a sign-in or a "sign out of my
// other devices" regenerates the ID (regenerateId(true)), reads the old ID after its record was deleted: a fresh
// session. Its write (a counter, a form's CSRF secret) sets a cookie that replaces the one the regenerating request
// just gave the browser, and signs the device out. README (Security model, Logout): "A write refused so (the session
// ended meanwhile: a logout, a revocation, or a regenerateId(true) of a sign-in in another tab) sets no cookie".
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { csrfFieldOf } from '../helpers/csrf-field.js';
import { startWorker } from '../helpers/start-worker.js';

const CONFIG = fileURLToPath(new URL('./concurrency-worker/wrangler.toml', import.meta.url));
const SECRET = 'concurrency-test-secret-5d1e0c77a9b24f68';

let worker;
let example;
before(async () => {
  [worker, example] = await Promise.all([
    startWorker({ config: CONFIG, secrets: { SESSION_SECRET: SECRET }, logLevel: 'none' }),
    startWorker({ vars: { SESSION_STORE: 'do' }, secrets: { SESSION_SECRET: SECRET }, logLevel: 'none' }),
  ]);
}, { timeout: 60_000 });
after(() => Promise.all([worker?.dispose(), example?.dispose()]));

const post = (jar, path) => jar.fetch(new URL(path, worker.url), { method: 'POST' }).then(async ({ response }) => ({ status: response.status, body: await response.json() }));
const userOf = async (jar) => (await post(jar, '/do/state')).body.user;

describe('Durable Objects: a tab in line behind a regenerateId(true) of the same device', () => {
  for (const [action, query] of [['logout-others', ''], ['signin', '&user=ada-again']]) {
    it(`does not sign the device out after ${action}`, { timeout: 30_000 }, async () => {
      const user = `ada-${action}-${process.pid}`;
      const jar = new CookieJar();
      await post(jar, `/do/signin?user=${user}`);
      assert.equal(await userOf(jar), user);
      // The regenerating request holds the lease 200 ms; the other tab's request, sent meanwhile, waits in line.
      const regenerating = post(jar, `/do/${action}?delay=200${query.replace('ada-again', user)}`);
      await sleep(30);
      const tab = post(jar, '/do/inc');
      const [first, second] = await Promise.all([regenerating, tab]);
      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      assert.equal(await userOf(jar), user, `the device stays signed in (the tab read ${JSON.stringify(second.body)})`);
    });
  }

  it('the example: a page loaded in another tab during "sign out of my other devices" keeps the device signed in', { timeout: 30_000 }, async () => {
    const jar = new CookieJar();
    const page = async () => (await (await jar.fetch(new URL('/', example.url))).response.text());
    const signedIn = (html) => /<h1>Hello, ([^<]*)!<\/h1>/.exec(html)?.[1];
    const name = `Bo${process.pid}`;
    await jar.fetch(new URL('/login', example.url), { method: 'POST', body: new URLSearchParams({ name, _csrf: csrfFieldOf(await page()) }) });
    assert.equal(signedIn(await page()), name);
    let signedOut = 0;
    for (const gap of [0, 3, 6, 10, 15]) {
      if (signedOut > 0) break;
      const token = csrfFieldOf(await page());
      // The button pressed in one tab, the page reloaded in another at the same moment.
      const pressed = jar.fetch(new URL('/logout-others', example.url), { method: 'POST', body: new URLSearchParams({ _csrf: token }) });
      await sleep(gap);
      const reload = page();
      await Promise.all([pressed, reload]);
      if (signedIn(await page()) !== name) signedOut++;
    }
    assert.equal(signedOut, 0, 'the device was signed out by its own other tab');
  });
});
