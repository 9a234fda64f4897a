// The csrf option inside workerd, against a client with no cookie (any client on the internet): its form posts are
// refused (no session, so no CSRF secret any token could unmask to) without the platform parsing them. Regression
// (cost and abuse pass): the check parsed the whole body first, ~190-230 ms of wall time per 1 MiB post of tiny
// multipart parts on this VM, against ~10 ms for the same route without csrf, on every route behind withSession.
// Counted, not timed: the Worker (tests/workerd/csrf-cost-worker/) counts its Response.formData() parses; the
// times are printed as diagnostics.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startWorker } from '../helpers/start-worker.js';

const CONFIG = fileURLToPath(new URL('./csrf-cost-worker/wrangler.toml', import.meta.url));
const TEST = { timeout: 60_000 };
const MiB = 1024 * 1024;
const BOUNDARY = 'XyZ';
const fill = (unit) => unit.repeat(Math.floor((MiB - 100) / unit.length));
const filePart = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"; filename="f"\r\nContent-Type: application/octet-stream\r\n\r\n1\r\n`;
const BODIES = {
  'multipart of tiny files': [`${fill(filePart)}--${BOUNDARY}--\r\n`, `multipart/form-data; boundary=${BOUNDARY}`],
  'urlencoded, an odd escape first': [`%zz&${fill('a=1&')}`, 'application/x-www-form-urlencoded'],
};

let worker;
before(async () => {
  worker = await startWorker({ config: CONFIG, secrets: { SESSION_SECRET: 'csrf-cost-test-secret-5d1e0f7a9b' } });
}, { timeout: 60_000 });
after(() => worker?.dispose());

/** `n` POSTs of `body` to `path` with no cookie: the last status, ms per request, and the parses they made. */
async function posts(path, [body, type], n = 5) {
  await (await fetch(new URL('/parses', worker.directUrl))).text(); // zeroed
  const began = performance.now();
  let status;
  for (let i = 0; i < n; i++) {
    const response = await fetch(new URL(path, worker.directUrl), { method: 'POST', body, headers: { 'Content-Type': type } });
    status = response.status;
    await response.text();
  }
  const ms = (performance.now() - began) / n;
  return { status, ms, parses: Number(await (await fetch(new URL('/parses', worker.directUrl))).text()) };
}

describe('csrf in workerd: a cookie-less form post is refused unparsed', () => {
  for (const [label, body] of Object.entries(BODIES)) {
    it(`1 MiB ${label}`, TEST, async (t) => {
      const off = await posts('/off/x', body);
      const checked = await posts('/csrf/x', body);
      t.diagnostic(`${label}: ${checked.ms.toFixed(1)} ms a post with csrf, ${off.ms.toFixed(1)} ms without`);
      assert.equal(off.status, 200);
      assert.equal(checked.status, 403);
      assert.equal(checked.parses, 0, 'no form parsed for a session that holds no CSRF secret');
    });
  }

  it('the control: a post with the session and its token is parsed once, for the check and the handler', TEST, async () => {
    const page = await fetch(new URL('/csrf/', worker.directUrl));
    const cookie = page.headers.getSetCookie()[0].split(';')[0];
    const form = new FormData();
    form.append('_csrf', await page.text());
    await (await fetch(new URL('/parses', worker.directUrl))).text();
    const response = await fetch(new URL('/csrf/x', worker.directUrl), { method: 'POST', body: form, headers: { Cookie: cookie } });
    assert.equal(response.status, 200);
    assert.equal(await (await fetch(new URL('/parses', worker.directUrl))).text(), '1');
  });
});
