// Checked under the `workerd` condition (tsconfig.workerd.json: customConditions ["workerd"]): the workerd
// entry's types list only what js/index.workerd.js exports.
// @ts-expect-error: the file storage needs node:fs; the workerd entry does not export it
import { createFileSessionStorage } from 'edge-session';
import { createCookieSessionStorage, createDurableObjectSessionStorage, type DurableObjectNamespaceLike, type EdgeSessionErrorCode, SessionDurableObject, withSession } from 'edge-session';

export { SessionDurableObject };
export default {
  fetch: withSession(
    (env: { SESSION_SECRET: string; SESSIONS: DurableObjectNamespaceLike }) =>
      createDurableObjectSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] }, namespace: env.SESSIONS }),
    (request, { session }) => new Response(String(session.get('visits') ?? 0)),
  ),
};
void createFileSessionStorage;
// Both timeouts of the Durable Object storage, and its error codes.
export const withTimeouts = (namespace: DurableObjectNamespaceLike) =>
  createDurableObjectSessionStorage({ namespace, leaseTimeout: 5000, openTimeout: 500 });
// The binding, not its name; one revocation store, not both. Regression (types audit): `namespace: unknown`
// took a string, which throws at run time.
// @ts-expect-error: the namespace binding, not the binding's name
createDurableObjectSessionStorage({ namespace: 'SESSIONS' });
export const revocationByName = (kv: { get(key: string): Promise<string | null>; put(key: string, value: string): Promise<void>; delete(key: string): Promise<void> }, namespace: DurableObjectNamespaceLike) => [
  createCookieSessionStorage({ userKey: 'userId', revocation: { namespace } }),
  // @ts-expect-error: the revocation namespace binding, not its name
  createCookieSessionStorage({ userKey: 'userId', revocation: { namespace: 'SESSIONS' } }),
  // @ts-expect-error: one revocation store, KV or a Durable Object namespace, not both
  createCookieSessionStorage({ userKey: 'userId', revocation: { kv, namespace } }),
];
export const leaseCodes: EdgeSessionErrorCode[] = ['SESSION_CHANGED', 'SESSION_OPEN'];

// Workers' own types (wrangler types, @cloudflare/workers-types) take a Durable Object class by its brand, a
// property named by the string constant Rpc.__DURABLE_OBJECT_BRAND. Regression: the class lacked it, and a
// Worker exporting it did not type-check against them (not assignable to EntrypointBranded).
declare namespace Rpc {
  const __DURABLE_OBJECT_BRAND: '__DURABLE_OBJECT_BRAND';
  interface DurableObjectBranded {
    [__DURABLE_OBJECT_BRAND]: never;
  }
}
export const branded = (instance: SessionDurableObject): Rpc.DurableObjectBranded => instance;
