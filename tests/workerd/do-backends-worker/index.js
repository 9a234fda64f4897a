// Test Worker for tests/workerd/durable-object-backends.test.js: routes /<backend>/<action>. `fill?kb=N&wide=1`
// stores a session of about N KiB (wide: with one character past Latin-1, which V8 stores two bytes a character),
// committed by hand so that the commit's error is what the answer says; `read` reads it back. `GET /options`: what
// createDurableObjectSessionStorage says of options a programming mistake gives.
import { createDurableObjectSessionStorage, SessionDurableObject } from 'edge-session';

export { SessionDurableObject };
/** The library's object, declared in new_classes (key-value backed). */
export class KvBackedSessionObject extends SessionDurableObject {}

const cookie = { name: '__session', secrets: ['do-backends-secret-8c41f0e27a9d4b56'], maxAge: 3600 };
const BINDINGS = { sqlite: 'SQLITE_DO', kv: 'KV_BACKED_DO' };

/** Options a programming mistake gives (`GET /options`): each one's error, or 'accepted'. */
const BAD_OPTIONS = {
  'leaseTimeout 0': { leaseTimeout: 0 },
  'leaseTimeout -1': { leaseTimeout: -1 },
  'leaseTimeout Infinity': { leaseTimeout: Infinity },
  'leaseTimeout "10000"': { leaseTimeout: '10000' },
  'openTimeout 0': { openTimeout: 0 },
  'openTimeout NaN': { openTimeout: NaN },
  'keyPrefix 1': { keyPrefix: 1 },
  'namespace {}': { namespace: {} },
};
function refusals(env) {
  return Object.fromEntries(
    Object.entries(BAD_OPTIONS).map(([label, options]) => {
      try {
        createDurableObjectSessionStorage({ cookie, namespace: env.SQLITE_DO, ...options });
        return [label, 'accepted'];
      } catch (error) {
        return [label, `${error?.name}: ${error?.message}`];
      }
    }),
  );
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const [, backend, action] = url.pathname.split('/');
    if (backend === 'options') return Response.json(refusals(env));
    if (!BINDINGS[backend]) return Response.json({ error: 'no such backend' }, { status: 404 });
    const storage = createDurableObjectSessionStorage({ cookie, namespace: env[BINDINGS[backend]] });
    const session = await storage.getSession(request.headers.get('Cookie'));
    if (action === 'read') {
      const answer = { size: Object.values(session.data).reduce((n, value) => n + String(value).length, 0) };
      session.dispose();
      return Response.json(answer);
    }
    // Values of at most 100 KiB each (the core's per-value limit is 128 KiB with the key).
    let left = Number(url.searchParams.get('kb')) * 1024;
    // wide=latin1: with one character past ASCII but within Latin-1, which V8 stores one byte a character.
    const first = { 1: '\u20ac', latin1: '\u00e9' }[url.searchParams.get('wide')] ?? 'x';
    for (let i = 0; left > 0; i++) {
      const length = Math.min(left, 100 * 1024);
      session.set(`v${i}`, (i === 0 ? first : 'x') + 'x'.repeat(length - 1));
      left -= length;
    }
    try {
      const setCookie = await storage.commitSession(session);
      return Response.json({ ok: true }, { headers: { 'Set-Cookie': setCookie } });
    } catch (error) {
      session.dispose();
      return Response.json({ ok: false, name: error?.name, code: error?.code, message: String(error?.message ?? error) });
    }
  },
};
