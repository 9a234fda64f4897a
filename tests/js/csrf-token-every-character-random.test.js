// README, CSRF, The token: the secret is "43 random base64url characters (258 bits from crypto.getRandomValues)",
// and each token is "a fresh random pad of 43 followed by the pad XOR the secret ... so no constant string sits in
// compressed responses (BREACH)". Every one of the 43 places is drawn anew: no place of the pad, and so of the
// masked half, and none of the secret, is the same from one token (or one secret) to the next. Mutation pass (s50):
// the pool's random bytes handed out one short (subarray ending at poolAt - 1) went unnoticed; every pad ended in
// "A", so every token ended in the secret's last character in the clear, and every secret ended in "A" (252 bits).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, csrfToken } from 'edge-session';

/** The characters each of the `length` places takes over `strings`. */
function charactersByPlace(strings, length) {
  return Array.from({ length }, (_, place) => new Set(strings.map((string) => string[place])));
}

it("no place of a token's pad, its masked half or a secret is the same from one to the next", async () => {
  const session = await createSession();
  const tokens = Array.from({ length: 100 }, () => csrfToken(session));
  // 100 draws of one place all alike by chance: 64^-99.
  charactersByPlace(tokens, 86).forEach((characters, place) => assert.ok(characters.size > 1, `token place ${place}`));
  const secrets = await Promise.all(Array.from({ length: 100 }, async () => {
    const fresh = await createSession();
    csrfToken(fresh);
    return fresh.get('__csrf');
  }));
  charactersByPlace(secrets, 43).forEach((characters, place) => assert.ok(characters.size > 1, `secret place ${place}`));
});
