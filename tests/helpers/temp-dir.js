// Scratch directories the test process removes when it exits: tests that gave a file storage a directory of its own
// and never removed it had left some 17,000 behind in the machine's temp directory over repeated runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = [];
process.on('exit', () => {
  for (const dir of made) {
    try { rmSync(dir, { recursive: true, force: true }); } catch { /* a test's own leftovers never fail its run */ }
  }
});

/** A new empty directory in the temp directory, named `prefix` and six random characters; gone when the process exits. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
