// Type-checked by `npm test` (tsc): the public types accept what users write
// and reject misuse (each @ts-expect-error fails the check if it stops erring).
import {
  createCookie,
  createCookieSessionStorage,
  createMemorySessionStorage,
  createSession,
  createSessionStorage,
  createWorkersKVSessionStorage,
  createFileSessionStorage,
  CookieTooLargeError,
  EdgeSessionError,
  withSession,
  flashError,
  flashMessage,
  flashSuccess,
  getFlashMessages,
  getKeptForm,
  keepForm,
  KEPT_FORM_MAX_BYTES,
  type FlashSeverity,
  type KeptForm,
  type Session,
} from 'edge-session';

type Data = { userId: number; theme: 'light' | 'dark' };
type Flash = { notice: string };

async function typedSessions(): Promise<void> {
  const storage = createCookieSessionStorage<Data, Flash>({
    cookie: { name: '__session', secrets: ['s3cr3t'], sameSite: 'lax', httpOnly: true, maxAge: 60 },
  });
  const session: Session<Data, Flash> = await storage.getSession(null);
  const userId: number | undefined = session.get('userId');
  const notice: string | undefined = session.get('notice');
  session.set('theme', 'dark');
  session.flash('notice', 'Saved!');
  // @ts-expect-error: a value of the wrong type
  session.set('userId', 'not a number');
  // @ts-expect-error: an unknown key
  session.set('unknown', 1);
  // @ts-expect-error: flash keys are FlashData's
  session.flash('theme', 'dark');
  const header: string = await storage.commitSession(session, { maxAge: 3600 });
  // Regression (audit): one options object passed everywhere, its name, secrets and encrypt repeated, was a type error.
  await storage.commitSession(session, { name: '__session', secrets: ['s3cr3t'], encrypt: false, httpOnly: true });
  void [userId, notice, header, session.data.__flash_notice__];
}

async function otherStorages(): Promise<void> {
  const cookie = createCookie('prefs', { secrets: ['a', 'b'], expires: new Date(0) });
  const value: unknown = await cookie.parse('prefs=1');
  await cookie.serialize({ theme: 'dark' }, { secure: true });
  // @ts-expect-error: sameSite takes known values only
  createCookie('x', { sameSite: 'sideways' });
  // Regression (audit): the README's "in any case" and "null keeps lax" were type errors.
  createCookie('x', { sameSite: 'STRICT' });
  createCookie('x', { sameSite: null });
  // Regression (audit): one options object passed everywhere, its name, secrets and encrypt repeated, was a type error.
  await createCookie('y', { secrets: ['s3cr3t'] }).serialize('v', { secrets: ['s3cr3t'], encrypt: false });
  const memory = createMemorySessionStorage({ cookie });
  // Issue 14: sessions that know their user.
  const users = createMemorySessionStorage<Data>({ userKey: 'userId' });
  const mine = await users.getSession(null);
  const listed: { id: string; createdAt: number; lastSeenAt: number; current?: true }[] = await users.listUserSessions(42, { current: mine });
  const ended: number = await users.revokeUserSessions('42', { except: mine });
  void [listed, ended];
  const revocable = createCookieSessionStorage({ userKey: 'userId', revocation: { namespace: { idFromName: (name: string) => name, get: (id: string) => ({ id }) } } });
  const counted: number | null = await revocable.revokeUserSessions('u', { except: await revocable.getSession(null) });
  void counted;
  // Regression (types audit): the README's KV stand-in of get and put (it revokes, and counts null) was refused.
  createCookieSessionStorage({ userKey: 'userId', revocation: { kv: { get: async () => null, put: async () => {} } } });
  // Regression (types audit): null keeps an attribute's default, and priority takes any case, as at run time.
  createCookie('z', { path: null, domain: null, maxAge: null, expires: null, httpOnly: null, priority: 'High' });
  const remember = Math.random() > 0.5;
  await memory.commitSession(await memory.getSession(null), { maxAge: remember ? 604_800 : null });
  // @ts-expect-error: false for a valued attribute is a CookieOptionError
  createCookie('z', { path: false });
  // Regression (types audit): a Cookie of React Router's createCookie type-checked, and every storage refuses it.
  const reactRouterCookie = { name: 'rr', isSigned: true, expires: undefined, parse: async () => null, serialize: async () => '' };
  // @ts-expect-error: not an edge-session Cookie, nor options
  createMemorySessionStorage({ cookie: reactRouterCookie });
  const custom = createSessionStorage<Data>({
    cookie: { name: 'id', secrets: ['s'] },
    createData: async (data, expires) => `${data.userId ?? 0}-${expires?.getTime() ?? 0}`,
    readData: async () => null,
    updateData: async () => {},
    deleteData: async () => {},
  });
  const customUsers = createSessionStorage<Data>({
    createData: async () => 'id',
    readData: async () => null,
    updateData: async () => {},
    deleteData: async () => {},
    userKey: 'userId',
  });
  const customListed: { id: string; current?: true }[] = await customUsers.listUserSessions('42', { current: 'id' });
  const customEnded: number = await customUsers.revokeUserSessions(42, { except: await customUsers.getSession(null) });
  void [customListed, customEnded];
  // @ts-expect-error: userKey names a session key
  createSessionStorage({ createData: async () => 'id', readData: async () => null, updateData: async () => {}, deleteData: async () => {}, userKey: 1 });
  // Two apps over one table: each its own keyPrefix for its users' records.
  createSessionStorage({ createData: async () => 'id', readData: async () => null, updateData: async () => {}, deleteData: async () => {}, userKey: 'userId', keyPrefix: 'shop:' });
  // @ts-expect-error: keyPrefix is a string
  createSessionStorage({ createData: async () => 'id', readData: async () => null, updateData: async () => {}, deleteData: async () => {}, keyPrefix: 1 });
  const kvMap = new Map<string, string>();
  const kv = createWorkersKVSessionStorage<Data>({
    cookie: { secrets: ['s'] },
    kv: {
      get: async (key) => kvMap.get(key) ?? null,
      getWithMetadata: async (key) => ({ value: kvMap.get(key) ?? null, metadata: null }),
      put: async (key, value) => void kvMap.set(key, value),
      delete: async (key) => void kvMap.delete(key),
    },
  });
  // @ts-expect-error: kv is required
  createWorkersKVSessionStorage({ cookie: { secrets: ['s'] } });
  const files = createFileSessionStorage({ cookie: { secrets: ['s'] }, dir: '/tmp/sessions' });
  const fresh = await createSession<Data>({ userId: 1 }, 'id');
  fresh[Symbol.dispose]();
  void [value, memory, custom, kv, files];
}

