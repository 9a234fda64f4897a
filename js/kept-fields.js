// Which of a submitted form's fields keepForm keeps, within a budget of bytes. The budget is one for every storage,
// but it is sized for the cookie storage, where the kept form rides beside the rest of the session in 4 KB: a
// field's cost is its JSON in UTF-8, and more when base64 makes `+` or `/` of it, which a signed cookie
// percent-encodes into 3 characters each. The names never kept: js/secret-field-names.js.

import { setOwn } from './internal.js';
import { neverKept } from './secret-field-names.js';

const utf8 = new TextEncoder();

/**
 * How many of base64's characters for `bytes` can be `+` or `/`, the most over the three ways the bytes can line up
 * with base64's 3-byte groups: only characters made of these bytes alone count. Those shared with a neighbour are
 * never `+` or `/` where keptFields' fields meet: a field ends with `,` and the next begins with `"` (and the
 * object's own `{`, `}` and `,` around them do the same), whose bits there hold no run of five 1s.
 */
function worstPlusSlash(bytes) {
  const bits = bytes.length * 8;
  let worst = 0;
  for (let lead = 0; lead < 3; lead++) {
    let count = 0;
    // The first character made of these bytes alone starts at the first multiple of 6 bits at or past their start.
    for (let from = (6 - ((lead * 8) % 6)) % 6; from + 6 <= bits; from += 6) {
      const index = from >> 3;
      const pair = (bytes[index] << 8) | (bytes[index + 1] ?? 0);
      if (((pair >> (10 - (from & 7))) & 63) >= 62) count++;
    }
    worst = Math.max(worst, count);
  }
  return worst;
}

/**
 * What one kept field costs the budget: the bytes of `"name":value,` in UTF-8, plus, for each base64 `+` or `/`
 * they can make, the 2 characters its percent-encoding adds, counted as the 1.5 bytes plain base64 carries in 2
 * characters. So text with none costs its JSON, and no text more than 3 times it.
 */
function fieldCost(name, value) {
  const bytes = utf8.encode(`${JSON.stringify(name)}:${JSON.stringify(value)},`);
  return bytes.length + Math.ceil(1.5 * worstPlusSlash(bytes));
}

/** The form's string values by field name, in the order their names first appear; files and refused names left out. */
function stringFields(form, { only, omit }) {
  const byName = new Map();
  const entries = typeof form?.entries === 'function' ? form.entries() : Object.entries(form ?? {});
  for (const [name, entry] of entries) {
    if ((only !== undefined && !only.includes(name)) || omit.includes(name) || neverKept(name)) continue;
    // A plain object gives a repeated name as an array (Hono's parseBody({ all: true })). Regression: such an
    // array was dropped whole. Files are not kept (they cannot ride in a cookie).
    for (const value of Array.isArray(entry) ? entry : [entry]) {
      if (typeof value !== 'string') continue;
      if (byName.has(name)) byName.get(name).push(value);
      else byName.set(name, [value]);
    }
  }
  return byName;
}

/**
 * The form's string fields to keep, in its order, within `maxBytes`: a field that would pass it is left out whole,
 * all its values (cut short, or with some of its values, it would come back wrong without a word), and the fields
 * after it still have their turn. Regressions (review of the keepForm budget): the budget was per value, so a
 * repeated field came back with only the values that fitted; and it counted JSON bytes only, so about 660
 * halfwidth katakana (whose base64 is full of `+` and `/`) made a cookie too large within the default budget.
 * @returns {Record<string, string | string[]>}
 */
export function keptFields(form, { only, omit = [], maxBytes }) {
  const fields = {};
  // The object's JSON is its fields' `"name":value,` and one byte more: the braces, less the last comma.
  // Regression (audit): the budget counted the fields only, and the kept JSON took maxBytes + 1.
  let room = maxBytes - 1;
  for (const [name, values] of stringFields(form, { only, omit })) {
    // A JSON text is at least as long as its string, and UTF-8 at least one byte a UTF-16 unit: a field
    // longer than the room is left out before anything is made of it.
    let length = name.length;
    for (const value of values) length += value.length;
    if (length > room) continue;
    const value = values.length === 1 ? values[0] : values;
    const cost = fieldCost(name, value);
    if (cost > room) continue;
    room -= cost;
    setOwn(fields, name, value);
  }
  return fields;
}
