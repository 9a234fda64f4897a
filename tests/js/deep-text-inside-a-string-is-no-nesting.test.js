// Brackets inside a JSON string are text, not nesting, an escaped quote (\") included: a value holding "[[[..."
// after a quote is one level deep, taken by createSession(data) and read back from a file (README, Limits: "nested
// at most 60 levels"; the depth is found before parsing, js/json-depth.js). Mutation pass (s50): the count taking
// the quote after a backslash for the string's end went unnoticed; such a value was refused as nested past 60
// levels, and such a file read as no session.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { nestsDeeperThan } from '../../js/json-depth.js';
import { tempDir } from '../helpers/temp-dir.js';

const quotedBrackets = `say "${'['.repeat(100)}" and \\"${'{'.repeat(100)}`;

it('a string of brackets after an escaped quote nests no deeper than the string', () => {
  const text = JSON.stringify({ note: quotedBrackets });
  assert.equal(nestsDeeperThan(text, 1), false);
  const nested = JSON.stringify({ a: [[{ note: quotedBrackets }]] });
  assert.equal(nestsDeeperThan(nested, 4), false);
  assert.equal(nestsDeeperThan(nested, 3), true, 'its own four levels counted');
});

it('createSession(data) takes such a value, and gives it back', async () => {
  const session = await createSession({ note: quotedBrackets });
  assert.equal(session.get('note'), quotedBrackets);
});

it("a file storage's session holding such a value reads back", async () => {
  const storage = createFileSessionStorage({ cookie: { secrets: ['quoted-brackets-0123456789abcdef0123'] }, dir: tempDir('edge-session-brackets-') });
  const session = await storage.getSession(null);
  session.set('note', quotedBrackets);
  const header = (await storage.commitSession(session)).split(';')[0];
  assert.equal((await storage.getSession(header)).get('note'), quotedBrackets);
});
