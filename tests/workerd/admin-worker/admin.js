// The admin Worker: /admin/<store>/<list|revoke>?user=&variant= from a fetch with no session (no withSession),
// through a storage made for the call; scheduled() runs the job /admin/cron-job stored (a cron signing users out),
// its outcome read back at /admin/cron-result. /app/... goes to the app Worker.
import { storageOf } from './stores.js';

async function admin(store, op, user, variant, env) {
  const storage = storageOf(store, env, variant);
  if (op === 'list') return { ids: (await storage.listUserSessions(user)).map((entry) => entry.id) };
  if (op === 'revoke') return { ended: await storage.revokeUserSessions(user) };
  throw new Error(`no op ${op}`);
}

const errorOf = (error) => ({ error: { name: error?.name, code: error?.code, message: String(error?.message) } });

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const [, area, store, op] = url.pathname.split('/');
    if (area === 'app') return env.APP.fetch(request);
    if (area === 'admin' && store === 'cron-job') {
      await env.SESSIONS_KV.put('cron:job', JSON.stringify(Object.fromEntries(url.searchParams)));
      await env.SESSIONS_KV.delete('cron:result');
      return Response.json({ ok: true });
    }
    if (area === 'admin' && store === 'cron-result') return new Response((await env.SESSIONS_KV.get('cron:result')) ?? 'null');
    if (area === 'admin') {
      try {
        return Response.json(await admin(store, op, url.searchParams.get('user'), url.searchParams.get('variant') ?? 'same', env));
      } catch (error) {
        return Response.json(errorOf(error), { status: 500 });
      }
    }
    return new Response('Not found\n', { status: 404 });
  },

  async scheduled(controller, env) {
    const job = JSON.parse((await env.SESSIONS_KV.get('cron:job')) ?? 'null');
    if (!job) return;
    let result;
    try {
      result = await admin(job.store, job.op, job.user, job.variant ?? 'same', env);
    } catch (error) {
      result = errorOf(error);
    }
    await env.SESSIONS_KV.put('cron:result', JSON.stringify(result));
  },
};
