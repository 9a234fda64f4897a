// Test Worker for tests/workerd/pairwise.test.js. /j/<storage>.<entry>.<lifetime>.<users>.<csrf>.<flash>.<regen>/<op>:
// the journey's app (tests/js/pairwise-app.js) of that configuration, one per configuration and env, each under
// its own keyPrefix (the configurations share the bindings and the users' names).
import { createCookieSessionStorage, createDurableObjectSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { entryOf, NAME } from '../../js/pairwise-app.js';

export { SessionDurableObject } from 'edge-session';

const KEYS = ['storage', 'entry', 'lifetime', 'users', 'csrf', 'flash', 'regen'];
const IDLE = 3;
const ABSOLUTE = 10; // tests/workerd/pairwise.test.js world.absolute

function storageOf(config, env, prefix) {
  const cookie = { name: NAME, secrets: [env.SESSION_SECRET], httpOnly: true, maxAge: 86_400 };
  const options = { cookie };
  if (config.lifetime === 'idle' || config.lifetime === 'both') options.idleTimeout = IDLE;
  if (config.lifetime === 'absolute' || config.lifetime === 'both') options.absoluteTimeout = ABSOLUTE;
  if (config.users === 'on') options.userKey = 'userId';
  switch (config.storage) {
    case 'kv':
      return createWorkersKVSessionStorage({ ...options, kv: env.SESSIONS_KV, keyPrefix: `${prefix}:` });
    case 'do':
      return createDurableObjectSessionStorage({ ...options, namespace: env.SESSIONS_DO, keyPrefix: `${prefix}:` });
    case 'cookie':
      if (config.users === 'on') options.revocation = { namespace: env.SESSIONS_DO, keyPrefix: `${prefix}:` };
      return createCookieSessionStorage(options);
  }
  throw new Error(`no storage ${config.storage}`);
}

const apps = new WeakMap();
function appFor(env, key) {
  let byKey = apps.get(env);
  if (!byKey) apps.set(env, (byKey = new Map()));
  let app = byKey.get(key);
  if (!app) {
    const config = Object.fromEntries(key.split('.').map((value, i) => [KEYS[i], value]));
    config.format = 'default';
    app = entryOf(config, storageOf(config, env, key), [env.SESSION_SECRET]);
    byKey.set(key, app);
  }
  return app;
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const match = /^\/j\/([a-zA-Z.]+)(\/.*)$/.exec(url.pathname);
    if (!match) return new Response('not found', { status: 404 });
    url.pathname = match[2];
    return appFor(env, match[1]).fetch(new Request(url, request), env, ctx);
  },
};
