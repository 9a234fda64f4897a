// Reads and validates the example's form posts. Returns plain values; never throws on bad input.
export const SEVERITIES = ['info', 'success', 'warning', 'error'];
// Two, so that "Hi" is a message: only what cannot be one (empty, a single character) is refused.
export const MIN_MESSAGE_LENGTH = 2;
// Limits in characters as people count them, and in the UTF-16 units the form's maxlength counts (an emoji is two
// or more): both hold, so what the page can send is what the server takes, and the session's cookies always have
// room for it. Regression: 280 characters of 16 units each (a letter and 15 combining marks), which a script can
// post, passed and overflowed the cookie session: a 500.
export const MAX_MESSAGE_LENGTH = 280;
export const MAX_NAME_LENGTH = 40;
const TOO_LONG_MESSAGE = `Messages are limited to ${MAX_MESSAGE_LENGTH} characters (an emoji counts as two or more).`;
// What the notes may take of the Cookie header (their JSON, as UTF-8, in base64, percent-encoded as a cookie value
// is), so that with a signed-in user, a flash and a kept form the session stays within the 16 KB Cookie budget of
// its 5 chunks whatever the text: about 9,000 ASCII characters, fewer with accents or emoji. Counting characters
// would not do: an emoji is 4 bytes, a newline 4 once escaped ("\r\n"), and base64's '+' and '/' 3 once encoded.
// The rest is left ~4.2 KB: a name of 40 and a message of 280 characters whose UTF-8 lines up as '+' and '/' (such
// as "ﾃ", U+FF83) cost up to 10 bytes each. Regression (review): with 3.5 KB left, such a message answered 500.
export const MAX_NOTES_COOKIE_SHARE = 12_100;
/** The most characters the form sends (the server keeps what fits MAX_NOTES_COOKIE_SHARE). */
export const MAX_NOTES_LENGTH = 10_000;
/**
 * The most UTF-16 units the server takes of the notes: the form's maxlength counts a line break as one, but it is
 * posted as two (CRLF), so a full box can send up to twice MAX_NOTES_LENGTH.
 */
export const MAX_NOTES_POSTED = 2 * MAX_NOTES_LENGTH;

const encoder = new TextEncoder();

let graphemes; // made on first use: nothing runs at import time in a Worker

/** characterCount(text), or more than `limit` without segmenting text far longer than `limit` characters can be. */
export function characterCountUpTo(text, limit) {
  return text.length > 16 * (limit + 1) ? limit + 1 : characterCount(text);
}

/**
 * Characters as people count them (grapheme clusters): 👍, 👍🏽, 🇫🇷 and ❤️ are one each, where String#length says
 * two to four and code points two. Regression (review): counting code points let one flag pass as two characters.
 */
