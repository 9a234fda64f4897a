// A session destroyed and then disposed reads as any disposed session: every read throws SESSION_DISPOSED
// (js/session.js #readsNothing), as README's error table says of a disposed session, rather than answering as a
// destroyed session does (nothing). Mutation pass (s44): the disposed check dropped from #readsNothing, get(), has(),
// data, size and id of such a session answered nothing, as if it were still usable; no test noticed (those of
// dispose() never destroyed the session first).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';

const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['destroyed-then-disposed-0123456789abcdef'] } });
const disposedError = { name: 'SessionDataError', code: 'SESSION_DISPOSED' };

describe('a session destroyed, then disposed', () => {
  it('throws SESSION_DISPOSED at every read', async () => {
    const seed = await storage.getSession(null);
    seed.set('user', 'ada');
    const session = await storage.getSession((await storage.commitSession(seed)).split(';')[0]);
    session.destroy();
    assert.equal(session.get('user'), undefined, 'destroyed: it reads nothing');
    session.dispose();
    assert.throws(() => session.get('user'), disposedError);
    assert.throws(() => session.has('user'), disposedError);
    assert.throws(() => session.getFlash('user'), disposedError);
    assert.throws(() => session.data, disposedError);
    assert.throws(() => session.size, disposedError);
    assert.throws(() => session.id, disposedError);
    assert.throws(() => session.destroyed, disposedError);
  });
});
