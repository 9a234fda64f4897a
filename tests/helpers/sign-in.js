// A browser's sign-in as the revocation tests make it: a new session with a user, committed.

/** The `name=value` a browser sends back of a Set-Cookie. */
export const pairOf = (setCookie) => setCookie.split(';')[0];

/** Signs `userId` in on a new session of `storage` (userKey 'userId'); the cookie the browser then sends. */
export async function signIn(storage, userId) {
  const session = await storage.getSession(null);
  session.set('userId', userId);
  return pairOf(await storage.commitSession(session));
}
