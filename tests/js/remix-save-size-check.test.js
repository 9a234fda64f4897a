// Regression (audit of issues 12/13; README "Remix v3": "save refuses a value whose signed cookie would pass 4096 bytes
// (CookieTooLargeError; Remix does not check)"; README Errors: CookieTooLargeError for "a Set-Cookie over 4096
// bytes", "nothing is written"). The check in js/remix-storage.js counts only base64(value) + '.' + signature,
// not the cookie's name (nor its attributes): save accepts sessions whose Set-Cookie, as Remix's Cookie writes it,
// has name + value over 4096 bytes. Browsers ignore such a Set-Cookie entirely (RFC 6265bis 5.7: name + value over
// 4096 octets -> ignore; Chrome's kMaxCookieNamePlusValueSize), so the change, a sign-in included, is silently
// lost: the very thing the check exists to prevent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createCookieSessionStorage } from 'edge-session';

const encoder = new TextEncoder();

/**
 * Saves notes of growing size through Remix v3's session middleware over our cookie storage (`cookieName` for both
 * cookies), from comfortably small to past what save refuses: the name + value bytes of each Set-Cookie saved, and
 * whether save refused (CookieTooLargeError) in the end. `char`: what the notes are made of.
 */
async function savedSizes(cookieName, encrypt, cookieOptions = {}, char = 'a') {
  const storage = createCookieSessionStorage({ cookie: { name: cookieName, secrets: ['k'] }, encrypt });
  const router = createRouter({ middleware: [remixSession(createCookie(cookieName, { secrets: ['r'], ...cookieOptions }), storage)] });
  router.post('/note', async ({ get, request }) => {
    get(Session).set('note', char.repeat(Number(new URL(request.url).searchParams.get('n'))));
    return new Response('saved');
  });
  const sizes = [];
  const bytes = encoder.encode(char).length; // notes of as many UTF-8 bytes whatever the character
  for (let n = Math.floor((encrypt ? 2100 : 2900) / bytes); n < (encrypt ? 2250 : 3050) / bytes; n++) {
    let response;
    try {
      response = await router.fetch(new Request(`https://example.com/note?n=${n}`, { method: 'POST' }));
    } catch (error) {
      assert.equal(error.name, 'CookieTooLargeError');
      return { sizes, refused: true };
    }
    const pair = response.headers.getSetCookie()[0].split(';')[0];
    sizes.push(encoder.encode(pair.replace('=', '')).length);
  }
  return { sizes, refused: false };
}

for (const encrypt of [false, true]) {
  describe(`Remix v3 session middleware over our cookie storage (encrypt: ${encrypt})`, () => {
    it('never answers with a session Set-Cookie whose name + value passes 4096 bytes', async () => {
      const { sizes, refused } = await savedSizes('__session', encrypt, { httpOnly: true, secure: true, sameSite: 'Lax' });
      const over = sizes.filter((size) => size > 4096);
      assert.deepEqual(over, [], 'save accepted these, but a browser ignores a Set-Cookie whose name + value pass 4096 bytes: the session change is lost');
      assert.ok(refused, 'save never refused a note past the cookie limit');
    });

    // The limit is on bytes: Remix's Cookie signs the value's UTF-8. Regression (mutation pass): counting characters
    // passed the test above (ASCII notes only), and a note in 'é' made a cookie the browser drops.
    it('never answers with a Set-Cookie past 4096 bytes for a note of two-byte characters either', async () => {
      const { sizes, refused } = await savedSizes('__session', encrypt, {}, 'é');
      assert.deepEqual(sizes.filter((size) => size > 4096), [], 'a browser ignores these: the session change is lost');
      assert.ok(refused, 'save never refused a note past the cookie limit');
    });

    // RFC 6265bis ignores a cookie whose name + value *pass* 4096 octets: 4096 itself is kept. Regression (mutation
    // pass): a check refusing 4096 too passed the test above, which looks only past the limit. The name `sess` (4
    // bytes) makes 4096 reachable: Remix's value grows 4 bytes at a time (base64), with its 44-byte signature.
    it('saves a session whose Set-Cookie name + value is exactly 4096 bytes', async () => {
      const { sizes } = await savedSizes('sess', encrypt);
      assert.equal(Math.max(...sizes), 4096, 'the largest Set-Cookie saved is exactly at the limit');
    });
  });
}
