// A secret given in a shape the package refuses (a string where an array goes, one too long, beside an empty one or
// a number) is refused with a message that names the mistake, never the secret itself: error messages and warnings
// reach logs that more people read than the secret's store. Also a short secret's one-time warning.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { capturedWarnings } from '../helpers/captured-warnings.js';

const SECRET = 'LEAKCHECK-5e2b8f0c4d7a1936aa';
const warnings = capturedWarnings();

const refusedShapes = {
  'a string where the array goes': { secrets: SECRET },
  'an empty secret beside it': { secrets: [SECRET, ''] },
  'a number beside it': { secrets: [SECRET, 42] },
  'an array inside the array': { secrets: [[SECRET]] },
  'over 4096 characters': { secrets: [SECRET.repeat(200)] },
  'over 64 secrets': { secrets: Array.from({ length: 65 }, (_, i) => `${SECRET}-${i}`) },
  'misspelt as secret': { secret: SECRET },
};
const makers = {
  createCookie: (options) => createCookie('c', options),
  'createCookie, encrypt': (options) => createCookie('c', { ...options, encrypt: true }),
  createCookieSessionStorage: (options) => createCookieSessionStorage({ cookie: { name: 'c', ...options }, encrypt: true, chunks: 2 }),
  createMemorySessionStorage: (options) => createMemorySessionStorage({ cookie: { name: 'c', ...options } }),
};

describe('a secret refused for its shape is not quoted by the error', () => {
  for (const [shape, options] of Object.entries(refusedShapes)) {
    it(shape, async () => {
      for (const [maker, make] of Object.entries(makers)) {
        const error = await (async () => {
          const made = make(options);
          await (made.serialize ? made.serialize({ a: 1 }) : made.getSession(null)); // a refusal may wait for first use
        })().then(() => undefined, (caught) => caught);
        assert.ok(error, `${maker} refused it`);
        assert.equal(error.name === 'CookieOptionError' || error instanceof TypeError, true, `${maker}: ${error}`);
        for (const text of [error.message, error.stack, JSON.stringify(error), String(error.cause ?? '')]) {
          assert.ok(!text.includes(SECRET.slice(0, 12)), `${maker}: the secret is quoted in ${JSON.stringify(text.slice(0, 200))}`);
        }
      }
    });
  }

  it("a short secret's warning names the cookie and the length, not the secret", async () => {
    await createCookie('short', { secrets: ['tiny-secret-9'] }).serialize({ a: 1 });
    assert.equal(warnings().length, 1);
    assert.match(warnings()[0], /"short"/);
    assert.ok(!warnings()[0].includes('tiny-secret-9'));
  });
});
