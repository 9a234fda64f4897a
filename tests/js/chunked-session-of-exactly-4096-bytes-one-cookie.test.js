// README (chunks): "A session that fits one cookie is written exactly as without `chunks`", and a cookie takes 4096
// bytes (Limits). The largest session one cookie holds, its Set-Cookie exactly 4096 bytes, must then go as that one
// cookie, not cut in two. Existing tests went well past the limit or well under it. Mutation pass (s48):
// MAX_SET_COOKIE_BYTES 4095 went unnoticed; such a session was cut over two cookies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';

const cookie = { name: '__session', secrets: ['chunk-4096-test-secret-0123456789abcdef'] };

/** The Set-Cookie headers `storage` writes for a session of `data`. */
async function headersOf(storage, data) {
  const session = await storage.getSession(null);
  for (const [key, value] of Object.entries(data)) session.set(key, value);
  return storage.commitSessionHeaders(session);
}

/**
 * Data whose one Set-Cookie without chunks is exactly 4096 bytes, and that header: the longest run of 'a' one cookie
 * holds beside a short value `pad` of 0 to 5 characters (base64 and its padding make the length step by more than one).
 */
async function dataOfExactly4096(encrypt) {
  const storage = createCookieSessionStorage({ cookie, encrypt });
  for (let pad = 0; pad < 6; pad++) {
    let largest;
    for (let length = 2800; ; length++) {
      const data = { pad: 'p'.repeat(pad), notes: 'a'.repeat(length) };
      try {
        largest = { data, header: (await headersOf(storage, data))[0] };
      } catch (error) {
        if (error?.code !== 'COOKIE_TOO_LARGE') throw error;
        break;
      }
    }
    if (largest.header.length === 4096) return largest;
  }
  assert.fail('no session of exactly 4096 bytes was found to try');
}

describe('a chunked session whose one Set-Cookie is exactly 4096 bytes', () => {
  for (const encrypt of [false, true]) {
    it(`${encrypt ? 'sealed' : 'signed'}: goes as that one cookie, as without chunks; one character more as two`, async () => {
      const { data, header } = await dataOfExactly4096(encrypt);
      const chunked = createCookieSessionStorage({ cookie, encrypt, chunks: 2 });
      const written = await headersOf(chunked, data);
      assert.deepEqual(written.map((one) => one.length), [4096], 'cut though it fits one cookie');
      if (!encrypt) assert.deepEqual(written, [header], 'not written exactly as without chunks');
      const past = await headersOf(chunked, { ...data, notes: `${data.notes}a` });
      assert.equal(past.length, 2);
      for (const one of past) assert.ok(one.length <= 4096, `${one.length} bytes`);
    });
  }
});
