// README, CSRF: a refused request gets a 403 "whose `text/plain` body says which rule failed". It quotes what the
// client sent, and js/csrf.js bounds each quote (README gives no figure; the code's intent, after a review found the
// Origin's unbounded): an Origin at most 100 characters, a Sec-Fetch-Site no browser sends at most 40, so a client's
// header of several KiB is not echoed whole. Mutation pass (s46): the Sec-Fetch-Site quoted whole went unnoticed (the
// Origin's bound had its test).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';

it('a 403 for a Sec-Fetch-Site no browser sends quotes at most 40 of its characters', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
  const app = withSession(storage, () => new Response('posted'), { csrf: true });
  const site = `odd-${'x'.repeat(8000)}`;
  const refused = await app(new Request('https://app.example/', { method: 'POST', headers: { 'Sec-Fetch-Site': site } }));
  assert.equal(refused.status, 403);
  const text = await refused.text();
  assert.match(text, /Sec-Fetch-Site no browser sends/);
  assert.ok(text.includes(JSON.stringify(site.slice(0, 40))), text.slice(0, 200));
  assert.ok(text.length < 200, `${text.length} characters`);
});
