// A form body read once, for the CSRF check (js/csrf.js): bounded, scanned for one field in place, and parsed
// whole only when the handler asks for its FormData. In workerd every body read, TextDecoder call and runtime
// object (URLSearchParams, FormData) crosses into the runtime, so the check touches the bytes in JavaScript and
// leaves the rest of the work to the handler's own formData() call, as it would be without the check (issue 14).

/** `chunks` (of `size` bytes in all) as one array. */
function joined(chunks, size) {
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * The request's body, read to at most `limit` bytes: `{ bytes }`, the whole body, when it fits; else
 * `{ prefix, chunks, rest }`, its first bytes (the limit and at most one chunk more), the chunks they came in,
 * and the reader of the unread rest (null when none), for a caller that can answer from the prefix and pass the
 * body on whole (js/form-prefix.js). A Content-Length within the limit is read at once (HTTP servers, workerd's
 * and Node's, deliver exactly that many bytes); any other body chunk by chunk, stopping past the limit.
 * @param {Request} request
 * @param {number} limit
 * @returns {Promise<{ bytes: Uint8Array } | { prefix: Uint8Array, chunks: Uint8Array[], rest: ReadableStreamDefaultReader | null }>}
 */
export async function readBody(request, limit) {
  const length = request.headers.get('Content-Length');
  if (length !== null && /^\d+$/.test(length) && Number(length) <= limit) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    return bytes.length <= limit ? { bytes } : { prefix: bytes, chunks: [bytes], rest: null };
  }
  const stream = request.body;
  if (stream === null) return { bytes: new Uint8Array(0) };
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: joined(chunks, size) };
    // What the platform's own reads refuse: a chunk that is no bytes (a stream rebuilt by code) has no byteLength,
    // so the size never passed the limit. Regression (hostile bodies): an endless stream of strings was read on
    // microtasks without end, the event loop held and memory growing.
    if (!(value instanceof Uint8Array)) {
      reader.cancel().catch(() => {});
      throw new TypeError('a request body chunk is not a Uint8Array');
    }
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) return { prefix: joined(chunks, size), chunks, rest: reader };
  }
}

/** How much more of a refused body is read and dropped before the rest is cancelled (discardBody). */
const DISCARDED_BYTES = 64 * 1024;
/** How long discardBody reads in all before it cancels the rest (nginx's lingering_time is 30 s, its timeout 5 s). */
const DISCARD_MS = 2000;

/**
 * Drops up to 64 KiB more of a body being refused, then cancels the rest; `reader` null: nothing is left. A
 * server that answers and closes with a body still arriving resets the connection (workerd on its own socket,
 * wrangler dev's proxy, Node under a web stream), and a browser then shows that instead of the answer: so a form
 * a little over the limit is read to its end first (as nginx's lingering close does), and an endless one costs
 * at most 64 KiB more, and one that stalls or trickles at most 2 s. workerd forbids reading a request's body once its
 * response is sent: await this before.
 * @param {ReadableStreamDefaultReader | null} reader
 */
export async function discardBody(reader) {
  if (reader === null) return;
  // A client that stops sending (or trickles) gets the answer all the same, DISCARD_MS in all. Regression (hostile
  // bodies): a body past the limit that stalled held its 413 (or 403) until the platform's own timeout (Node's
  // requestTimeout, 5 minutes).
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, DISCARD_MS, null);
  });
  try {
    for (let left = DISCARDED_BYTES; left > 0; ) {
      const read = await Promise.race([reader.read(), late]);
      if (read === null) break;
      if (read.done) return;
      left -= read.value?.byteLength ?? left;
    }
  } catch {
    return; // a broken upload: nothing more arrives
  } finally {
    clearTimeout(timer);
  }
  reader.cancel().catch(() => {});
}

/** The platform's own parse of `bytes` as a form of `contentType` (multipart, or urlencoded it must decode). */
export function parseForm(bytes, contentType) {
  return new Response(bytes, { headers: { 'Content-Type': contentType } }).formData();
}

const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const PERCENT = 0x25;
const PLUS = 0x2b;

/** ASCII bytes to a string (TextDecoder: ~0.1 µs for a token in workerd, where String.fromCharCode.apply took ~4). */
const ascii = new TextDecoder();

