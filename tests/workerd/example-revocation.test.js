// The example's "sign out of my other devices" / "sign out of all devices" (issue 14) inside workerd, with every
// SESSION_STORE: each device is a cookie jar, and every check goes through the page a browser would be shown.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startWorker } from '../helpers/start-worker.js';

describe('SessionDurableObject, called in an order no browser can force', () => {
  let worker;
  before(async () => {
    worker = await startWorker({ config: fileURLToPath(new URL('./revocation-worker/wrangler.toml', import.meta.url)) });
  }, { timeout: 45_000 });
  after(() => worker?.dispose());

  // Regression: revoke() once waited in line for the lease, so a request revoking its own session waited for
  // itself until the lease lapsed (10 s), and its write then failed. It no longer waits, so a holder's later
  // write must be refused by the tombstone instead of bringing the session back.
  it('a revocation does not wait for the lease holder, whose write under that lease is then refused', { timeout: 20_000 }, async () => {
    const { revokeMs, written, afterwards } = await (await fetch(new URL('/write-after-revoke', worker.url))).json();
    assert.ok(revokeMs < 2000, `revoke() answered while the lease was held (${revokeMs} ms)`);
    assert.equal(written, -1, 'the write under the lease is refused as revoked');
    assert.equal(afterwards, null, 'the session stays gone');
  });
});
