// The app the tests of the Request a csrf check hands its handler post to: withSession over a cookie storage with
// `csrf: true`, whose GET answers the session's token and whose POST runs `onPost(request)` (what the test reads
// from the checked Request) and answers 'ok' (README, CSRF rule 2).
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

export const ORIGIN = 'https://app.example';
const TYPE = 'application/x-www-form-urlencoded';

/**
 * A new such app and its first page: `token` is the page's token, `post(path, body)` a same-origin urlencoded POST
 * Request carrying the page's cookie, `app` the fetch to send it to.
 */
export async function checkedRequestApp(onPost) {
  const app = withSession(
    createCookieSessionStorage({ cookie: { secrets: ['a-secret-of-thirty-two-characters!!'] } }),
    async (request, { session }) => {
      if (request.method === 'GET') return new Response(csrfToken(session));
      await onPost(request);
      return new Response('ok');
    },
    { csrf: true },
  );
  const page = await app(new Request(`${ORIGIN}/`));
  const token = await page.text();
  const cookie = page.headers.get('Set-Cookie').split(';')[0];
  const post = (path, body) => new Request(`${ORIGIN}${path}`, { method: 'POST', headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': TYPE }, body });
  return { app, token, post };
}
