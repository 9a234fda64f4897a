// README, "Security model": two bounds it states, each held on both sides.
// - "one under 32 characters logs a warning once per cookie name": 31 warns, 32 does not (any secret of the list).
// - isSafeSessionId "accepts 1–128 characters of A-Z a-z 0-9 _ -": 0 and 129 are refused, as is any other character.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, isSafeSessionId } from 'edge-session';
import { capturedWarnings } from '../helpers/captured-warnings.js';

const warned = capturedWarnings();
const about = (name) => warned().filter((warning) => warning.includes(`"${name}"`));

describe('A secret under 32 characters is called out, one of 32 is not', () => {
  it('31 characters warns, naming the cookie', () => {
    createCookie('secret-of-31', { secrets: ['s'.repeat(31)] });
    assert.equal(about('secret-of-31').length, 1, JSON.stringify(warned()));
  });

  it('32 characters gives no warning', () => {
    createCookie('secret-of-32', { secrets: ['s'.repeat(32)] });
    assert.deepEqual(about('secret-of-32'), []);
  });

  it('a retired secret of 31 characters beside a current one of 32 warns too (it still verifies)', () => {
    createCookie('retired-of-31', { secrets: ['s'.repeat(32), 'r'.repeat(31)] });
    assert.equal(about('retired-of-31').length, 1, JSON.stringify(warned()));
  });
});

describe('isSafeSessionId takes 1 to 128 characters of A-Z a-z 0-9 _ -', () => {
  it('1 and 128 characters pass, 0 and 129 do not', () => {
    assert.equal(isSafeSessionId('a'), true);
    assert.equal(isSafeSessionId('a'.repeat(128)), true);
    assert.equal(isSafeSessionId(''), false);
    assert.equal(isSafeSessionId('a'.repeat(129)), false);
  });

  it('every character of the set passes; a character outside it does not', () => {
    assert.equal(isSafeSessionId('ABCXYZabcxyz0189_-'), true);
    for (const other of ['.', ' ', '/', '+', '=', ':', '%', 'é', '\u0000']) {
      assert.equal(isSafeSessionId(`id${other}1`), false, JSON.stringify(other));
    }
  });
});
