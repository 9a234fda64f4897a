// Shared parts of the framework differentials (differential-*.test.js): the values an app stores, a browser's jar
// that honours Max-Age/Expires at the mocked clock, Set-Cookie attributes, and the comparison of two answers.
import { isDeepStrictEqual, inspect } from 'node:util';
import { parseSetCookie } from '../helpers/cookie-jar.js';

export { parseSetCookie };

const DAY = new Date(Date.UTC(2030, 4, 6, 7, 8, 9, 123));

/** Values an app sets (never null/undefined/NaN: README Choices cover those against React Router). */
export const VALUES = [
  'plain',
  '',
  'héllo ✓ 日本 🍪',
  'cut 😀'.slice(0, -1), // a lone surrogate
  '<script>"\'\\',
  0,
  -0,
  1,
  -1.5,
  1e21,
  5e-324,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  0.1 + 0.2,
  true,
  false,
  [],
  {},
  [1, [2, [3]]],
  [null, 'x', { y: [] }],
  { a: { b: null, c: [true] } },
  DAY,
  { when: DAY, list: [DAY] },
  { skipped: undefined, kept: 1 },
  [undefined, () => 1],
  { toJSON: () => 'custom' },
  JSON.parse('{"__proto__":{"x":1},"constructor":2}'),
  { 'ключ': 'значение', '': 'empty key' },
  { nested: { deeper: { deepest: { leaf: 'ü' } } } },
];

/** JSON's round trip: what either side gives back once the value has been through a cookie or a record. */
export function viaJson(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** When a browser drops the cookie set by `attributes` (ms), null for a browser-session cookie. */
export function droppedAt(attributes, now = Date.now()) {
  if (attributes['max-age'] !== undefined) return now + Number(attributes['max-age']) * 1000;
  if (attributes.expires !== undefined) return Date.parse(attributes.expires);
  return null;
}

/** A browser's one cookie: what it holds, dropped at its Max-Age/Expires (by the mocked clock). */
export class Jar {
  value = null; // the raw value sent back, null when none
  until = null;
  /** Takes a Set-Cookie header. */
  take(header) {
    const { value, attributes } = parseSetCookie(header);
    const until = droppedAt(attributes);
    if (until !== null && until <= Date.now()) {
      this.value = null;
    } else {
      this.value = value;
      this.until = until;
    }
  }
  /** The cookie's value now, null once dropped. */
  current() {
    if (this.value !== null && this.until !== null && this.until <= Date.now()) this.value = null;
    return this.value;
  }
}

/** Throws a readable mismatch unless `ours` and `theirs` are the same value (undefined and null told apart). */
export function same(what, ours, theirs) {
  if (!isDeepStrictEqual(ours, theirs)) {
    throw new Error(`${what}: edge-session ${inspect(ours, { depth: 6 })} vs framework ${inspect(theirs, { depth: 6 })}`);
  }
}

/** The outcome of `fn` as data: its value, or that it threw (and the error's name, not compared). */
export async function outcome(fn) {
  try {
    return { value: await fn() };
  } catch (error) {
    return { threw: true, error };
  }
}

export function describeValue(value) {
  return inspect(value, { depth: 4, breakLength: Infinity });
}

/** The steps both differentials share: the browser drops the request under way; the clock moves (mock.timers). */
export function clientSteps(dropRequest, mock) {
  return {
    async drop() {
      dropRequest();
    },
    async advance(step) {
      mock.timers.tick(step.ms);
    },
  };
}

/** Runs `steps` through `apply` (one function per step's `op`): { ok: true }, or the first step that threw. */
export async function applySteps(apply, steps) {
  for (let i = 0; i < steps.length; i++) {
    try {
      await apply[steps[i].op](steps[i]);
    } catch (error) {
      return { ok: false, step: i, error: `step ${i} ${error.message}` };
    }
  }
  return { ok: true };
}
