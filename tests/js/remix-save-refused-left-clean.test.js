// Regression (model-based audit): Remix v3's save() refusing a session too large for its cookie left it clean, so
// a second save() of the same, never-written session answered null ("no change"), where commitSession keeps a
// refused session dirty (README: "nothing was written, so the change is still to be").
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, CookieTooLargeError } from 'edge-session';

for (const options of [{}, { encrypt: true }, { format: 'remix-v3' }]) {
  it(`save() refused as too large keeps the change to be written (${JSON.stringify(options)})`, async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t'] }, ...options });
    const session = await storage.read(null);
    session.set('user', 'ada');
    session.set('note', 'x'.repeat(3100));
    await assert.rejects(storage.save(session), CookieTooLargeError);
    assert.equal(session.dirty, true);
    await assert.rejects(storage.save(session), CookieTooLargeError);
    // Made to fit, it is written whole.
    session.set('note', 'short');
    const value = await storage.save(session);
    assert.equal(typeof value, 'string');
    const back = await storage.read(value);
    assert.equal(back.get('user'), 'ada');
    assert.equal(back.get('note'), 'short');
    assert.equal(back.dirty, false);
  });
}
