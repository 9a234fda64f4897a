/// <reference lib="esnext.disposable" />
// Types of edge-session, written by hand to match React Router's session API.
// What every runtime entry exports. Each entry's own types add what only it has:
// index.workerd.d.ts (Durable Objects), index.node.d.ts (files); index.default.d.ts, both.

/** `S` with each letter in either case ('lax' | 'Lax' | 'LAX' | ...). */
type AnyCase<S extends string> = S extends `${infer C}${infer Rest}` ? `${Lowercase<C> | Uppercase<C>}${AnyCase<Rest>}` : S;

/**
 * Attributes of a cookie, as React Router names them. `undefined` or `null` keeps an attribute's default (given to
 * a commit, it replaces the cookie's own, as React Router's object spread does); `false` does too for the flags
 * and `sameSite`.
 */
export interface CookieAttributes {
  domain?: string | null | undefined;
  /** Default "/". */
  path?: string | null | undefined;
  expires?: Date | null | undefined;
  /** Seconds; an integer. */
  maxAge?: number | null | undefined;
  httpOnly?: boolean | null | undefined;
  secure?: boolean | null | undefined;
  /** Default "lax", in any case. "none" and `partitioned` force Secure. `true` means "strict"; `false` and `null` keep "lax". */
  sameSite?: AnyCase<'lax' | 'strict' | 'none'> | boolean | null | undefined;
  partitioned?: boolean | null | undefined;
  /** In any case. */
  priority?: AnyCase<'low' | 'medium' | 'high'> | null | undefined;
}

export interface CookieOptions extends CookieAttributes {
  /** secrets[0] signs; every secret verifies, so old ones can be rotated out. */
  secrets?: readonly string[] | undefined;
  /**
   * true: values are sealed (XChaCha20-Poly1305, keys derived from the secrets with
   * HKDF-SHA256, the cookie name bound): unreadable and unforgeable without a secret.
   * 'migrate': sealed, and signed values are still read once, then re-sealed.
   * Needs secrets. Default false (signed, Remix's format).
   */
  encrypt?: boolean | 'migrate' | undefined;
}

/**
 * A commit's or serialize's options: attributes, and the cookie's own `name`, `secrets` and `encrypt` repeated (one
 * options object passed everywhere); a different one rejects with CookieOptionError.
 */
export interface CookieSerializeOptions extends CookieOptions {
  name?: string | undefined;
}

/**
 * The options React Router's `parse` and `getSession` take, taken here so that a wrapper forwarding them
 * type-checks: none has an effect, and a `decode` is refused (CookieOptionError: values are decoded as React
 * Router decodes by default).
 */
export interface CookieParseOptions {
  decode?: undefined;
}

export interface Cookie {
  readonly name: string;
  readonly isSigned: boolean;
  /** True when values are sealed (`encrypt: true` or `'migrate'`). */
  readonly isEncrypted: boolean;
  /**
   * now + maxAge when maxAge is set, else the `expires` option (the earlier for both, undefined for neither), when
   * the storages end a session committed with the cookie's own options. Throws CookieOptionError
   * for a maxAge or expires of the wrong type.
   */
  readonly expires: Date | undefined;
  /** The cookie's JSON value from a Cookie header; null when absent or not verified. */
  parse(cookieHeader: string | null | undefined, options?: CookieParseOptions | null): Promise<any>;
  /**
   * A Set-Cookie header carrying `value`. Rejects with CookieOptionError or CookieTooLargeError, and with
   * SessionDataError INVALID_VALUE for a value `parse` could not read back (nested past 64 levels) or JSON cannot
   * hold (a cycle, a BigInt).
   */
  serialize(value: unknown, options?: CookieSerializeOptions): Promise<string>;
}

