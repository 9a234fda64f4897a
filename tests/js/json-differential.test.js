// What the core accepts as a session's JSON, JSON.parse accepts too, and to
// the same data; what JSON.parse refuses, the core refuses. The core may
// refuse valid JSON only for a documented limit (README, Limits). Records go
// through the KV storage, whose text reaches the core unparsed, as text
// another program wrote into KV would.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { signedCookieHeader } from './support.js';
import { mulberry32 } from './seeded-random.js';

const secret = 's3cr3t';
const id = issueSessionId('__session', '0123456789abcdef01234567'); // an ID of the storage's cookie, fixed
const header = signedCookieHeader('__session', JSON.stringify(id), secret);


const PIECES = ['a', 'é', '✓', '🍪', '"', '\\', '\n', '\u0001', '\ud800', '\udc00', ' ', 'i', 'd', '__flash_x__'];
const NUMBERS = ['0', '-0', '1', '-1.5e-7', '12345678901234567890', '1e308', '1e400', '-1e-400', '0.1', '9007199254740993'];

function randomString(random) {
  let text = '';
  const length = Math.floor(random() * 6);
  for (let i = 0; i < length; i++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

/** JSON text of a random value, written the ways other programs write JSON. */
function randomValue(random, depth) {
  const kind = Math.floor(random() * (depth > 70 ? 5 : 8));
  const space = random() < 0.2 ? ' ' : '';
  switch (kind) {
    case 0: return 'null';
    case 1: return random() < 0.5 ? 'true' : 'false';
    case 2: return NUMBERS[Math.floor(random() * NUMBERS.length)];
    case 3:
    case 4: return JSON.stringify(randomString(random));
    case 5:
    case 6: {
      const length = Math.floor(random() * 4);
      const members = [];
      for (let i = 0; i < length; i++) members.push(`${JSON.stringify(randomString(random))}:${space}${randomValue(random, depth + 1)}`);
      return `{${space}${members.join(`,${space}`)}}`;
    }
    default: {
      // Sometimes a long chain, to cross the nesting limit.
      if (random() < 0.05) return '['.repeat(60 + Math.floor(random() * 10)) + '1' + ']'.repeat(0) + ']'.repeat(60) + ']'.repeat(0);
      const length = Math.floor(random() * 4);
      const items = [];
      for (let i = 0; i < length; i++) items.push(randomValue(random, depth + 1));
      return `[${items.join(',')}]`;
    }
  }
}

function mutate(random, text) {
  const at = Math.floor(random() * (text.length + 1));
  switch (Math.floor(random() * 4)) {
    case 0: return text.slice(0, at); // truncated
    case 1: return text.slice(0, at) + text.slice(at + 1); // a character dropped
    case 2: return text.slice(0, at) + '{}[]",:\\0e-'[Math.floor(random() * 12)] + text.slice(at); // one inserted
    default: return text.slice(0, at) + text.slice(at, at + 5) + text.slice(at); // a run repeated
  }
}

function depthOf(text) {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

/** Why the core may refuse what JSON.parse reads (README, Limits), or undefined. */
function documentedRefusal(text, parsed) {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'not an object';
  if (depthOf(text) > 64) return 'nested past 64 levels';
  // nlohmann refuses a number whose value overflows a double; JSON.parse makes it Infinity.
  if (/\d[eE]\+?[0-9]{3,}/.test(text) && JSON.stringify(parsed).includes('null')) return 'a number out of double range';
  if (/\d[eE]\+?[0-9]{3,}/.test(text)) return 'a number out of double range';
  return undefined;
}

/**
 * A session's keys are UTF-8 in the core, which holds no lone surrogate: they
 * become U+FFFD (README, Limits). Values, nested keys included, keep theirs.
 */
function withWellFormedKeys(object) {
  const out = {};
  for (const [key, value] of Object.entries(object)) out[key.toWellFormed()] = value;
  return out;
}

function expectedData(parsed) {
  // What the session shows: values; an incoming flash only through get().
  const data = {};
  for (const [key, value] of Object.entries(withWellFormedKeys(parsed))) if (!/^__flash_.*__$/.test(key)) data[key] = value;
  return data;
}

describe('the core against JSON.parse, on records as stored text', () => {
  it('agrees on 6,000 random and mutated texts', async () => {
    const random = mulberry32(20261130);
    let record = null;
    const kv = {
      get: async () => null,
      getWithMetadata: async () => ({ value: record, metadata: null }),
      put: async () => {},
      delete: async () => {},
    };
    const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: [secret] }, kv });
    const counts = { accepted: 0, refusedInvalid: 0, refusedByLimit: 0 };
    for (let i = 0; i < 6000; i++) {
      let text = `{${i % 3 === 0 ? ' ' : ''}"k":${randomValue(random, 1)},"n":${i}}`;
      if (random() < 0.3) text = randomValue(random, 0);
      if (random() < 0.4) text = mutate(random, text);
      // KV hands back text decoded from UTF-8: a mutation that split a
      // surrogate pair comes back as U+FFFD.
      text = text.toWellFormed();
      record = text;
      let parsed;
      let valid = true;
      try {
        parsed = JSON.parse(text);
      } catch {
        valid = false;
      }
      const session = await storage.getSession(header);
      const accepted = session.id === id;
      if (accepted) {
        assert.ok(valid, `the core accepted what JSON.parse refuses: ${JSON.stringify(text)}`);
        assert.deepEqual(session.data, expectedData(parsed), JSON.stringify(text));
        counts.accepted++;
      } else if (!valid) {
        counts.refusedInvalid++;
      } else {
        const reason = documentedRefusal(text, parsed);
        assert.ok(reason, `the core refused valid JSON for no documented reason: ${JSON.stringify(text)}`);
        counts.refusedByLimit++;
      }
      session.dispose();
    }
    // The generator must exercise every outcome, or the test proves little.
    assert.ok(counts.accepted > 1000 && counts.refusedInvalid > 1000 && counts.refusedByLimit > 50, JSON.stringify(counts));
  });
});
