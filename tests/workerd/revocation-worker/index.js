// Test Worker for tests/workerd/example-revocation.test.js: one session object, driven call by call.
export { SessionDurableObject } from 'edge-session';

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== '/write-after-revoke') return new Response('Not found\n', { status: 404 });
    // A request holds the session's lease (it read it) when a revocation comes; then it writes under that lease.
    const stub = env.SESSIONS_DO.get(env.SESSIONS_DO.idFromName(crypto.randomUUID()));
    await stub.create('{"before":1}', null);
    const held = await stub.read();
    const started = Date.now();
    await stub.revoke();
    const revokeMs = Date.now() - started;
    let written;
    try {
      written = await stub.write(held.token, '{"after":1}', null);
    } catch (error) {
      written = String(error?.message ?? error);
    }
    const afterwards = await stub.read();
    return Response.json({ revokeMs, written, afterwards });
  },
};
