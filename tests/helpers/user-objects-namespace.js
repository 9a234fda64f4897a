// A Durable Object namespace of this process for Node tests of `revocation: { namespace }`: users' objects
// (`<keyPrefix>user:...`) keep the index as SessionDurableObject does (js/user-index.js); any other name is a
// session's object of a Durable Object storage sharing the namespace, whose revoke() is noted in `revoked`.
import { emptyUserIndex, lastRevocationIn, registerInIndex, revokeInIndex, settleEnded, unregisterFromIndex } from '../../js/user-index.js';

export function userObjectsNamespace() {
  const indexes = new Map();
  const revoked = [];
  const userObject = (name) => {
    const change = async (fn) => {
      const index = indexes.get(name) ?? emptyUserIndex();
      const result = fn(index);
      indexes.set(name, index);
      return structuredClone(result ?? null) ?? undefined;
    };
    return {
      userRegister: (id, commit) => change((index) => registerInIndex(index, id, commit)),
      userUnregister: (id, listedAs) => change((index) => unregisterFromIndex(index, id, listedAs)),
      userRevoke: (exceptId, at, uncountedId, attempt) => change((index) => revokeInIndex(index, exceptId, at, Date.now(), uncountedId ?? undefined, attempt)),
      userRevocation: () => change((index) => lastRevocationIn(index)),
      userSettleEnded: (ids) => change((index) => settleEnded(index, ids)),
    };
  };
  const sessionObject = (name) => ({ revoke: async () => void revoked.push(name) });
  return { idFromName: (name) => name, get: (name) => (name.includes('user:') ? userObject(name) : sessionObject(name)), revoked };
}
