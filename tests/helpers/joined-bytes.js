// The bytes of a body made of parts, each a string (encoded as UTF-8) or bytes: the form bodies the CSRF tests build.
const encoder = new TextEncoder();

/** @param {(string | Uint8Array)[]} parts */
export function joinedBytes(parts) {
  const arrays = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : part));
  const bytes = new Uint8Array(arrays.reduce((sum, array) => sum + array.length, 0));
  let at = 0;
  for (const array of arrays) {
    bytes.set(array, at);
    at += array.length;
  }
  return bytes;
}