export function characterCount(text) {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  if (text.length < 2) return text.length;
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

/**
 * The notes' share of the Cookie header, at the worst of the three ways they can line up with base64's 3-byte groups
 * (where they start in the session's JSON depends on the keys before them: a visit count's digits, a name): one
 * alignment can make many more `+` and `/`, which a signed cookie percent-encodes into 3 characters each. The
 * bytes put before them to shift them count too (a character or two: errs on the safe side). Regression (audit):
 * measured at one alignment, 5,000 "㯾" passed at 3,198 and took twice that in the cookie: a 500.
 */
export function cookieShareOf(notes) {
  const bytes = encoder.encode(JSON.stringify(notes));
  return Math.max(encodedLength(bytes, 0), encodedLength(bytes, 1), encodedLength(bytes, 2));
}

/**
 * `encodeURIComponent(btoa(lead + bytes)).length` for `lead` spaces before `bytes`, counted rather than built: base64
 * is 4 characters per 3 bytes (padded), and its `+`, `/` and `=` take 3 each once percent-encoded. Regression
 * (pentest pass): built as strings, a byte at a time, 15 times over in notesWithinLimit's search, 20,000 "㯾" took
 * ~40 ms of CPU, four times a Workers Free plan request's 10 ms.
 */
function encodedLength(bytes, lead) {
  let data = bytes;
  if (lead > 0) {
    data = new Uint8Array(lead + bytes.length).fill(0x20, 0, lead);
    data.set(bytes, lead);
  }
  const total = data.length;
  const whole = total - (total % 3);
  let escaped = (3 - (total % 3)) % 3; // the '=' padding
  for (let i = 0; i < whole; i += 3) {
    const group = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    escaped += ((group >> 18) >= 62) + (((group >> 12) & 63) >= 62) + (((group >> 6) & 63) >= 62) + ((group & 63) >= 62); // '+' 62, '/' 63
  }
  if (whole < total) {
    // A short last group: its 2 or 3 characters, the last of them padded with zero bits (at most 48 or 60).
    const group = (data[whole] << 16) | (whole + 1 < total ? data[whole + 1] << 8 : 0);
    escaped += ((group >> 18) >= 62) + (((group >> 12) & 63) >= 62);
  }
  return 4 * Math.ceil(total / 3) + 2 * escaped;
}

/** The longest start of `notes` whose share of the Cookie header is at most MAX_NOTES_COOKIE_SHARE. */
export function notesWithinLimit(notes) {
  const fits = (length) => cookieShareOf(notes.slice(0, length)) <= MAX_NOTES_COOKIE_SHARE;
  if (fits(notes.length)) return notes;
  let [low, high] = [0, notes.length]; // fits(low), not fits(high)
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (fits(middle)) low = middle;
    else high = middle;
  }
  return firstCodeUnits(notes, low);
}

/** At most the first `length` UTF-16 units of `text` (as the form's maxlength counts), never half a surrogate pair. */
export function firstCodeUnits(text, length) {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code < 0xdc00 ? length - 1 : length);
}

/** The posted fields as strings; a body that is not a form reads as no fields at all. */
export async function readFormFields(request) {
  try {
    const form = await request.formData();
    return (name) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
  } catch {
    return () => '';
  }
}

/**
 * A posted `message`/`severity` checked: `{ notice }` to flash when both are fine, else `{ errors }` saying what is
 * wrong with each field (by field name) and `{ fields }`, what the user typed, bounded, to show back in the form.
 */
export function checkNotice(field) {
  const typed = field('message');
  const message = typed.trim();
  // A post without the field (a script's, not the page's form) is plain information.
  const severity = field('severity') || 'info';
  const errors = {};
  // Regression: a lone emoji (two UTF-16 units) passed the minimum. Bounded (review): a posted field can be
  // megabytes, and no grapheme is longer than 16 units here, so past that the message is too long anyway.
  const length = characterCountUpTo(message, MAX_MESSAGE_LENGTH);
  if (length === 0) errors.message = 'Please type a message before sending it.';
  else if (length < MIN_MESSAGE_LENGTH) errors.message = `Please type at least ${MIN_MESSAGE_LENGTH} characters.`;
  else if (length > MAX_MESSAGE_LENGTH || message.length > MAX_MESSAGE_LENGTH) errors.message = TOO_LONG_MESSAGE;
  if (!SEVERITIES.includes(severity)) errors.severity = `Severity must be one of ${SEVERITIES.join(', ')}.`;
  if (Object.keys(errors).length === 0) return { notice: { severity, message } };
  // Kept in the session cookie until the next page: bounded, and only what the form shows back.
  return { errors, fields: { message: typed.slice(0, MAX_MESSAGE_LENGTH), severity: SEVERITIES.includes(severity) ? severity : '' } };
}

/** The trimmed login name, or null when it is empty or too long. */
export function loginNameFromFields(field) {
  const name = field('name').trim();
  const length = characterCountUpTo(name, MAX_NAME_LENGTH);
  return length > 0 && length <= MAX_NAME_LENGTH && name.length <= MAX_NAME_LENGTH ? name : null;
}