/**
 * A cookie `name` (RFC 6265) whose value is JSON, signed with `secrets` (HMAC-SHA256, the first signs, each
 * verifies) or sealed with `encrypt: true`. Throws CookieOptionError for a name, option or prefix rule
 * (`__Host-`, `__Secure-`) a browser would refuse, and for an unknown option name.
 */
export function createCookie(name: string, options?: CookieOptions): Cookie;
export function isCookie(value: unknown): value is Cookie;

export interface SessionData {
  [name: string]: any;
}

/** React Router's persisted layout: values, and flash under `__flash_<key>__`. */
export type FlashSessionData<Data, FlashData> = Partial<
  Data & { [Key in keyof FlashData as FlashDataKey<Key & string>]: FlashData[Key] }
>;
export type FlashDataKey<Key extends string> = `__flash_${Key}__`;

export interface Session<Data = SessionData, FlashData = Data> extends Disposable {
  /**
   * "" for cookie sessions (React Router format) and sessions not stored yet, except a fresh session from Remix v3's
   * read(): a new random ID, which its first save stores it under (createSessionStorage: the one createData makes);
   * and after regenerateId(), a new random ID on any storage (a cookie session's is never written: it names nothing).
   */
  readonly id: string;
  /** What a commit stores, in React Router's layout (a copy). */
  readonly data: FlashSessionData<Data, FlashData>;
  /** Changed since read, or arrived with flash data that its commit clears. */
  readonly dirty: boolean;
  /**
   * Must be written although unchanged: its rolling renewal is due (idleTimeout) or it was read under a
   * retired secret. withSession commits it by itself; by hand, commit when `dirty || renewalDue`.
   */
  readonly renewalDue: boolean;
  readonly destroyed: boolean;
  /** The original ID after regenerateId(true); the store deletes it at commit. */
  readonly deleteId: string | undefined;
  /** Values plus flash values readable in this request. */
  readonly size: number;
  has(name: (keyof Data | keyof FlashData) & string): boolean;
  get<Key extends (keyof Data | keyof FlashData) & string>(
    name: Key,
  ):
    | (Key extends keyof Data ? Data[Key] : undefined)
    | (Key extends keyof FlashData ? FlashData[Key] : undefined)
    | undefined;
  /** null or undefined removes the key. Throws SessionDestroyedError after destroy(). */
  set<Key extends keyof Data & string>(name: Key, value: Data[Key] | null | undefined): void;
  /** The flash value that arrived with this request under `name` (flashed by the previous one); never a stored value. */
  getFlash<Key extends keyof FlashData & string>(name: Key): FlashData[Key] | undefined;
  /** Readable with get() during the next request only; undefined takes back this request's flash of `name`. */
  flash<Key extends keyof FlashData & string>(name: Key, value: FlashData[Key] | undefined): void;
  unset(name: keyof Data & string): void;
  destroy(): void;
  regenerateId(deleteOldSession?: boolean): void;
  /** Frees the session's WebAssembly memory. Commits do this for you. */
  dispose(): void;
}

/**
 * What withSession and the Hono and React Router middlewares use of a storage: one of ours, or an object of the app's
 * forwarding these (and a chunked storage's commitSessionHeaders) to one of ours, for logging or metrics.
 */
export interface RequestSessionStorage<Data = SessionData, FlashData = Data> {
  getSession(cookieHeader?: string | null, options?: CookieParseOptions | null): Promise<Session<Data, FlashData>>;
  /** The Set-Cookie header; a destroyed session gives an expiring one. Frees the session's memory. */
  commitSession(session: Session<Data, FlashData>, options?: CookieSerializeOptions): Promise<string>;
  /**
   * Deletes stored data; returns a Set-Cookie that removes the cookie (Max-Age=0, past Expires). A cookie storage
   * with `migrateFrom`, by hand, while the request carried the old cookie: one that keeps the cookie empty instead.
   */
  destroySession(session: Session<Data, FlashData>, options?: CookieSerializeOptions): Promise<string>;
}

