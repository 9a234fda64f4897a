// The app: /app/<store>/login?user= signs in, /app/<store>/me says who is signed in.
import { withSession } from 'edge-session';
import { storageOf } from './stores.js';

import { DurableObject } from 'cloudflare:workers';

export { SessionDurableObject } from 'edge-session';

/** Another class of the app's, which an admin Worker may bind in SessionDurableObject's place by mistake. */
export class NotSessions extends DurableObject {}

const apps = new Map();
function appOf(store) {
  if (!apps.has(store)) {
    // One storage per store for the isolate's life (as a module-scope storage is), or one per request (`-fresh`).
    const [kind, fresh] = store.split('-fresh');
    const storages = new WeakMap();
    const storageFor = (env) => {
      if (fresh !== undefined) return storageOf(kind, env);
      if (!storages.has(env)) storages.set(env, storageOf(kind, env));
      return storages.get(env);
    };
    apps.set(store, withSession(storageFor, async (request, { session }) => {
      const { pathname, searchParams } = new URL(request.url);
      const action = pathname.split('/')[3];
      if (action === 'login') {
        session.set('userId', searchParams.get('user'));
        return Response.json({ user: searchParams.get('user') });
      }
      if (action === 'me') return Response.json({ user: session.get('userId') ?? null });
      return new Response('Not found\n', { status: 404 });
    }));
  }
  return apps.get(store);
}

export default {
  fetch(request, env, ctx) {
    const [, area, store] = new URL(request.url).pathname.split('/');
    if (area === 'app') return appOf(store)(request, env, ctx);
    return new Response('Not found\n', { status: 404 });
  },
};