/** One name or value of a plain urlencoded body: "+" is a space, then %-escapes; URIError when they are no UTF-8. */
function decodeField(raw) {
  if (raw.indexOf('+') === -1 && raw.indexOf('%') === -1) return raw;
  return decodeURIComponent(raw.replaceAll('+', ' '));
}

/**
 * One name or value of a urlencoded body, bytes `from` to `to`, decoded as WHATWG URL 5.1 does ("+" a space,
 * then %-escapes as UTF-8); undefined when only the platform's parser can say: a raw non-ASCII byte (decoded
 * before or after the escapes, depending on the runtime), or an escape that is malformed or no UTF-8 (workerd's
 * formData() turns "%zz" into "zz", URLSearchParams and Node keep it; both turn bad UTF-8 into U+FFFD, which
 * decodeURIComponent refuses).
 */
function decodedPart(bytes, from, to) {
  let plain = true;
  for (let i = from; i < to; i++) {
    const byte = bytes[i];
    if (byte >= 0x80) return undefined;
    if (byte === PERCENT || byte === PLUS) plain = false;
  }
  const text = ascii.decode(bytes.subarray(from, to));
  if (plain) return text;
  try {
    return decodeField(text);
  } catch {
    return undefined;
  }
}

/**
 * The value of the first field called `name` in a urlencoded body, exactly as the handler's
 * `formData().get(name)` would give it: null when there is none, undefined when only the platform's parser can
 * say (decodedPart). Read from the bytes in place, piece by piece up to the field (WHATWG URL 5.1: split on "&",
 * the name up to the first "="): a browser's own form needs no decoding, so no copy of the body is made.
 * @param {Uint8Array} bytes
 * @param {string} name ASCII, with no "&", "=", "%" or "+"
 * @returns {string | null | undefined}
 */
export function urlencodedField(bytes, name) {
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(AMPERSAND, start);
    if (end === -1) end = bytes.length;
    let equals = start; // the name ends at the piece's first "=", found within the piece: linear in the body
    let matches = true;
    let plain = true;
    for (; equals < end; equals++) {
      const byte = bytes[equals];
      if (byte === EQUALS) break;
      if (byte === PERCENT || byte === PLUS || byte >= 0x80) plain = false;
      else if (byte !== name.charCodeAt(equals - start)) matches = false;
    }
    matches &&= equals - start === name.length;
    if (!plain) {
      // A name that is not `name` byte for byte may still decode to it ("%5Fcsrf"): only a plain one cannot.
      const decoded = decodedPart(bytes, start, equals);
      if (decoded === undefined) return undefined;
      matches = decoded === name;
    }
    if (matches) return equals === end ? '' : decodedPart(bytes, equals + 1, end);
    start = end + 1;
  }
  return null;
}

// A plain urlencoded body: ASCII only (what browsers send: they percent-encode the rest) and every "%" starting an
// escape. plainForm reads it exactly as the platform's formData() does; anything else goes to the platform's own
// parser (decodedPart says why).
const NOT_PLAIN_URLENCODED = /[^\x00-\x7f]|%(?![0-9A-Fa-f]{2})/;

/** The body as text: any non-ASCII byte, a BOM included, is kept and so sends the body to the platform's parser. */
const utf8KeepingBom = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The FormData of a plain urlencoded body, in JavaScript, or null when the body is not plain or an escape is no
 * UTF-8. In workerd URLSearchParams is a runtime object whose parse and iteration cross into it (~6 µs for two
 * fields against ~1 µs here).
 */
function plainForm(text) {
  if (NOT_PLAIN_URLENCODED.test(text)) return null;
  const form = new FormData();
  try {
    for (const piece of text.split('&')) {
      if (piece === '') continue;
      const at = piece.indexOf('=');
      form.append(decodeField(at === -1 ? piece : piece.slice(0, at)), at === -1 ? '' : decodeField(piece.slice(at + 1)));
    }
  } catch {
    return null;
  }
  return form;
}

/**
 * The body as the FormData `formData()` gives for it: a plain urlencoded body parsed here, anything else by the
 * platform.
 * @param {Uint8Array} bytes
 * @param {string} contentType the request's Content-Type
 * @param {boolean} urlencoded whether it names application/x-www-form-urlencoded
 * @returns {FormData | Promise<FormData>}
 */
export function formOf(bytes, contentType, urlencoded) {
  return (urlencoded && plainForm(utf8KeepingBom.decode(bytes))) || parseForm(bytes, contentType);
}
