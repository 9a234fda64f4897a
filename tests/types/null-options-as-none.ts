// Type-checked by `npm test` (tsc, tsconfig.json and tsconfig.strictest.json): where the run time takes null as
// "none", so do the types. listUserSessions and revokeUserSessions take null options as none (user-sessions.js
// checkOptionsObject; tests/js/user-sessions-null-options-are-none.test.js: "sign out of all devices", this one
// too), as a choice is written (`keep ? session : null`); keepForm takes null errors as none (flash.js
// checkKeepArguments: `errors != null`). Regression (s48 types pass): each was a type error. Every storage takes
// `cookie: null` as no cookie option, an unsigned "__session" (cookie.js cookieFromOption: `cookie != null`;
// tests/js/storage-cookie-null-is-absent.test.js), as `cookie: env.SECRET ? { secrets: [...] } : null` is written;
// regression (s49): a type error.
import { createCookieSessionStorage, createMemorySessionStorage, keepForm, type Session } from 'edge-session';

declare const session: Session;
declare const keepThisDevice: boolean;
declare const errors: Record<string, string> | null;

export async function choices(): Promise<void> {
  const memory = createMemorySessionStorage({ userKey: 'userId' });
  const ended: number = await memory.revokeUserSessions('ada', keepThisDevice ? session : null);
  await memory.listUserSessions('ada', keepThisDevice ? session : null);
  const cookies = createCookieSessionStorage({ userKey: 'userId', revocation: { kv: { get: async () => null, put: async () => {} } } });
  const counted: number | null = await cookies.revokeUserSessions('ada', keepThisDevice ? { except: session } : null);
  // { except: null } is none on every storage (the cookie storage threw a TypeError for it: s48)
  await cookies.revokeUserSessions('ada', { except: keepThisDevice ? session : null });
  await memory.revokeUserSessions('ada', { except: keepThisDevice ? session : null });
  keepForm(session, new FormData(), errors, { only: ['title'] });
  createCookieSessionStorage({ cookie: keepThisDevice ? { secrets: ['s3cr3t'] } : null });
  createMemorySessionStorage({ cookie: null });
  // @ts-expect-error: a bare ID is a TypeError at run time (README: { except: id })
  await memory.revokeUserSessions('ada', 'a-session-id');
  // @ts-expect-error: options of another type are a TypeError at run time (flash.js checkKeepArguments)
  keepForm(session, new FormData(), {}, null);
  void [ended, counted];
}
