// createData returned an ID that createSessionStorage's default isValidId refuses; the error (which withSession
// logs) names it by its first 8 characters since 4b32126. The refusal is almost always about what comes after them:
// base64's "/", "+" or "=" padding, a dot or a colon in a prefixed key, a length past 128. "Session storage created
// the ID "q1w2e3r4…", which its isValidId refuses" then says nothing a developer can act on, where the whole ID
// did before; and the cut protects nothing: an ID refused so never names a session (no cookie is issued for it, and a
// cookie naming it is refused by the same check). The message must still say what in it is refused.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';

const SECRET = 'V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc=';

async function refusalOf(id) {
  const storage = createSessionStorage({
    cookie: { name: '__session', secrets: [SECRET] },
    createData: async () => id,
    readData: async () => null,
    updateData: async () => {},
    deleteData: async () => {},
  });
  const session = await storage.getSession(null);
  session.set('n', 1);
  return storage.commitSession(session).then(() => assert.fail('committed'), (error) => error);
}

it('a base64 ID with "/" and "=": the message names the refused character', async () => {
  const error = await refusalOf('q1w2e3r4t5y6u7i8o9p0/a==');
  assert.equal(error.code, 'INVALID_SESSION_ID');
  assert.ok(!error.message.includes('q1w2e3r4t5y6'), error.message);
  assert.match(error.message, /"\/"/, error.message);
});

it('an ID past 128 characters: the message gives its length', async () => {
  const error = await refusalOf('a'.repeat(200));
  assert.equal(error.code, 'INVALID_SESSION_ID');
  assert.match(error.message, /200 characters/, error.message);
});
