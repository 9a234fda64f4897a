// A KV binding over `kv` (mapKV's) whose gets of a user's revocation mark, started while `holding`, answer what they
// read only once released: a lookup in flight across a revocation, for the revocation-cache tests.
/**
 * @param {object} kv mapKV()
 * @returns {{ kv: object, raw: object, holding: boolean, entered: Promise<void>, release: () => void }}
 */
export function heldMarkKV(kv) {
  const waiting = [];
  let entered;
  const state = {
    holding: false,
    entered: new Promise((resolve) => (entered = resolve)),
    release: () => waiting.splice(0).forEach((resolve) => resolve()),
    raw: kv,
  };
  state.kv = {
    list: (...args) => kv.list(...args),
    delete: (...args) => kv.delete(...args),
    put: (...args) => kv.put(...args),
    getWithMetadata: async (key) => ({ value: await kv.get(key), metadata: null }),
    async get(key, type) {
      const held = state.holding && key.includes('revoked:'); // the user's mark, not a session's record
      const value = await kv.get(key, type);
      if (held) {
        entered();
        await new Promise((resolve) => waiting.push(resolve));
      }
      return value;
    },
  };
  return state;
}
