// A streamed form body that never ends, for the tests of how far a refused form is read (README, CSRF: 64 KiB past
// what the check read, then cancelled).

/** How far past the check a refused form is read. */
export const DISCARDED = 64 * 1024;

/**
 * A form body pulled only when read: `first` (past the bound), 64 KiB less a byte of "y", then "y" a byte at a time
 * without end. `pulled` counts the bytes handed out, `cancelled` tells whether the reader cancelled it.
 */
export function endlessForm(first) {
  const source = { pulled: 0, cancelled: false };
  const encoder = new TextEncoder();
  source.stream = new ReadableStream(
    {
      pull(controller) {
        const chunk = encoder.encode(source.pulled === 0 ? first : source.pulled === first.length ? 'y'.repeat(DISCARDED - 1) : 'y');
        source.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        source.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return source;
}
