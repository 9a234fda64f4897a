// Type-checked by `npm test` (tsc -p tests/types/tsconfig.workerd.json): the bindings a Worker's own types give it
// (`wrangler types` of wrangler 4.86, workerd 1.20260426.1: KVNamespace, DurableObjectNamespace, ExecutionContext,
// copied below as they are there, overloads trimmed to the first of each) fit the structural types edge-session
// takes instead (index.d.ts: "so the package needs no @cloudflare/workers-types"), and withSession's fetch fits
// an ExportedHandler's. The README's forms: `kv: env.SESSIONS`, `namespace: env.SESSIONS`, `revocation: { kv }` or
// `{ namespace }`, `export default { fetch: withSession(...) } satisfies ExportedHandler<Env>`. Mutation pass (s48
// types pass): KVNamespaceLike's list result requiring a cursor went unnoticed (every real KVNamespace then failed:
// its last page has none); the other type tests use KV stand-ins of their own.
import {
  createCookieSessionStorage,
  createDurableObjectSessionStorage,
  createWorkersKVSessionStorage,
  SessionDurableObject,
  withSession,
} from 'edge-session';

declare namespace Workers {
  interface KVNamespaceListKey<Metadata, Key extends string = string> {
    name: Key;
    expiration?: number;
    metadata?: Metadata;
  }
  type KVNamespaceListResult<Metadata, Key extends string = string> =
    | { list_complete: false; keys: KVNamespaceListKey<Metadata, Key>[]; cursor: string; cacheStatus: string | null }
    | { list_complete: true; keys: KVNamespaceListKey<Metadata, Key>[]; cacheStatus: string | null };
  interface KVNamespaceListOptions {
    limit?: number;
    prefix?: string | null;
    cursor?: string | null;
  }
  interface KVNamespaceGetOptions<Type> {
    type: Type;
    cacheTtl?: number;
  }
  interface KVNamespacePutOptions {
    expiration?: number;
    expirationTtl?: number;
    metadata?: any | null;
  }
  interface KVNamespaceGetWithMetadataResult<Value, Metadata> {
    value: Value | null;
    metadata: Metadata | null;
    cacheStatus: string | null;
  }
  interface KVNamespace<Key extends string = string> {
    get(key: Key, options?: Partial<KVNamespaceGetOptions<undefined>>): Promise<string | null>;
    get(key: Key, type: 'text'): Promise<string | null>;
    list<Metadata = unknown>(options?: KVNamespaceListOptions): Promise<KVNamespaceListResult<Metadata, Key>>;
    put(key: Key, value: string | ArrayBuffer | ArrayBufferView | ReadableStream, options?: KVNamespacePutOptions): Promise<void>;
    getWithMetadata<Metadata = unknown>(key: Key, options?: Partial<KVNamespaceGetOptions<undefined>>): Promise<KVNamespaceGetWithMetadataResult<string, Metadata>>;
    getWithMetadata<Metadata = unknown>(key: Key, type: 'text'): Promise<KVNamespaceGetWithMetadataResult<string, Metadata>>;
    delete(key: Key): Promise<void>;
  }
  interface DurableObjectId {
    toString(): string;
    equals(other: DurableObjectId): boolean;
    readonly name?: string;
    readonly jurisdiction?: string;
  }
  /** Its stub (a Fetcher of the class's RPC methods), reduced to what is not the class's. */
  type DurableObjectStub = { fetch(request: Request): Promise<Response>; readonly id: DurableObjectId; readonly name?: string };
  abstract class DurableObjectNamespace {
    newUniqueId(options?: { jurisdiction?: 'eu' | 'fedramp' | 'fedramp-high' }): DurableObjectId;
    idFromName(name: string): DurableObjectId;
    idFromString(id: string): DurableObjectId;
    get(id: DurableObjectId, options?: { locationHint?: string; routingMode?: 'primary-only' }): DurableObjectStub;
    getByName(name: string, options?: { locationHint?: string; routingMode?: 'primary-only' }): DurableObjectStub;
    jurisdiction(jurisdiction: 'eu' | 'fedramp' | 'fedramp-high'): DurableObjectNamespace;
  }
  interface ExecutionContext<Props = unknown> {
    waitUntil(promise: Promise<any>): void;
    passThroughOnException(): void;
    readonly exports: Record<string, unknown>;
    readonly props: Props;
  }
  type ExportedHandlerFetchHandler<Env = unknown, Props = unknown> = (request: Request, env: Env, ctx: ExecutionContext<Props>) => Response | Promise<Response>;
  interface ExportedHandler<Env = unknown> {
    fetch?: ExportedHandlerFetchHandler<Env>;
  }
}

/** What `wrangler types` writes for a KV namespace and a Durable Object binding. */
interface Env {
  SESSION_SECRET: string;
  SESSIONS: Workers.KVNamespace;
  SESSION_DO: Workers.DurableObjectNamespace;
}

export { SessionDurableObject };
export default {
  fetch: withSession(
    (env: Env) => createWorkersKVSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] }, kv: env.SESSIONS, userKey: 'userId' }),
    (request, { session, ctx }) => {
      ctx.waitUntil(Promise.resolve());
      return new Response(String(session.get('visits') ?? 0));
    },
  ),
} satisfies Workers.ExportedHandler<Env>;

export const stores = (env: Env) => [
  createDurableObjectSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] }, namespace: env.SESSION_DO, userKey: 'userId' }),
  createCookieSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] }, userKey: 'userId', revocation: { kv: env.SESSIONS } }),
  createCookieSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] }, userKey: 'userId', revocation: { namespace: env.SESSION_DO } }),
];
