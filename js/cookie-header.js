// The part of a request's Cookie header a storage reads. The core takes at most MAX_COOKIE_HEADER_LENGTH (what
// goes into WebAssembly memory is bounded), but a browser sends every cookie of the host, those of other apps on
// it (another port, a sibling path) too: up to 180 of 4096 bytes in Chromium, and Cloudflare passes 128 KB of
// headers. A longer header is cut here to the pairs of the cookies asked for, so the session is read whatever
// else crowds it.
import { MAX_COOKIE_HEADER_LENGTH } from './internal.js';

/** The longest Cookie header looked through at all (a browser's most, with room): past it, no cookie is read. */
export const MAX_SCANNED_COOKIE_HEADER_LENGTH = 1024 * 1024;

/**
 * `header` as a storage reads it for the cookies `names` (each with its chunks, `name.1` ...): one within
 * MAX_COOKIE_HEADER_LENGTH as it is; a longer one (up to MAX_SCANNED_COOKIE_HEADER_LENGTH) as those cookies'
 * pairs alone, in the header's order (the first of a name still comes first), or '' when even they are longer; ''
 * for anything else. Regression (browser pass): a header past 64 KiB was dropped whole, so 17 cookies of another
 * app on the host signed the user out, and every form then got a 403 that no reload could mend.
 * @param {unknown} header
 * @param {Array<string | undefined>} names
 * @returns {string}
 */
export function cookieHeaderFor(header, names) {
  if (typeof header !== 'string') return '';
  if (header.length <= MAX_COOKIE_HEADER_LENGTH) return header;
  if (header.length > MAX_SCANNED_COOKIE_HEADER_LENGTH) return '';
  const wanted = names.filter((name) => typeof name === 'string' && name !== '');
  const kept = [];
  let keptLength = 0;
  for (let start = 0; start < header.length; ) {
    const semicolon = header.indexOf(';', start);
    const end = semicolon < 0 ? header.length : semicolon;
    const pair = pairOf(header, start, end, wanted);
    if (pair !== undefined) {
      keptLength += pair.length + 2;
      if (keptLength > MAX_COOKIE_HEADER_LENGTH + 2) return '';
      kept.push(pair);
    }
    start = end + 1;
  }
  return kept.join('; ');
}

/** The pair in `header` from `start` to `end`, trimmed, when its name is one of `names` or a chunk of one. */
function pairOf(header, start, end, names) {
  while (start < end && isSpace(header.charCodeAt(start))) start++;
  const equals = header.indexOf('=', start);
  if (equals < 0 || equals >= end) return undefined;
  const name = header.slice(start, equals).trim();
  if (!names.some((wanted) => name === wanted || (name.startsWith(wanted) && name.charCodeAt(wanted.length) === 46 /* . */))) return undefined;
  return header.slice(start, end).trim();
}

function isSpace(code) {
  return code === 32 || code === 9;
}
