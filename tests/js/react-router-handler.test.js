// withSession's load context is what React Router's request handler takes:
// a loader reads the session, an action flashes, and withSession commits.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage, withSession } from 'edge-session';

// A minimal server build: two resource routes (no UI), which React Router
// answers with what the loader or action returns.
const build = {
  mode: 'production',
  entry: { module: { default: () => new Response('no documents here', { status: 500 }) } },
  routes: {
    root: { id: 'root', path: '', module: {} },
    'routes/notice': {
      id: 'routes/notice',
      parentId: 'root',
      path: 'notice',
      module: {
        loader: ({ context }) => Response.json({ notice: context.session.get('notice') ?? null, visits: context.session.get('visits') ?? 0 }),
        action: async ({ request, context }) => {
          const form = await request.formData();
          context.session.flash('notice', form.get('notice'));
          context.session.set('visits', (context.session.get('visits') ?? 0) + 1);
          return new Response(null, { status: 303, headers: { Location: '/notice' } });
        },
      },
    },
  },
  assets: { entry: { module: '/entry.js', imports: [] }, routes: {}, url: '/manifest.js', version: '1' },
  publicPath: '/',
  assetsBuildDirectory: '/tmp',
  future: {},
  ssr: true,
  isSpaMode: false,
  prerender: [],
  routeDiscovery: { mode: 'initial' },
};

const handleRequest = createRequestHandler(build, 'production');
const fetch = withSession(
  (env) => createCookieSessionStorage({ cookie: { name: '__session', secrets: [env.SESSION_SECRET] } }),
  (request, context) => handleRequest(request, context),
);
const env = { SESSION_SECRET: 's3cr3t' };

describe('withSession wired into react-router createRequestHandler', () => {
  it('commits what an action flashes, and a loader reads it once', async () => {
    const posted = await fetch(
      new Request('http://app.test/notice', { method: 'POST', body: new URLSearchParams({ notice: 'Saved!' }) }),
      env,
      {},
    );
    assert.equal(posted.status, 303);
    let cookie = posted.headers.get('Set-Cookie').split(';')[0];

    const shown = await fetch(new Request('http://app.test/notice', { headers: { Cookie: cookie } }), env, {});
    assert.deepEqual(await shown.json(), { notice: 'Saved!', visits: 1 });
    cookie = shown.headers.get('Set-Cookie').split(';')[0];

    const again = await fetch(new Request('http://app.test/notice', { headers: { Cookie: cookie } }), env, {});
    assert.deepEqual(await again.json(), { notice: null, visits: 1 });
    assert.equal(again.headers.get('Set-Cookie'), null);
  });
});
