// README, "Limits and figures", Runtimes: workerd "with a compatibility_date of 2025-05-05 or later (WeakRef,
// FinalizationRegistry)". The package's module makes a FinalizationRegistry when it loads, and workerd defines one
// only from that date. Only this side is held: the day before, the start failure takes wrangler ~30 s to report.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { startWorker } from '../helpers/start-worker.js';

const config = (file) => fileURLToPath(new URL(`./oldest-compatibility-date-worker/${file}`, import.meta.url));
const secrets = { SESSION_SECRET: 'a-test-secret-of-at-least-32-characters' };

it('compatibility_date 2025-05-05: a session is written and read back through withSession', { timeout: 90_000 }, async () => {
  const worker = await startWorker({ config: config('wrangler.toml'), secrets, logLevel: 'none' });
  try {
    const first = await fetch(worker.url);
    assert.deepEqual(await first.json(), { visits: 1, weakRef: 'function', registry: 'function' });
    const cookie = first.headers.get('Set-Cookie').split(';')[0];
    const second = await fetch(worker.url, { headers: { Cookie: cookie } });
    assert.equal((await second.json()).visits, 2);
  } finally {
    await worker.dispose();
  }
});