interface Env {
  SESSION_SECRET: string;
}

export const worker = {
  fetch: withSession(
    (env: Env) => createCookieSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] } }),
    async (request, { session, env, ctx }) => {
      session.set('visits', (session.get('visits') ?? 0) + 1);
      ctx.waitUntil(Promise.resolve());
      return new Response(`${request.url} ${env.SESSION_SECRET.length}`);
    },
  ),
};

function errors(error: unknown): string {
  if (error instanceof CookieTooLargeError) return error.code;
  if (error instanceof EdgeSessionError) return error.message;
  return '';
}

void [typedSessions, otherStorages, errors];

async function flashHelpers(): Promise<void> {
  const storage = createCookieSessionStorage<Data, Flash>();
  const session = await storage.getSession(null);
  flashSuccess(session, 'Saved.');
  flashError(session, 'Failed.');
  flashMessage(session, 'warning', 'Careful.');
  // @ts-expect-error: severities are a closed set
  flashMessage(session, 'fatal', 'x');
  const notice: string | undefined = session.getFlash('notice');
  const messages: { severity: FlashSeverity; message: string }[] = getFlashMessages(session);
  keepForm(session, new FormData(), { message: 'Too short.' }, { omit: ['password'] });
  keepForm(session, new FormData(), {}, { only: ['title', 'body'], maxBytes: 2 * KEPT_FORM_MAX_BYTES });
  // Hono's c.req.parseBody() (files among the fields: never kept). Regression (types audit): it was a type error.
  const parsedBody: Record<string, string | File | (string | File)[]> = { title: 'hi', upload: new File(['x'], 'x.txt'), tags: ['a', 'b'] };
  keepForm(session, parsedBody, {});
  // @ts-expect-error: a budget is a number of bytes
  keepForm(session, new FormData(), {}, { maxBytes: '4 KB' });
  const kept: KeptForm = getKeptForm(session);
  const typed: string | string[] | undefined = kept.fields.message;
  void [notice, messages, typed];
}
void flashHelpers;
// Sealed cookies (encrypt).
const sealedStorage = createCookieSessionStorage({ cookie: { name: '__s', secrets: ['s'] }, encrypt: true });
const migratingCookie = createCookie('prefs', { secrets: ['s'], encrypt: 'migrate' });
const isEncrypted: boolean = migratingCookie.isEncrypted;
// A server-side storage seals its ID cookie the same way.
const sealedIds = createMemorySessionStorage({ cookie: { secrets: ['s'] }, encrypt: true });
void sealedStorage;
void isEncrypted;
void sealedIds;

// Chunked cookie sessions.
const chunked = createCookieSessionStorage({ cookie: { secrets: ['s'] }, chunks: 5 });
async function allHeaders(): Promise<string[]> {
  return chunked.commitSessionHeaders(await chunked.getSession(null));
}
void allHeaders;

// Found by a black-box pass over the public surface: what the run time accepts, the types accepted too little of.
// Configuration held as readonly lists (`as const`, a frozen array); a flash taken back with undefined (the README's
// rule); the fetch withSession returns called with the request alone, as Node code and tests do.
async function readonlyConfiguration(): Promise<void> {
  const SECRETS = ['a'.repeat(32), 'b'.repeat(32)] as const;
  const storage = createCookieSessionStorage<Data, Flash>({ cookie: { secrets: SECRETS } });
  const ORIGINS: readonly string[] = Object.freeze(['https://www.example.com']);
  const fetch = withSession(storage, () => new Response('ok'), { csrf: { trustedOrigins: ORIGINS } });
  await fetch(new Request('https://app.test/'));
  const session = await storage.getSession(null);
  session.flash('notice', undefined);
  keepForm(session, { title: 'x' }, {}, { only: ['title'] as const, omit: Object.freeze(['password']) });
}
void readonlyConfiguration;
