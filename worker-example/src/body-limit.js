// The most of a body the example takes: its largest form, a full notes box (20,000 UTF-16 units posted, up to 9
// bytes each once percent-encoded) with the token and a message, fits 256 KiB. Anything larger is no post of its
// pages, and reading it (every route calls formData()) would let any visitor make the Worker hold and parse up to
// the 100 MB Cloudflare accepts, in an isolate of 128 MB. Regression (audit): a 64 MiB post was parsed whole.
export const MAX_BODY_BYTES = 256 * 1024;

/** How much more of a streamed body is read and dropped before the 413, so a client a little over hears it. */
const DRAINED_BYTES = 64 * 1024;

function tooLarge() {
  return new Response(`Payload too large: a form of this site is at most ${MAX_BODY_BYTES} bytes.\n`, {
    status: 413,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** Reads and drops up to DRAINED_BYTES more of `reader`, then cancels the rest (its client sees the connection end). */
async function drain(reader) {
  let dropped = 0;
  while (dropped <= DRAINED_BYTES) {
    const { done, value } = await reader.read();
    if (done) return;
    dropped += value.byteLength;
  }
  await reader.cancel().catch(() => {});
}

/**
 * `request` when its body is within MAX_BODY_BYTES (a declared Content-Length is taken at its word: workerd stops
 * a body at it), or one holding the body read so far when it came without a length; else the 413 to answer.
 * @param {Request} request
 * @returns {Promise<Request | Response>}
 */
export async function withinBodyLimit(request) {
  // A GET or HEAD is answered without reading its body (no route reads one), and cannot carry one re-wrapped.
  // Regression (review): a GET / with a chunked body answered 500.
  if (request.body === null || request.method === 'GET' || request.method === 'HEAD') return request;
  const length = request.headers.get('Content-Length');
  if (length !== null) return /^\d+$/.test(length) && Number(length) <= MAX_BODY_BYTES ? request : tooLarge();
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await drain(reader);
      return tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return new Request(request, { body });
}