export interface SessionStorage<Data = SessionData, FlashData = Data> extends RequestSessionStorage<Data, FlashData> {
  /**
   * Remix v3's interface (`session(cookie, storage)` of @remix-run/session-middleware): the session for
   * the cookie's unsigned value (Remix's Cookie verifies it); a fresh one for null or anything unreadable.
   * A cookie storage's payload sealed (`encrypt`) under a retired secret is re-sealed by the next save().
   * A fresh session has a new random `id`, never the cookie's; with createSessionStorage, its first save()
   * stores it under the ID createData makes instead, which `id` then is.
   */
  read(cookieValue: string | null): Promise<Session<Data, FlashData>>;
  /** Remix v3's interface: the cookie value to set, '' to clear it (destroyed), null for no change. */
  save(session: Session<Data, FlashData>): Promise<string | null>;
}

/**
 * An edge-session Cookie, or the options to make one. A Cookie of React Router's or Remix's `createCookie` is
 * neither (its secrets cannot be read: the storages refuse it).
 */
export type SessionCookieOption = Cookie | (CookieOptions & { name?: string | undefined; parse?: never; serialize?: never });

/**
 * When sessions end, enforced by the server from times inside the signed payload or the record
 * (the cookie's maxAge/expires too). Whole seconds.
 */
export interface SessionLifetimeOptions {
  /** A session unused this long reads as fresh. */
  idleTimeout?: number | undefined;
  /** A session begun this long ago reads as fresh, however busy (kept across regenerateId). */
  absoluteTimeout?: number | undefined;
  /**
   * With idleTimeout: how often a busy session's renewal is written. Default: idleTimeout / 4, or the cookie's
   * maxAge / 4 when that maxAge is shorter than idleTimeout (then a touchInterval given must be less than it).
   */
  touchInterval?: number | undefined;
}

/** A storage's `encrypt`, beside its `cookie`. */
export interface SealingOption {
  /**
   * Seals the cookie's value as CookieOptions.encrypt does: the session itself with the cookie storage, the
   * session ID with a server-side one. A Cookie made without `encrypt` takes this one; one whose own `encrypt`
   * differs is refused (CookieOptionError INVALID_OPTIONS).
   */
  encrypt?: boolean | 'migrate' | undefined;
}

/** Sessions that know their user (README: Revocation). */
export interface UserSessionOptions {
  /**
   * The session key whose value is the user's ID (a string or a number), e.g. "userId". The storage then
   * records each session's sign-in and can list and revoke a user's sessions.
   */
  userKey?: string | undefined;
}

/** One live session of a user, as listUserSessions gives it. Times in Unix milliseconds. */
export interface UserSessionInfo {
  id: string;
  /** When the user signed in to this session. */
  createdAt: number;
  /** Its last commit (renewals are paced by touchInterval). */
  lastSeenAt: number;
  /** Set on the session passed as `current` (or as listUserSessions' second argument). */
  current?: true;
}

/** What a server-side storage made with `userKey` offers (without it, these throw a TypeError). */
export interface UserSessions<Data = SessionData, FlashData = Data> {
  /** The user's live sessions, most recently seen first. */
  listUserSessions(userId: string | number, options?: { current?: Session<Data, FlashData> | string | undefined } | Session<Data, FlashData> | null): Promise<UserSessionInfo[]>;
  /**
   * Ends every session of the user but `except` (the request's own: "sign out of my other devices").
   * Resolves to how many were ended. Options null or absent: every session, this one too.
   */
  revokeUserSessions(userId: string | number, options?: { except?: Session<Data, FlashData> | string | null | undefined } | Session<Data, FlashData> | null): Promise<number>;
}

