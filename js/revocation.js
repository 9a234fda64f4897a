// Where cookie sessions' revocations are kept (issue 14): the `revocation`
// option of createCookieSessionStorage, `{ kv }` or `{ namespace }`. A cookie
// cannot be deleted from the server, so each user has one record, the time
// before which their sessions' sign-ins are void; every request with a user
// looks it up (cached per isolate: js/user-sessions.js).
import { CookieOptionError } from './errors.js';
import { revocationOf, revocationOfText, userDigest } from './user-sessions.js';

/** Under this prefix, in the KV namespace given as `revocation: { kv }`. */
const KV_PREFIX = 'edge-session:revoked:';

/**
 * The validated `revocation` option: { revocationOf(userId), revoke(userId, at) }.
 * @param {{ kv?: KVNamespace, namespace?: DurableObjectNamespace }} option
 */
export function revocationStoreOf(option) {
  const { kv, namespace } = option ?? {};
  if (option !== null && typeof option === 'object' && typeof kv?.get === 'function' && typeof kv?.put === 'function' && namespace === undefined) {
    const keyOf = async (userId) => KV_PREFIX + (await userDigest(userId));
    return {
      kind: 'kv',
      revocationOf: async (userId) => revocationOfText(await kv.get(await keyOf(userId))),
      revoke: async (userId, at) => kv.put(await keyOf(userId), JSON.stringify({ at })),
    };
  }
  if (option !== null && typeof option === 'object' && typeof namespace?.idFromName === 'function' && kv === undefined) {
    // The user's object of SessionDurableObject, as the Durable Object storage names it.
    const stubOf = async (userId) => namespace.get(namespace.idFromName(`user:${await userDigest(userId)}`));
    return {
      kind: 'namespace',
      revocationOf: async (userId) => revocationOf(await (await stubOf(userId)).userRevocation()),
      revoke: async (userId, at) => void (await (await stubOf(userId)).userRevoke(null, at)),
    };
  }
  throw new CookieOptionError(
    'INVALID_OPTIONS',
    'Storage option revocation must be { kv: <KV namespace binding> } or { namespace: <SessionDurableObject namespace binding> }',
  );
}
