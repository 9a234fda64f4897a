// Regression (audit, model-based): a commit that switches a session from one user to another is written under a new
// ID and deletes the old one (README, Choices), but not when the app had called regenerateId() (which keeps the old
// record) first: the previous user's record stayed alive and listed, and a copy of the old cookie still opened it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createFileSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';

const pairOf = (setCookie) => setCookie.split(';')[0];
const cookie = { secrets: ['switch'], maxAge: 3600 };
const kinds = {
  memory: () => ({ storage: createMemorySessionStorage({ cookie, userKey: 'userId' }), cleanup() {} }),
  file: () => {
    const dir = mkdtempSync(join(tmpdir(), 'switch-'));
    return { storage: createFileSessionStorage({ dir, cookie, userKey: 'userId' }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  },
};

for (const [kind, make] of Object.entries(kinds)) {
  describe(`a switch of user after regenerateId() (${kind} storage)`, () => {
    it("deletes the previous user's record", async () => {
      const { storage, cleanup } = make();
      try {
        const first = await storage.getSession(null);
        first.set('userId', 'u1');
        const old = pairOf(await storage.commitSession(first));
        const next = await storage.getSession(old);
        next.set('userId', 'u2');
        next.regenerateId();
        const now = pairOf(await storage.commitSession(next));
        assert.deepEqual(await storage.listUserSessions('u1'), [], "u1's session is still listed");
        assert.equal((await storage.getSession(old)).get('userId'), undefined, "a copy of the old cookie still opens u1's session");
        assert.equal((await storage.getSession(now)).get('userId'), 'u2');
        assert.equal((await storage.listUserSessions('u2')).length, 1);
      } finally {
        cleanup();
      }
    });

    it('through withSession too; regenerateId() of the same user still keeps the old record', async () => {
      const { storage, cleanup } = make();
      try {
        const handler = withSession(storage, async (request, { session }) => {
          const as = new URL(request.url).searchParams.get('as');
          if (as !== session.get('userId')) session.set('userId', as);
          session.regenerateId();
          return new Response('ok');
        });
        const at = (as, cookieHeader) => handler(new Request(`https://example.com/?as=${as}`, { headers: cookieHeader ? { Cookie: cookieHeader } : {} }));
        const u1 = pairOf((await at('u1')).headers.get('Set-Cookie'));
        const again = pairOf((await at('u1', u1)).headers.get('Set-Cookie'));
        assert.equal((await storage.getSession(u1)).get('userId'), 'u1', 'regenerateId() of the same user keeps the old record');
        assert.equal((await storage.listUserSessions('u1')).length, 2);
        await at('u2', again);
        assert.equal((await storage.getSession(again)).get('userId'), undefined, 'the switched-from record is deleted');
        assert.equal((await storage.listUserSessions('u1')).length, 1, 'only the record regenerateId() kept earlier');
      } finally {
        cleanup();
      }
    });
  });
}
