// Types of js/durable-object-storage.js: exported by the workerd entry only (it imports 'cloudflare:workers').
import type { DurableObjectNamespaceLike, SealingOption, SessionCookieOption, SessionData, SessionStorage, SessionLifetimeOptions, UserSessionOptions, UserSessions } from './index.js';

/**
 * Sessions in Durable Objects, one object per session. Requests of one session
 * are serialised (a lease from read to commit, dispose() or the end of the request), so no update is lost.
 * Only in the workerd build; export SessionDurableObject from the Worker.
 */
export function createDurableObjectSessionStorage<Data = SessionData, FlashData = Data>(options: SessionLifetimeOptions & UserSessionOptions & SealingOption & {
  /** A cookie, or the options to make one (name defaults to "__session"): it carries the signed session ID. */
  cookie?: SessionCookieOption | null | undefined;
  /** The binding of SessionDurableObject, e.g. env.SESSIONS (the binding, not its name). */
  namespace: DurableObjectNamespaceLike;
  /**
   * Prefixes the names of the sessions' objects and of the users' index objects (userKey), default "": two apps (or
   * tenants) over one namespace whose user IDs are their own each give their own, or a revocation of one's user "1"
   * ends the other's, and, under one cookie name and secret, one's session cookie opens its session at the other.
   */
  keyPrefix?: string | undefined;
  /** How long a request may hold its session's lease, in ms. Default 10000. */
  leaseTimeout?: number | undefined;
  /**
   * How long getSession waits for a Session of the same ID still open in this isolate before it throws
   * SessionStorageError 'SESSION_OPEN', in ms. Default 1000.
   */
  openTimeout?: number | undefined;
}): SessionStorage<Data, FlashData> & UserSessions<Data, FlashData>;

/**
 * The Durable Object class that holds one session (workerd build only). It extends `DurableObject` from
 * 'cloudflare:workers'; typed here without that module, so that these types need no Workers types installed.
 */
export class SessionDurableObject {
  constructor(ctx: unknown, env: unknown);
  /**
   * Workers' brand of a Durable Object class (`Rpc.DurableObjectBranded`), which `wrangler types` and
   * `DurableObjectNamespace<SessionDurableObject>` require. Regression: without it a Worker exporting this class
   * did not type-check against the generated types (not assignable to `EntrypointBranded`).
   */
  readonly __DURABLE_OBJECT_BRAND: never;
}