export interface CookieSessionStorageOptions extends SessionLifetimeOptions, UserSessionOptions {
  /**
   * Revocation of cookie sessions (needs userKey): where each user's revocation time is kept, a KV
   * namespace or the SessionDurableObject namespace. Every request with a user looks it up, cached per
   * isolate for at most 5 seconds. `keyPrefix` names the users' records in it (default "edge-session:" in KV, ""
   * in the namespace): two apps over one binding whose user IDs are their own each give their own.
   */
  revocation?: { kv: RevocationKVLike; namespace?: undefined; keyPrefix?: string | undefined } | { namespace: DurableObjectNamespaceLike; kv?: undefined; keyPrefix?: string | undefined } | undefined;
  /** A cookie, or the options to make one (name defaults to "__session"). */
  cookie?: SessionCookieOption | null | undefined;
  /** What is read and written (each storage reads only its own format). Default "react-router". */
  format?: 'react-router' | 'remix-v3' | undefined;
  /**
   * The cookie sessions are moved from, under another name and in its own format: read only when this
   * storage's cookie is absent, then written anew and expired in the same response (commitSessionHeaders).
   */
  migrateFrom?: { cookie: SessionCookieOption; format: 'react-router' | 'remix-v3' } | undefined;
  /**
   * Seals the session (see CookieOptions.encrypt). A Cookie made without `encrypt` takes this one; one whose
   * own `encrypt` differs is refused (CookieOptionError INVALID_OPTIONS).
   */
  encrypt?: boolean | 'migrate' | undefined;
  /**
   * The most cookies (1-16) a session may span: `name`, `name.1`, ... each within 4096 bytes,
   * all in at most 16384 bytes of Cookie header (a `partitioned` cookie: 10240 bytes of names and values). Default 1.
   */
  chunks?: number | undefined;
}

export interface CookieSessionStorage<Data = SessionData, FlashData = Data> extends SessionStorage<Data, FlashData> {
  /**
   * Every Set-Cookie the commit needs: one per cookie the session spans, then expiring ones for
   * chunks it no longer uses (a destroyed session expires them all). commitSession returns the
   * session's cookie when it fits one (withSession and the middlewares expire the unused chunks), or
   * rejects with CookieTooLargeError code 'SEVERAL_COOKIES' when it spans several (the session then
   * stays to be written); destroySession returns the first cookie's expiry, which ends it.
   */
  commitSessionHeaders(session: Session<Data, FlashData>, options?: CookieSerializeOptions): Promise<string[]>;
  /** Cookie sessions are kept by browsers: always throws a TypeError. */
  listUserSessions(userId: string | number): Promise<never>;
  /**
   * With the `revocation` option: voids every cookie session of the user signed in before now (other
   * isolates within 5 s). `except`, a Session of that user, is signed in anew and rewritten by its next
   * response. Resolves to how many sessions it ended: the sign-ins recorded in the revocation store since
   * its last revocation, less those signed out and those past absoluteTimeout (else 400 days); null with a
   * KV stand-in that has no `list` or `delete`.
   */
  revokeUserSessions(userId: string | number, options?: { except?: Session<Data, FlashData> | null | undefined } | Session<Data, FlashData> | null): Promise<number | null>;
}

/**
 * Sessions kept whole in the cookie, signed (or sealed with `encrypt`), over several cookies with `chunks`.
 * No server-side state; with `userKey` and `revocation`, sessions a user's revocation voids read as fresh.
 */
export function createCookieSessionStorage<Data = SessionData, FlashData = Data>(
  options?: CookieSessionStorageOptions,
): CookieSessionStorage<Data, FlashData>;

/**
 * Sessions in this process's memory, one record per session (the cookie holds its signed ID): for tests and
 * one-process servers; a Worker isolate's memory is neither shared nor kept.
 */
export function createMemorySessionStorage<Data = SessionData, FlashData = Data>(
  options?: {
    /** A cookie, or the options to make one (name defaults to "__session"): it carries the signed session ID. */
    cookie?: SessionCookieOption | null | undefined;
  } & SessionLifetimeOptions & UserSessionOptions & SealingOption,
): SessionStorage<Data, FlashData> & UserSessions<Data, FlashData>;

