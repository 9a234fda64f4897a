// Issue 3, Security: "IDs: at least 128 bits from a cryptographic RNG". The README
// documents the ID as random hex followed by an 8-hex (32-bit) tag of the cookie's name, a public function of the
// name and the random part (no entropy of its own): so an ID of a server-side storage must hold at least
// 32 random hex characters besides its tag.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createMemorySessionStorage, createCookie } from 'edge-session';

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const TAG_HEX = 8;

async function issuedId(storage) {
  const session = await storage.getSession(null);
  session.set('a', 1);
  const header = (await storage.commitSession(session)).split(';')[0];
  return createCookie('__session', { secrets: [SECRET] }).parse(header);
}

it('a new server-side session ID carries at least 128 random bits besides its name tag', async () => {
  const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: [SECRET] } });
  const ids = new Set();
  for (let i = 0; i < 64; i += 1) ids.add(await issuedId(storage));
  assert.equal(ids.size, 64);
  for (const id of ids) {
    assert.match(id, /^[0-9a-f]+$/);
    assert.ok((id.length - TAG_HEX) * 4 >= 128, `ID ${id}: ${(id.length - TAG_HEX) * 4} random bits`);
  }
});

it('an ID issued before 128-bit IDs (24 random hex + tag, 32 hex) still opens its file session', async () => {
  // White-box only to make such an ID: internal.js issueSessionId with 24 random hex characters, as before.
  const { issueSessionId } = await import('../../js/internal.js');
  const { createFileSessionStorage } = await import('edge-session');
  const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(join(tmpdir(), 'edge-session-legacy-id-'));
  try {
    const legacy = issueSessionId('__session', 'ab'.repeat(12));
    assert.equal(legacy.length, 32);
    await writeFile(join(dir, `${legacy}.json`), JSON.stringify({ data: { user: 'mj' }, expires: null }));
    const storage = createFileSessionStorage({ cookie: { name: '__session', secrets: [SECRET] }, dir });
    const header = (await createCookie('__session', { secrets: [SECRET] }).serialize(legacy)).split(';')[0];
    const session = await storage.getSession(header);
    assert.equal(session.get('user'), 'mj');
    assert.equal(session.id, legacy);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
