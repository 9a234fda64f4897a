// Checked under the `workerd` condition (tsconfig.workerd.json: customConditions ["workerd"]): the workerd
// entry's types list only what js/index.workerd.js exports.
// @ts-expect-error: the file storage needs node:fs; the workerd entry does not export it
import { createFileSessionStorage } from 'edge-session';
import { createDurableObjectSessionStorage, SessionDurableObject, withSession } from 'edge-session';

export { SessionDurableObject };
export default {
  fetch: withSession(
    (env: { SESSION_SECRET: string; SESSIONS: unknown }) =>
      createDurableObjectSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] }, namespace: env.SESSIONS }),
    (request, { session }) => new Response(String(session.get('visits') ?? 0)),
  ),
};
void createFileSessionStorage;
