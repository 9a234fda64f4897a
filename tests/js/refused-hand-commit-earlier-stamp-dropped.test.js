// README (Signing out everywhere; withSession): a commit of a session whose user was signed out everywhere after its
// request read it is refused, the session ended; a handler that then signs a user in sends that sign-in. The
// session's own hand commit from before the refusal (a "last seen" stamp, whose header a middleware appends after
// the route's) names a record that is gone, and goes from the response: the browser keeps the new sign-in's cookie.
// Mutation pass (s45): the lifecycle taking that session as destroyed after its commit (endedAfterCommit leaving out
// endedInStore), or leaving out the store-ended case of endingOrLeftovers, went unnoticed; the stamp's header came
// last, and the browser held a cookie that named nothing, signed out of the new sign-in.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { handClock } from '../helpers/hand-clock.js';

const clock = handClock();

it('a refused hand commit, then a switch of user: the session\'s earlier stamp goes, the new sign-in stays', async () => {
  const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] }, userKey: 'userId' });
  const fetch = withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/login') session.set('userId', 'ada');
    if (pathname !== '/switch') return Response.json({ user: session.get('userId') ?? null });
    session.set('lastSeen', Date.now());
    const stamp = await storage.commitSession(session); // a middleware's, appended after the route's header
    await storage.revokeUserSessions('ada'); // "sign out everywhere" from another device, meanwhile
    session.set('page', '/switch');
    await storage.commitSession(session); // refused: ada's sessions are revoked
    const bob = await storage.getSession();
    bob.set('userId', 'bob');
    const headers = new Headers();
    headers.append('Set-Cookie', await storage.commitSession(bob));
    headers.append('Set-Cookie', stamp);
    return new Response('switched', { headers });
  });
  const jar = new BrowserJar();
  await visit(jar, fetch, '/login', { method: 'POST' });
  clock.now += 1_000; // the revocation is stamped after the sign-in
  await visit(jar, fetch, '/switch', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'bob' });
});
