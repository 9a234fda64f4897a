// Type-checked by `npm test` (tsc): the csrf option and csrfToken as users write them.
import { Hono } from 'hono';
import { createCookieSessionStorage, csrfToken, withSession, type CsrfOption } from 'edge-session';
import { sessionMiddleware as honoSession, type SessionVariables } from 'edge-session/hono';
import type { LoaderFunctionArgs } from 'react-router';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';

const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t'] } });

export const worker = {
  fetch: withSession(storage, (request, { session }) => new Response(`<input type="hidden" name="_csrf" value="${csrfToken(session)}">`), { csrf: true }),
};
const trusting: CsrfOption = { trustedOrigins: ['https://blog.example.com'] };
withSession(storage, () => new Response(), { csrf: trusting });
// @ts-expect-error: trustedOrigins is a list of origins
withSession(storage, () => new Response(), { csrf: { trustedOrigins: 'https://blog.example.com' } });
const uploads: CsrfOption = { maxBodyBytes: 10 * 1024 * 1024 };
withSession(storage, () => new Response(), { csrf: uploads });
// @ts-expect-error: maxBodyBytes is a number of bytes
withSession(storage, () => new Response(), { csrf: { maxBodyBytes: '10 MB' } });

const app = new Hono<{ Variables: SessionVariables }>();
app.use(honoSession(storage, { csrf: true }));
app.get('/', (c) => c.text(csrfToken(c.var.session)));

export const middleware = [sessionMiddleware(storage, { csrf: { trustedOrigins: [] } })];
export function loader({ context }: LoaderFunctionArgs) {
  const token: string = csrfToken(context.get(sessionContext)); // no cast: sessionContext holds a Session
  return { token };
}
// @ts-expect-error: csrfToken takes a session
csrfToken('not a session');
void app;
