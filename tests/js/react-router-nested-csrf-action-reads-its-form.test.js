// React Router hands the action args.request itself (next() takes no other request), so a mount's csrf check must
// read a form's token from a copy and leave that body unread. A child route's mount that joins the root's session
// (README "React Router": one session, committed once) runs its own check: it must leave the body to the action
// too, else every accepted form fails in the action ("body used already") with a 500.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage, csrfToken } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { tokenLoader } from '../helpers/react-router-csrf-routes.js';

const ORIGIN = 'http://app.test';
const pairs = (response) => response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');

function nestedApp() {
  const shared = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
  const handler = createRequestHandler(reactRouterBuild({
    root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(shared)] } },
    admin: { id: 'admin', parentId: 'root', path: 'admin', module: { middleware: [sessionMiddleware(shared, { csrf: true })] } },
    form: { id: 'form', parentId: 'admin', path: 'form', module: { loader: tokenLoader } },
    note: {
      id: 'note', parentId: 'admin', path: 'note',
      module: {
        loader: ({ context }) => Response.json({ note: context.get(sessionContext).get('note') ?? null }),
        action: async ({ request, context }) => {
          context.get(sessionContext).set('note', (await request.formData()).get('note'));
          return new Response('saved');
        },
      },
    },
  }, { entry: () => new Response('no documents', { status: 500 }) }));
  return (request) => handler(request);
}

describe('an accepted form reaches the action whole through a child route mount with csrf on', () => {
  it('the action reads the posted form, and its change is committed once', async () => {
    const fetch = nestedApp();
    const form = await fetch(new Request(`${ORIGIN}/admin/form`));
    const token = await form.text();
    const cookie = pairs(form);
    assert.ok(cookie, 'csrfToken made a secret, committed');
    const posted = await fetch(new Request(`${ORIGIN}/admin/note`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' },
      body: new URLSearchParams({ _csrf: token, note: 'hello' }),
    }));
    assert.equal(posted.status, 200, 'the action could not read the form the check had read');
    assert.equal(await posted.text(), 'saved');
    assert.equal(posted.headers.getSetCookie().length, 1, 'one session, one Set-Cookie');
    const read = await fetch(new Request(`${ORIGIN}/admin/note`, { headers: { Cookie: pairs(posted) } }));
    assert.deepEqual(await read.json(), { note: 'hello' });
  });
});
