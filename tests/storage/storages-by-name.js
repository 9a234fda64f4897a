// What both storage test Workers share: one storage per store name and env (withSession and the routes that
// call the storage directly see the same one), and a withSession handler per store.
import { withSession } from 'edge-session';

/**
 * @param {Record<string, (env: object) => object>} factories store name -> storage factory
 * @param {(request: Request, context: object) => Promise<Response>} action gets withSession's context plus `storage`
 */
export function storagesByName(factories, action) {
  const storages = new WeakMap();
  function storageFor(name, env) {
    let byName = storages.get(env);
    if (!byName) storages.set(env, (byName = {}));
    return (byName[name] ??= factories[name](env));
  }
  const handlers = Object.fromEntries(
    Object.keys(factories).map((name) => [
      name,
      withSession(
        (env) => storageFor(name, env),
        (request, context) => action(request, { ...context, storage: storageFor(name, context.env) }),
      ),
    ]),
  );
  return { storageFor, handlers };
}