export interface SessionIdStorageStrategy<Data = SessionData, FlashData = Data> extends SessionLifetimeOptions, UserSessionOptions, SealingOption {
  /** A cookie, or the options to make one (name defaults to "__session"): it carries the signed session ID. */
  cookie?: SessionCookieOption | null | undefined;
  /**
   * Makes every record and its ID: a new session's, and one given a new ID (regenerateId, a switch of user). A fresh
   * session from Remix v3's read() has a random `id` until its first save, which takes this ID instead.
   */
  createData(data: FlashSessionData<Data, FlashData>, expires?: Date): string | Promise<string>;
  /** null or undefined: no such record. Each callback may answer at once or with a Promise. */
  readData(id: string): FlashSessionData<Data, FlashData> | null | undefined | Promise<FlashSessionData<Data, FlashData> | null | undefined>;
  /**
   * With `userKey`, must also create a record that does not exist yet (an upsert): each user's index
   * (`es:user:<SHA-256 of the ID>`) and revocation mark (`es:revoked:<SHA-256>`) are records written
   * through these callbacks, as plain JSON objects (not shaped like `Data`); readData gets their IDs too. What it
   * resolves to is not read (a client's result, an upsert's answer of whether it created the record).
   */
  updateData(id: string, data: FlashSessionData<Data, FlashData>, expires?: Date): unknown;
  /** What it resolves to is not read either. */
  deleteData(id: string): unknown;
  /**
   * The IDs createData makes; a cookie naming any other ID is treated as no
   * session and never reaches readData. Default: isSafeSessionId. IDs starting
   * with `es:` (in any case) are reserved and always refused.
   */
  isValidId?: ((id: string) => boolean) | undefined;
  /**
   * With userKey: names the users' records `es:<keyPrefix>user:...` and `es:<keyPrefix>revoked:...` (default ""):
   * two apps over one table whose user IDs are their own each give their own.
   */
  keyPrefix?: string | undefined;
}

/** 1-128 characters of A-Z a-z 0-9 _ -, not a name every object inherits (`__proto__`, `constructor`...): createSessionStorage's default ID check. */
export function isSafeSessionId(id: string): boolean;

/**
 * Sessions in a backend of your own, through the strategy's createData / readData / updateData / deleteData
 * (React Router's createSessionStorage): the cookie holds the signed session ID, which isValidId checks.
 */
export function createSessionStorage<Data = SessionData, FlashData = Data>(
  strategy: SessionIdStorageStrategy<Data, FlashData>,
): SessionStorage<Data, FlashData> & UserSessions<Data, FlashData>;

/**
 * Structural type of a Durable Object namespace binding whose class is SessionDurableObject (`env.SESSIONS`,
 * `DurableObjectNamespace<SessionDurableObject>`): the binding itself, not its name.
 */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: any): unknown;
}

