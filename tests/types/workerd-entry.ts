// Checked under the `workerd` condition (tsconfig.workerd.json: customConditions ["workerd"]): the workerd
// entry's types list only what js/index.workerd.js exports.
// @ts-expect-error: the file storage needs node:fs; the workerd entry does not export it
import { createFileSessionStorage } from 'edge-session';
import { createDurableObjectSessionStorage, type EdgeSessionErrorCode, SessionDurableObject, withSession } from 'edge-session';

export { SessionDurableObject };
export default {
  fetch: withSession(
    (env: { SESSION_SECRET: string; SESSIONS: unknown }) =>
      createDurableObjectSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] }, namespace: env.SESSIONS }),
    (request, { session }) => new Response(String(session.get('visits') ?? 0)),
  ),
};
void createFileSessionStorage;
// Both timeouts of the Durable Object storage, and its error codes.
export const withTimeouts = (namespace: unknown) =>
  createDurableObjectSessionStorage({ namespace, leaseTimeout: 5000, openTimeout: 500 });
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
