// README (CSRF, The token): the secret is 43 base64url characters, each token "the pad XOR the secret, character by
// character on their 6-bit values", and csrfToken keeps a stored secret of any 43 base64url characters. So a secret
// holding every one of the 64 characters is kept, each of its tokens unmasks to it (read here by a table, unlike the
// branchless code), and a token of a secret one character apart (each "-" for "_", "9" for "-", ...) is refused.
// Mutation pass (s50): the branchless mapping reading "_" as 62 (as "-") was caught only when a random secret held
// a "_" (about one run in two); such secrets' "-" and "_" were one character.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, csrfToken } from 'edge-session';
import { csrfSecretOf, tokenMatchesSecret } from '../../js/csrf-token.js';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const sextet = (char) => BASE64URL.indexOf(char);
const unmasked = (token) => [...token.slice(43)].map((char, i) => BASE64URL[sextet(char) ^ sextet(token[i])]).join('');

it('a secret of every base64url character is kept, its tokens unmask to it, and a secret one character apart refuses them', async () => {
  for (const secret of [BASE64URL.slice(0, 43), BASE64URL.slice(21)]) {
    const session = await createSession({ __csrf: secret });
    const tokens = Array.from({ length: 20 }, () => csrfToken(session));
    assert.equal(session.get('__csrf'), secret, 'kept');
    for (const token of tokens) {
      assert.equal(unmasked(token), secret);
      assert.equal(tokenMatchesSecret(csrfSecretOf(session), token), true);
    }
    for (let i = 0; i < 43; i++) {
      const neighbour = `${secret.slice(0, i)}${BASE64URL[(sextet(secret[i]) + 63) % 64]}${secret.slice(i + 1)}`;
      for (const token of tokens.slice(0, 3)) assert.equal(tokenMatchesSecret(neighbour, token), false, `${secret[i]} at ${i}`);
    }
  }
});
