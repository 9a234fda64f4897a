// Type-checked by `npm test` (tsc -p tests/types/tsconfig.strictest.json: strict plus exactOptionalPropertyTypes,
// noUncheckedIndexedAccess, verbatimModuleSyntax, as @tsconfig/strictest has them). An option given as `undefined`
// keeps its default at run time, everywhere (tests/js/options-given-undefined.test.js); under
// exactOptionalPropertyTypes a property typed `name?: T` refuses it. Regression (types review): these idioms, each
// taking a default from a condition, were type errors under that flag, only the cookie's attributes took undefined.
import { Hono } from 'hono';
import {
  createCookie,
  createCookieSessionStorage,
  createFileSessionStorage,
  createMemorySessionStorage,
  createSessionStorage,
  createWorkersKVSessionStorage,
  keepForm,
  withSession,
  type DurableObjectNamespaceLike,
  type KVNamespaceLike,
  type Session,
} from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionMiddleware } from 'edge-session/react-router';

declare const env: { SESSION_SECRET: string; IDLE_TIMEOUT?: string; SEALED?: string; KV: KVNamespaceLike; SESSION_DO: DurableObjectNamespaceLike };
declare const session: Session;
declare const keepThisDevice: boolean;
declare const fields: string[] | undefined;
declare const production: boolean;

const idleTimeout = env.IDLE_TIMEOUT ? Number(env.IDLE_TIMEOUT) : undefined;
const encrypt = env.SEALED === 'yes' ? true : undefined;
const secrets = production ? [env.SESSION_SECRET] : undefined;

export async function optionsFromConditions(): Promise<void> {
  createCookie('prefs', { secrets, encrypt });
  const cookies = createCookieSessionStorage({
    cookie: { secrets: [env.SESSION_SECRET] },
    idleTimeout,
    absoluteTimeout: undefined,
    touchInterval: undefined,
    encrypt,
    chunks: production ? 4 : undefined,
    format: undefined,
    migrateFrom: undefined,
    userKey: undefined,
    revocation: undefined,
  });
  const memory = createMemorySessionStorage({ cookie: undefined, idleTimeout, userKey: 'userId', encrypt });
  createWorkersKVSessionStorage({ kv: env.KV, keyPrefix: undefined, idleTimeout });
  createFileSessionStorage({ dir: '/tmp/sessions', idleTimeout, userKey: undefined });
  createSessionStorage({
    createData: async () => 'id',
    readData: async () => null,
    updateData: async () => {},
    deleteData: async () => {},
    isValidId: undefined,
    keyPrefix: undefined,
    idleTimeout,
  });
  // One revocation store of two, the other given as undefined (revocation.js takes the one given). Regression (s48
  // types pass): `kv?: never` and `namespace?: never` refused undefined under this flag.
  createCookieSessionStorage({ userKey: 'userId', revocation: { kv: env.KV, namespace: undefined, keyPrefix: undefined } });
  createCookieSessionStorage({ userKey: 'userId', revocation: { kv: undefined, namespace: env.SESSION_DO } });
  await memory.revokeUserSessions('ada', { except: keepThisDevice ? session : undefined });
  await memory.listUserSessions('ada', { current: undefined });
  keepForm(session, new FormData(), {}, { only: fields, omit: undefined, maxBytes: undefined });
  withSession(cookies, () => new Response(), { csrf: production ? true : undefined });
  withSession(cookies, () => new Response(), { csrf: { trustedOrigins: undefined, maxBodyBytes: undefined } });
  new Hono().use(honoSession(cookies, { csrf: undefined }));
  sessionMiddleware(cookies, { csrf: undefined });
}
