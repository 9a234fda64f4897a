// A long string given where a short value goes is shown in its refusal by its first 8 characters and its length
// (errors.js shownOption), never quoted whole: the likeliest such string is a key, given to `encrypt` as other libraries take
// one (`encrypt: env.SESSION_KEY`), and a refusal's message reaches logs that more people read than the key's store
// (tests/js/secret-never-in-error-message.test.js). Short strings are quoted whole ("got "1800"", argument-errors).
// Mutation pass (s48): the cut moved past any key's length went unnoticed; the key was quoted whole. Regression
// (s48): the first 40 of its 44 characters were quoted, ~24 bits left to guess.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CookieOptionError, createCookie, createCookieSessionStorage } from 'edge-session';

const KEY = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhmb29iYXJiYXpxdXg='; // 44 characters, as openssl rand -base64 32 prints
const secrets = ['long-string-option-not-quoted-whole-0'];

it('a key given as encrypt is refused without being quoted whole', async () => {
  for (const [maker, make] of [
    ['createCookie', () => createCookie('c', { secrets, encrypt: KEY }).serialize({ a: 1 })],
    ['createCookieSessionStorage', () => createCookieSessionStorage({ cookie: { secrets }, encrypt: KEY }).getSession(null)],
  ]) {
    const error = await (async () => make())().then(() => assert.fail(`${maker} took it`), (caught) => caught);
    assert.ok(error instanceof CookieOptionError, `${maker}: ${error}`);
    assert.match(error.message, /encrypt must be true, false or 'migrate', got "Zm9vYmFy…" \(44 characters\)/, maker);
    for (const text of [error.message, error.stack]) assert.ok(!text.includes(KEY.slice(0, 9)), `${maker}: more than 8 of the key's characters are quoted`);
  }
});
