// The CSRF secret and its masked tokens (js/csrf.js checks requests with them). The secret is 43 random base64url
// characters (258 bits) stored in the session; a token is a fresh pad of 43 random characters followed by the pad
// XOR the secret, character by character on their 6-bit values (BREACH: no two responses carry the same bytes,
// as Rails and Django mask theirs). Working on the characters themselves, never on decoded bytes, keeps a token at
// one pass over 43 characters (~1 µs; decoding and re-encoding base64url took ~4 µs in Node). The secret's
// characters are mapped by arithmetic with no branch and no table indexed by them (libsodium's constant-time
// base64), so neither timing nor the cache of masking and comparing tells anything of the secret; a token's own
// characters are public and go through tables. (The secret also rides in the session's JSON, which a signed
// cookie's base64 codes through tables: that cookie is its holder's to read anyway.)

import { SessionDataError } from './errors.js';
import { checkSessionArgument, CSRF_SESSION_KEY, savedForResponse } from './internal.js';

const SECRET_LENGTH = 43; // as many characters as 32 bytes take in base64url: what the secret was before
const TOKEN_LENGTH = 2 * SECRET_LENGTH;

// Constant-time comparisons on small non-negative integers (both below 256): 0xff when true, else 0. From
// libsodium's sodium/codecs.c, where they serve the same purpose.
const gt = (x, y) => ((y - x) >> 8) & 0xff;
const ge = (x, y) => gt(y, x) ^ 0xff;
const eq = (x, y) => ((-(x ^ y) >> 8) & 0xff) ^ 0xff;

/** The 6-bit value of a base64url character code (RFC 4648 section 5), or 0xff when it is none. */
function sextetOf(code) {
  const c = code & 0x7f; // codes of 128 and over are marked invalid below, whatever their low bits
  const value =
    (ge(c, 65) & gt(91, c) & (c - 65)) | // A-Z
    (ge(c, 97) & gt(123, c) & (c - 71)) | // a-z
    (ge(c, 48) & gt(58, c) & (c + 4)) | // 0-9
    (eq(c, 45) & 62) | // -
    (eq(c, 95) & 63); // _
  const nonAscii = ((127 - code) >> 31) & 0xff; // any code over 127, up to 0xffff
  const invalid = (eq(value, 0) & (eq(c, 65) ^ 0xff)) | nonAscii; // a value of 0 from anything but "A" is no value
  return value | invalid;
}

/** The base64url character code of a 6-bit value, by the same arithmetic: for the secret's characters. */
function codeOf(sextet) {
  return (
    (gt(26, sextet) & (sextet + 65)) | // A-Z
    (ge(sextet, 26) & gt(52, sextet) & (sextet + 71)) | // a-z
    (ge(sextet, 52) & gt(62, sextet) & (sextet - 4)) | // 0-9
    (eq(sextet, 62) & 45) | // -
    (eq(sextet, 63) & 95) // _
  );
}

// The token's own characters are public (they are sent to the client, and a posted token is the client's), so
// they go through tables; only the secret's characters need the arithmetic above.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const CODES = Uint8Array.from(ALPHABET, (char) => char.charCodeAt(0));
const SEXTETS = new Uint8Array(128).fill(0xff);
for (let i = 0; i < 64; i++) SEXTETS[CODES[i]] = i;
/** sextetOf by table, for a public character. */
const publicSextetOf = (code) => (code < 128 ? SEXTETS[code] : 0xff);

/** The codes to a string: ~0.1 µs for a token, where String.fromCharCode.apply took ~4 µs in workerd. ASCII. */
const ascii = new TextDecoder();
// The codes of the token being made, reused: a new Uint8Array costs ~1 µs in Node (its zeroed backing store), as
// much as the rest of a token. decode() copies them into the string.
const scratch = new Uint8Array(TOKEN_LENGTH);

// Random bytes drawn from one buffer refilled by getRandomValues: a call costs ~7 µs in Node 20 whatever its size,
// and a token needs 43 fresh bytes. Each byte is used once. Filled on first use, never at import (Workers forbid
// random values in global scope).
const POOL_BYTES = 2048;
let pool;
let poolAt = POOL_BYTES;

