// The app the tests of forms past `maxBodyBytes` post to: withSession over a cookie storage with csrf and a bound of
// 1024 bytes, whose GET answers the session's CSRF token and whose POST counts the handler's runs (README, CSRF: a
// refused form never reaches the handler).
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

export const ORIGIN = 'https://app.example';

/**
 * A new such app, and its first page: `post(body, headers)` sends a same-origin POST to /upload with the page's
 * cookie (and any other headers given), `ran()` says how many POSTs the handler ran, `token` is the page's token.
 */
export async function largeFormApp() {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
  let ran = 0;
  const app = withSession(storage, (request, { session }) => {
    if (request.method === 'GET') return new Response(csrfToken(session));
    ran++;
    return new Response('stored');
  }, { csrf: { maxBodyBytes: 1024 } });
  const page = await app(new Request(`${ORIGIN}/`));
  const token = await page.text();
  const cookie = page.headers.getSetCookie()[0].split(';')[0];
  const post = (body, headers = {}) =>
    app(new Request(`${ORIGIN}/upload`, { method: 'POST', headers: { Cookie: cookie, Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin', ...headers }, body }));
  return { token, post, ran: () => ran };
}
