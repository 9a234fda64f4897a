// README (Errors) names six classes, and apps and logs read those names (`error.name`, `String(error)`, the stack's
// first word). A bundler that minifies without keep_names (wrangler's `minify = true`, `keep_names = false`) renames
// the classes, so errors.js gives each its name as text (tests/workerd/build-names.test.js has two of them in
// workerd). Here each of the six, bundled by esbuild so minified. Mutation pass (s48): SessionStorageError's name
// (that of every failed storage's log line) dropped from that list went unnoticed; it read as esbuild's short name.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const errors = fileURLToPath(new URL('../../js/errors.js', import.meta.url));
const NAMES = ['EdgeSessionError', 'CookieOptionError', 'CookieTooLargeError', 'SessionDestroyedError', 'SessionDataError', 'SessionStorageError'];

it('each error class keeps its name in error.name, String(error) and the stack, minified without keep_names', async () => {
  const { outputFiles } = await build({
    stdin: { contents: `export { ${NAMES.join(', ')} } from ${JSON.stringify(errors)};`, resolveDir: process.cwd() },
    bundle: true,
    format: 'esm',
    minify: true,
    keepNames: false,
    write: false,
    logLevel: 'silent',
  });
  const minified = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
  for (const [name, ErrorClass] of Object.entries(minified)) { // export names survive minifying; class names do not
    const error = new ErrorClass('CODE', 'm');
    assert.equal(error.name, name);
    assert.equal(ErrorClass.name, name);
    assert.equal(String(error), `${name}: m`);
    assert.ok(error.stack.startsWith(`${name}: m`), error.stack.split('\n')[0]);
  }
  assert.deepEqual(Object.keys(minified).sort(), [...NAMES].sort());
});