/** `length` fresh random bytes, a view valid until the next call: copy what must be kept. */
function randomBytes(length) {
  if (poolAt + length > POOL_BYTES) {
    pool ??= new Uint8Array(POOL_BYTES);
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  poolAt += length;
  return pool.subarray(poolAt - length, poolAt);
}

/** A new secret: 43 random characters, each from the low 6 bits of a random byte (uniform: 256 = 4 x 64). */
function newSecret() {
  const random = randomBytes(SECRET_LENGTH);
  for (let i = 0; i < SECRET_LENGTH; i++) scratch[i] = codeOf(random[i] & 63);
  return ascii.decode(scratch.subarray(0, SECRET_LENGTH));
}

/**
 * A token for a form or a fetch: the session's CSRF secret, masked with a
 * fresh random pad, so each call returns a different string (nothing constant
 * for a compression side channel to recover); every one of them verifies.
 * The first call makes the secret and stores it in the session (which then
 * commits); a session that never asks for a token stays untouched. A
 * destroyed session (a logout whose page renders in the same request) gets a
 * token of a secret nobody keeps, which no session accepts: the page's forms
 * work again once reached anew (a redirect after the logout).
 * @param {import('./session.js').Session} session
 * @returns {string} 86 base64url characters
 * @example
 * html += `<form method="post" action="/notes">
 *   <input type="hidden" name="_csrf" value="${csrfToken(session)}">
 *   ...
 * </form>`;
 */
export function csrfToken(session) {
  checkSessionArgument(session, 'csrfToken(session)', 'get');
  // Regression: it threw, and a logout action's own document render (React Router's loaders run in its request)
  // became a 500, which commits nothing: the logout was undone.
  if (session.destroyed) return masked(newSecret());
  const stored = session.get(CSRF_SESSION_KEY);
  const token = typeof stored === 'string' && stored.length === SECRET_LENGTH ? masked(stored) : null;
  if (token !== null) return token;
  // Saved already by Remix v3's session middleware (our storages' save()): its Set-Cookie is out, and a secret set
  // now is never stored. Regression (adversarial pass on 52fb716): set without a word, the new visitor's streamed
  // form got a token every post of it failed (a 403 blaming the cookie).
  if (savedForResponse.has(session)) throw noSecretAfterResponse();
  const secret = newSecret(); // none yet, or something else sits under the key
  try {
    session.set(CSRF_SESSION_KEY, secret);
  } catch (error) {
    if (error?.code !== 'SESSION_ENDED') throw error;
    throw noSecretAfterResponse(error);
  }
  return masked(secret);
}

/**
 * For csrfToken called in a body still streaming after the handler returned (an async component, a deferred section)
 * on a session that has no secret yet (a first visit): making one is a change no response can carry now. Said as what
 * to do, not as a change the app never made. Regression (streamed-responses pass): the form of a new visitor's
 * streamed page failed with "Session cannot change", and a returning visitor's (its secret stored) worked.
 */
function noSecretAfterResponse(cause) {
  return new SessionDataError(
    'SESSION_ENDED',
    'csrfToken(session): this session has no CSRF secret yet, and its response is sent or being sent (a body still streaming), so one could never be saved: call csrfToken(session) once in the handler, before it returns, and the streamed form reads that secret',
    cause === undefined ? undefined : { cause },
  );
}

/** A token of `secret` (43 characters), or null when a character of it is no base64url. */
function masked(secret) {
  const pad = randomBytes(SECRET_LENGTH);
  const codes = scratch;
  let invalid = 0;
  for (let i = 0; i < SECRET_LENGTH; i++) {
    const sextet = sextetOf(secret.charCodeAt(i));
    invalid |= sextet; // 0xff from a character that is no base64url
    codes[i] = CODES[pad[i] & 63];
    codes[SECRET_LENGTH + i] = CODES[(pad[i] ^ sextet) & 63];
  }
  return invalid < 64 ? ascii.decode(codes) : null;
}

/** The session's CSRF secret, or undefined when it holds none (new, expired, destroyed since the form was shown). */
export function csrfSecretOf(session) {
  const secret = session.get(CSRF_SESSION_KEY);
  return typeof secret === 'string' ? secret : undefined;
}

/**
 * True when `token` unmasks to `secret` (csrfSecretOf). The comparison takes
 * the same time whatever characters differ: every one is mapped and
 * XOR-accumulated, no early exit. A token of the wrong length is refused on
 * its length alone, and no secret (undefined) matches no token.
 * @param {string | undefined} secret
 * @param {string} token
 */
export function tokenMatchesSecret(secret, token) {
  if (typeof secret !== 'string' || secret.length !== SECRET_LENGTH || typeof token !== 'string' || token.length !== TOKEN_LENGTH) return false;
  let difference = 0;
  let invalid = 0;
  for (let i = 0; i < SECRET_LENGTH; i++) {
    const pad = publicSextetOf(token.charCodeAt(i));
    const masked = publicSextetOf(token.charCodeAt(SECRET_LENGTH + i));
    const sextet = sextetOf(secret.charCodeAt(i));
    invalid |= pad | masked | sextet; // 0xff from a character that is no base64url
    difference |= pad ^ masked ^ sextet;
  }
  return (difference | (invalid & 0xc0)) === 0;
}