/** Structural KV binding type, so the package needs no @cloudflare/workers-types. */
export interface KVNamespaceLike {
  get(key: string): Promise<string | null>;
  /** Needed with userKey (a user's index keys). */
  list?(options: { prefix: string; cursor?: string }): Promise<{ keys: { name: string; metadata?: unknown }[]; list_complete: boolean; cursor?: string }>;
  /** Optional: without it, a session ends by the times in its record alone, at the same millisecond. */
  getWithMetadata?<Metadata = unknown>(key: string): Promise<{ value: string | null; metadata: Metadata | null }>;
  put(key: string, value: string, options?: { expirationTtl?: number; metadata?: unknown }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A KV namespace for cookie revocation: `get` and `put` revoke; with `list` and `delete` too, revokeUserSessions counts. */
export type RevocationKVLike = Pick<KVNamespaceLike, 'get' | 'put'> & Partial<Pick<KVNamespaceLike, 'list' | 'delete'>>;

/**
 * Sessions in Workers KV, one key per session (`keyPrefix` + 40 hex ID; 32 for IDs issued by earlier versions).
 * Last write wins and reads are eventually consistent: see the README.
 */
export function createWorkersKVSessionStorage<Data = SessionData, FlashData = Data>(options: SessionLifetimeOptions & UserSessionOptions & SealingOption & {
  /** A cookie, or the options to make one (name defaults to "__session"): it carries the signed session ID. */
  cookie?: SessionCookieOption | null | undefined;
  /** The KV namespace binding (`env.SESSIONS`), not its name. */
  kv: KVNamespaceLike;
  /** Default "session:"; "" reads keys React Router's KV storage wrote. At most 472 bytes of UTF-8 (402 with `userKey`): KV keys take 512. */
  keyPrefix?: string | undefined;
}): SessionStorage<Data, FlashData> & UserSessions<Data, FlashData>;

/** Async, unlike React Router's: the first call loads the WebAssembly module. */
export function createSession<Data = SessionData, FlashData = Data>(
  initialData?: FlashSessionData<Data, FlashData>,
  id?: string,
): Promise<Session<Data, FlashData>>;
export function isSession(value: unknown): value is Session;

/**
 * The load context withSession hands the handler. A type alias, not an interface: React Router's
 * `AppLoadContext` is an index signature, which an interface never satisfies. Regression: passing it as the
 * load context (`requestHandler(request, loadContext)`, as the README shows) was a type error.
 */
export type SessionContext<Env = unknown, Data = SessionData, FlashData = Data> = {
  session: Session<Data, FlashData>;
  env: Env;
  ctx: ExecutionContextLike;
};

export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

/**
 * CSRF protection (README "CSRF"): `true`, or options. An unsafe request (any method but GET, HEAD, OPTIONS,
 * TRACE) gets a 403 text/plain answer, and the handler does not run, unless it comes from this origin
 * (Sec-Fetch-Site `same-origin`/`none`, else an Origin equal to the request URL's) or from a trusted origin
 * (whatever Sec-Fetch-Site says), or carries neither header (a non-browser client: the token alone decides), and carries a token of
 * csrfToken(session) in the `X-CSRF-Token` header or the `_csrf` form field. A form's body is read once, for its
 * token, and the handler gets a Request that reads that body again from memory.
 */
export type CsrfOption =
  | boolean
  | {
      /**
       * Other origins whose posts are accepted, same-site or cross-site, exactly as browsers send them:
       * "https://blog.example.com". They still need the token (and, from another site, a session cookie with
       * `sameSite: 'none'` to reach this one).
       */
      trustedOrigins?: readonly string[] | undefined;
      /**
       * The most of a form body read to find its `_csrf` token (default 1 MiB, 1048576): a larger form passes when
       * its `_csrf` field lies in those first bytes (the handler streams the rest), else gets a 413 and the handler
       * does not run. A token in the `X-CSRF-Token` header needs no body read, whatever its size.
       */
      maxBodyBytes?: number | undefined;
    };

export interface WithSessionOptions {
  /**
   * Refuse with 403, before the handler runs, an unsafe request (any method but GET, HEAD, OPTIONS, TRACE) that is
   * cross-site or lacks the session's token (`_csrf` field or `X-CSRF-Token` header; csrfToken(session)).
   */
  csrf?: CsrfOption | undefined;
}

/**
 * @example
 * export default {
 *   fetch: withSession((env) => createCookieSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] } }), handle, { csrf: true }),
 * };
 */
export function withSession<Env = any, Data = SessionData, FlashData = Data>(
  storage: ((env: Env) => RequestSessionStorage<Data, FlashData>) | RequestSessionStorage<Data, FlashData>,
  handler: (request: Request, context: SessionContext<Env, Data, FlashData>) => Response | Promise<Response>,
  options?: WithSessionOptions,
): SessionFetch<Env>;

/**
 * The fetch withSession returns: called as a Worker's `fetch(request, env, ctx)` (or with the request alone), or as
 * another withSession's handler, given its load context where `env` goes and no `ctx` (README "Nested calls":
 * `withSession(factory, withSession(factory, handler))`), whose `env` and `ctx` it then takes. Regression (API
 * pass): that README form was a type error, the load context not being an `Env`. The Worker's form is last, the one
 * `Parameters<>` and error messages take.
 */
export interface SessionFetch<Env = any> {
  (request: Request, loadContext: SessionContext<Env, any, any>): Promise<Response>;
  (request: Request, env?: Env, ctx?: ExecutionContextLike): Promise<Response>;
}

/**
 * A CSRF token for a form (`<input type="hidden" name="_csrf">`) or a fetch (`X-CSRF-Token`): the session's
 * secret masked with a fresh random pad, so each call gives another string (BREACH) and every one is accepted.
 * The first call creates the secret in the session (key `__csrf`), so only sessions that showed a form get one.
 * After destroy(), a token no session accepts (a logout's own page).
 * @example
 * html += `<form method="post"><input type="hidden" name="_csrf" value="${csrfToken(session)}">...</form>`;
 */
export function csrfToken(session: Session<any, any>): string;

/** The severities of the flash shortcuts; each is its own flash key. */
export type FlashSeverity = 'success' | 'error' | 'warning' | 'info';
export const FLASH_SEVERITIES: readonly FlashSeverity[];
/** A message for the next request under the flash key `severity`. Throws TypeError for an unknown severity. */
export function flashMessage(session: Session<any, any>, severity: FlashSeverity, message: string): void;
/** Revel's Flash.Success: `session.flash('success', message)`. */
export function flashSuccess(session: Session<any, any>, message: string): void;
/** Revel's Flash.Error: `session.flash('error', message)`. */
export function flashError(session: Session<any, any>, message: string): void;
/** `session.flash('warning', message)`. */
export function flashWarning(session: Session<any, any>, message: string): void;
/** `session.flash('info', message)`. */
export function flashInfo(session: Session<any, any>, message: string): void;
/** The flash value that arrived with this request under `key`, or undefined; never a stored value. */
export function getFlash(session: Session<any, any>, key: string): any;
/** The shortcuts' messages from the previous request, in FLASH_SEVERITIES order; only strings (a value flashed by hand under a severity is read with getFlash). */
export function getFlashMessages(session: Session<any, any>): { severity: FlashSeverity; message: string }[];

/** What keepForm keeps: the submitted fields (files never) and the errors by field name. */
export interface KeptForm {
  fields: Record<string, string | string[]>;
  errors: Record<string, string>;
}
/** The most bytes (JSON; more for text whose base64 holds `+` or `/`) keepForm keeps of a form's fields unless told otherwise: 2048. */
export const KEPT_FORM_MAX_BYTES: number;
/**
 * Revel's FlashParams() + Validation.Keep(): the fields and per-field errors, for the next request only.
 * With cookie storage they ride in the cookie, readable by its owner unless sealed (`encrypt`).
 * `only`: the fields to keep; `omit`: fields not to keep; `maxBytes` (KEPT_FORM_MAX_BYTES; 3/4 of it for a session
 * from Remix v3's read() with `encrypt`, whose sealed text Remix's Cookie encodes again): the most the kept
 * fields take as JSON (text whose base64 holds `+` or `/` counts up to 3 times), a field past it left out whole,
 * every value of a repeated name. A TypeError for options or errors of another type, and for an unknown option name.
 */
export function keepForm(
  session: Session<any, any>,
  form: FormData | URLSearchParams | Record<string, string | Blob | (string | Blob)[]>,
  errors?: Record<string, string> | null,
  options?: { only?: readonly string[] | undefined; omit?: readonly string[] | undefined; maxBytes?: number | undefined },
): void;
/** What keepForm kept in the previous request; empty fields and errors when nothing was. */
export function getKeptForm(session: Session<any, any>): KeptForm;

/** The codes of CookieOptionError: a cookie name, attribute, option or secret that cannot be used. */
export type CookieOptionErrorCode =
  | 'INVALID_COOKIE_NAME'
  | 'INVALID_DOMAIN'
  | 'INVALID_PATH'
  | 'INVALID_EXPIRES'
  | 'INVALID_MAX_AGE'
  | 'INVALID_SAME_SITE'
  | 'INVALID_PRIORITY'
  | 'INVALID_PREFIX'
  | 'INVALID_SECRET'
  | 'INVALID_OPTIONS';
/** The codes of CookieTooLargeError. */
export type CookieTooLargeErrorCode = 'COOKIE_TOO_LARGE' | 'SEVERAL_COOKIES';
/** The codes of SessionDataError. */
export type SessionDataErrorCode =
  | 'INVALID_KEY'
  | 'INVALID_VALUE'
  | 'VALUE_TOO_LARGE'
  | 'SESSION_DISPOSED'
  | 'SESSION_ENDED'
  | 'INVALID_SESSION_ID'
  | 'INVALID_USER_ID';
/** The codes of SessionStorageError. */
export type SessionStorageErrorCode = 'STORAGE_FAILED' | 'INVALID_SESSION_ID' | 'SESSION_CHANGED' | 'SESSION_OPEN' | 'SESSION_REVOKED';

/** Every code (README "Errors"); the subclasses each have theirs, the base class alone the last three. */
export type EdgeSessionErrorCode =
  | CookieOptionErrorCode
  | CookieTooLargeErrorCode
  | 'SESSION_DESTROYED'
  | SessionDataErrorCode
  | SessionStorageErrorCode
  | 'CORE_RESET'
  | 'WASM_NOT_FOUND'
  | 'INTERNAL';

/** The base class of edge-session's errors; `code` says which failure (EdgeSessionErrorCode). */
export class EdgeSessionError extends Error {
  readonly code: EdgeSessionErrorCode;
  constructor(code: EdgeSessionErrorCode, message: string, options?: { cause?: unknown });
}
/** A cookie name, attribute, option or secret that cannot be used. */
export class CookieOptionError extends EdgeSessionError {
  readonly code: CookieOptionErrorCode;
  constructor(code: CookieOptionErrorCode, message: string, options?: { cause?: unknown });
}
/** A commit whose Set-Cookie would pass the 4096-byte browser limit. */
export class CookieTooLargeError extends EdgeSessionError {
  /**
   * The bytes the commit needed (at least that many, for a value refused before it was encoded: its UTF-16
   * length); undefined for `SEVERAL_COOKIES`, which is no overflow.
   */
  readonly size: number | undefined;
  /** The bytes it may take (a cookie's 4096, the chunks' total, or the Cookie header budget). */
  readonly limit: number | undefined;
  readonly code: CookieTooLargeErrorCode;
  constructor(code: CookieTooLargeErrorCode, message: string, options?: { cause?: unknown; size?: number; limit?: number });
}
/** A write to a destroyed session. */
export class SessionDestroyedError extends EdgeSessionError {
  readonly code: 'SESSION_DESTROYED';
  constructor(code: 'SESSION_DESTROYED', message: string, options?: { cause?: unknown });
}
/** A key, value or ID a session cannot hold. */
export class SessionDataError extends EdgeSessionError {
  readonly code: SessionDataErrorCode;
  constructor(code: SessionDataErrorCode, message: string, options?: { cause?: unknown });
}
/** A storage backend failed. */
export class SessionStorageError extends EdgeSessionError {
  readonly code: SessionStorageErrorCode;
  constructor(code: SessionStorageErrorCode, message: string, options?: { cause?: unknown });
}
