// Type-checked by `npm test` (tsc, Bundler resolution as a Worker's bundler has: @remix-run/route-pattern's own
// declarations fail under NodeNext): edge-session/remix's csrf() after Remix's session middleware, and its
// csrfToken on the session that middleware puts in the context. Our storage and 0.7.0's cookie need casts for
// Remix's own types (README "Remix v3": classes with private fields).
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session, type SessionStorage } from '@remix-run/session';
import { session } from '@remix-run/session-middleware';
import { createCookieSessionStorage } from 'edge-session';
import { csrf, csrfToken } from 'edge-session/remix';

const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t'] } });
const cookie = createCookie('__session', { secrets: ['s3cr3t'] });
const router = createRouter({
  middleware: [
    session(cookie as unknown as Parameters<typeof session>[0], storage as unknown as SessionStorage),
    csrf(),
    csrf({ trustedOrigins: ['https://blog.example.com'], maxBodyBytes: 4096 }),
    csrf(false),
  ],
});
router.get('/', ({ get }) => new Response(csrfToken(get(Session))));
// @ts-expect-error: trustedOrigins is a list of origins
csrf({ trustedOrigins: 'https://blog.example.com' });
// @ts-expect-error: csrfToken takes a session
csrfToken('not a session');
