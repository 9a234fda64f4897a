// A request running past a minute while its session is logged out in another tab: this isolate's note of the
// logout (js/recent-deletes.js) is forgotten by the time it commits, and what refuses its write is the store's own
// check (memory's replace, the file's lock, KV's and the callbacks' exists()). Shared by the tests of that check.

/**
 * Signs ann and bob in on `storage`, reads ann's session (her long request), logs her out through another read,
 * moves the clock 61 s on (`t.mock.timers` enabled on Date by the caller), logs bob out (which prunes the notes older
 * than a minute), then commits a change to ann's long-read session. Resolves to the user ann's old cookie opens as
 * afterwards: undefined when the logout held.
 * @param {object} storage
 * @param {import('node:test').TestContext} t
 */
export async function userAfterLogoutPastAMinute(storage, t) {
  const signIn = async (user) => {
    const session = await storage.getSession(null);
    session.set('user', user);
    return (await storage.commitSession(session)).split(';')[0];
  };
  const ann = await signIn('ann');
  const bob = await signIn('bob');
  const slow = await storage.getSession(ann); // ann's long request
  await storage.destroySession(await storage.getSession(ann)); // ann logs out in another tab
  t.mock.timers.tick(61_000);
  await storage.destroySession(await storage.getSession(bob)); // a later delete prunes the notes older than a minute
  slow.set('seen', true);
  await storage.commitSession(slow);
  return (await storage.getSession(ann)).get('user');
}
