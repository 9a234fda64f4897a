// README, "Sessions beyond one cookie" and "Limits and figures": how much session JSON a cookie storage holds.
// "about 11,900 to 12,200 bytes of session JSON is the most a chunked session holds, whatever `chunks` past 4" (of
// ASCII text), "a little under 3 KB of JSON" in one cookie, "about 7,500 bytes of JSON" partitioned, and, as the
// README now says, less for a signed cookie of text whose base64 has many `+` and `/` (each percent-encoded into 3
// characters: 8,100 and 2,000 at worst), while a sealed cookie (base64url, never percent-encoded) holds the same of
// any text. Found by this README pass: the range was stated for every session, and text such as `>>>` (base64 `Pj4+`)
// fits only two thirds of it. Each figure is the largest value the storage commits, found by bisection.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';

const secrets = ['a-test-secret-of-at-least-32-characters'];
const TEXTS = {
  ascii: (n) => 'a'.repeat(n),
  '+ and / in all its base64': (n) => '>'.repeat(n),
};

/** The UTF-8 bytes of session JSON in the largest session of `text(n)` under 'v' that `options` commits. */
async function mostJsonHeld(options, text) {
  const storage = createCookieSessionStorage(options);
  const fits = async (n) => {
    const session = await storage.getSession(null);
    session.set('v', text(n));
    try {
      await storage.commitSessionHeaders(session);
      return true;
    } catch (error) {
      if (error.code !== 'COOKIE_TOO_LARGE') throw error;
      return false;
    } finally {
      session.dispose();
    }
  };
  let [low, high] = [1, 20_000];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (await fits(mid)) low = mid;
    else high = mid - 1;
  }
  return Buffer.byteLength(JSON.stringify({ v: text(low) }));
}

const within = (held, [low, high], what) => assert.ok(held >= low && held <= high, `${what}: ${held} bytes, not within ${low}-${high}`);

describe('Signed cookies', () => {
  for (const chunks of [5, 16]) {
    it(`chunks: ${chunks}: about 11,900 to 12,200 bytes of ASCII JSON, about 8,100 at worst`, async () => {
      within(await mostJsonHeld({ cookie: { secrets }, chunks }, TEXTS.ascii), [11_900, 12_250], 'ascii');
      within(await mostJsonHeld({ cookie: { secrets }, chunks }, TEXTS['+ and / in all its base64']), [8_000, 8_200], 'worst');
    });
  }

  it('chunks: 4 holds nearly as much (the budget, not the count, ends it past 4); chunks: 3 about three quarters', async () => {
    within(await mostJsonHeld({ cookie: { secrets }, chunks: 4 }, TEXTS.ascii), [11_900, 12_250], 'chunks 4');
    within(await mostJsonHeld({ cookie: { secrets }, chunks: 3 }, TEXTS.ascii), [8_800, 9_200], 'chunks 3');
  });

  it('one cookie: a little under 3 KB of ASCII JSON, about 2,000 at worst', async () => {
    within(await mostJsonHeld({ cookie: { secrets } }, TEXTS.ascii), [2_900, 3_071], 'ascii');
    within(await mostJsonHeld({ cookie: { secrets } }, TEXTS['+ and / in all its base64']), [1_950, 2_050], 'worst');
  });

  it('partitioned, chunks: 5: about 7,500 bytes of ASCII JSON (10240 bytes of names and values)', async () => {
    within(await mostJsonHeld({ cookie: { secrets, partitioned: true }, chunks: 5 }, TEXTS.ascii), [7_400, 7_700], 'partitioned');
  });
});

describe('Sealed cookies hold the same of any text', () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    it(`${name}: about 12,200 bytes in chunks, about 3,000 in one cookie`, async () => {
      within(await mostJsonHeld({ cookie: { secrets }, chunks: 5, encrypt: true }, text), [12_100, 12_250], 'chunks 5');
      within(await mostJsonHeld({ cookie: { secrets }, encrypt: true }, text), [2_950, 3_071], 'one cookie');
    });
  }
});
