// Issue 10.4's bound for the widest sessions: 512 KiB of JSON made of ~63,000 tiny keys (another program's text in
// KV, or an app that lets visitors choose keys). Each key costs the core bookkeeping beside its JSON. Regressions
// (audit): one request of such a record took WebAssembly memory from 1 to 9.6 MiB, past the README's 8 MiB, and four
// at once to 23.4 MiB: the first set() of a new key reallocated the session's whole list of keys at twice its size,
// and the key index was four times their number. Regressions (review): the same record with one member the
// one-pass scanner leaves to nlohmann (then a 19-digit integer, 1e308, an escaped key) took one request to 9.3 MiB and
// four to 13.4-14.6 (the reader's lists grew by doubling and were kept, its nlohmann values besides), and an app's
// createSession(data) of 57,000 keys, committed and read back, 9.2 MiB (the input buffer doubled to 3 MB for a
// record a little longer than the data). Each shape in a process of its own (tests/helpers/wide-memory.js): WASM
// memory never shrinks.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MiB = 1024 * 1024;
const helper = fileURLToPath(new URL('../helpers/wide-memory.js', import.meta.url));

/** { before, one, four } in bytes: one request of the shape, then four of its sessions live at once. */
function measured(shape) {
  return JSON.parse(execFileSync(process.execPath, [helper, shape], { encoding: 'utf8' }));
}

const shapes = {
  tiny: 'the widest record (510 KiB of tiny keys)',
  full: 'the same at the 512 KiB limit',
  // Numbers the scanner leaves to nlohmann (until 2836d3b, a 19-digit integer and 1e308 were such numbers too).
  longExponent: 'that record with one number of a five-digit exponent (nlohmann reads it)',
  oddlyWrittenFloat: 'that record with one 0.01e310 (1e308, written so the scanner cannot bound it)',
  escapedKey: 'that record with one escaped key',
  roundTrip: 'createSession(data) of 57,000 keys committed to the memory storage, then read back',
};

for (const [shape, what] of Object.entries(shapes)) {
  it(`${what}: one request stays under 8 MiB, and four at once under 13 MiB (about 2 MiB a session)`, () => {
    const { before, one, four } = measured(shape);
    const mib = (bytes) => (bytes / MiB).toFixed(1);
    console.log(`# ${shape}: ${mib(before)} MiB -> one request ${mib(one)} MiB, four at once ${mib(four)} MiB`);
    assert.ok(one < 8 * MiB, `one request: ${mib(one)} MiB`);
    assert.ok(four < 13 * MiB, `four sessions live: ${mib(four)} MiB`);
  });
}

// Regression (the session's index merging repeated keys, issue 10.3): a session read reserves room, index included,
// for every member the record holds, so a record of 5 keys written over and over to 512 KiB (another program's text)
// kept ~3 MiB per session: four at once took 11.2 MiB, against 1.7 before the change. The room its repeats left
// unused is given back: its sessions hold what 5 keys need.
it('a record of 5 keys repeated to 512 KiB: four of its sessions at once take no more than one', () => {
  const { before, one, four } = measured('repeatedKeys');
  const mib = (bytes) => (bytes / MiB).toFixed(1);
  console.log(`# repeatedKeys: ${mib(before)} MiB -> one request ${mib(one)} MiB, four at once ${mib(four)} MiB`);
  assert.ok(one < 8 * MiB, `one request: ${mib(one)} MiB`);
  assert.ok(four - one < MiB, `four sessions live: ${mib(four)} MiB, one ${mib(one)} MiB`);
});
