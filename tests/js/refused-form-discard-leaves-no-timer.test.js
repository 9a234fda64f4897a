// README, CSRF: a refused form past `maxBodyBytes` is read "at most 64 KiB further and for at most 2 s". The 2 s is
// a bound on that read alone: once the rest has ended (or was cancelled past its 64 KiB) and the answer is out,
// nothing of it is left waiting, so a flood of refused uploads holds no timers (and a Node process can exit).
// Mutation pass (s47): discardBody's clearTimeout left out went unnoticed; each refused upload left its 2 s timer.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { endlessForm } from '../helpers/endless-form.js';

const ORIGIN = 'https://app.example';
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

it('a refused form past maxBodyBytes, its rest ended or cancelled, leaves no timer behind its 413', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
  const app = withSession(storage, (request, { session }) => new Response(csrfToken(session)), { csrf: { maxBodyBytes: 100 } });
  const page = await app(new Request(`${ORIGIN}/`));
  await page.text();
  const headers = {
    Cookie: page.headers.getSetCookie()[0].split(';')[0],
    Origin: ORIGIN,
    'Sec-Fetch-Site': 'same-origin',
    'Content-Type': 'application/x-www-form-urlencoded',
  };
  const before = timers();
  const ended = new Request(`${ORIGIN}/upload`, { method: 'POST', headers, body: new Blob([`a=${'x'.repeat(1000)}`]).stream(), duplex: 'half' });
  const endless = endlessForm(`a=${'x'.repeat(200)}`);
  for (const request of [ended, new Request(`${ORIGIN}/upload`, { method: 'POST', headers, body: endless.stream, duplex: 'half' })]) {
    const response = await app(request);
    assert.equal(response.status, 413);
    await response.text();
  }
  assert.ok(endless.cancelled, 'the endless one was cancelled past its 64 KiB');
  assert.equal(timers(), before);
});
