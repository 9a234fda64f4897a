// A module body run in a fresh node with --expose-gc, for tests of what stays in memory: `heap()` (awaited) is the
// heap in use after a turn of the event loop and two full GCs; the body prints JSON, which this returns parsed.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));

export async function inFreshNode(body) {
  const source = `
    // After a turn of the event loop: a WeakRef made in this job holds its target until the job ends.
    const heap = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      globalThis.gc();
      globalThis.gc();
      return process.memoryUsage().heapUsed;
    };
    ${body}
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '--eval', source], { cwd: root });
  return JSON.parse(stdout);
}
