// Each entry's types list the values that entry exports at run time, no more and no fewer (issue 13, "Types per
// entry"; README "API"): the Node entry in Node, the workerd entry inside workerd (it imports the .wasm as a module,
// which Node cannot), and the framework entries. A name typed but not exported type-checks and fails at link time;
// one exported but not typed is unusable from TypeScript.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startWorker } from '../helpers/start-worker.js';

const JS = new URL('../../js/', import.meta.url);

/** The values (functions, constants, classes; not types) a .d.ts of js/ exports, `export *` and re-exports followed. */
function typedValues(file) {
  const text = readFileSync(new URL(file, JS), 'utf8');
  const names = new Set();
  for (const [, name] of text.matchAll(/^export (?:declare )?(?:function|const|class) (\w+)/gm)) names.add(name);
  for (const [, from] of text.matchAll(/^export \* from '\.\/([\w.-]+)\.js';/gm)) {
    for (const name of typedValues(`${from}.d.ts`)) names.add(name);
  }
  for (const [, list] of text.matchAll(/^export \{([^}]+)\} from '\.\/[\w.-]+\.js';/gm)) {
    for (const name of list.split(',').map((part) => part.trim())) if (name && !name.startsWith('type ')) names.add(name);
  }
  return [...names].sort();
}

const exported = async (file) => Object.keys(await import(new URL(file, JS))).sort();

it('the Node entry exports what index.node.d.ts types', async () => {
  assert.deepEqual(await exported('index.node.js'), typedValues('index.node.d.ts'));
});

it('the framework entries export what their types type', async () => {
  for (const entry of ['hono', 'react-router', 'remix']) {
    assert.deepEqual(await exported(`${entry}.js`), typedValues(`${entry}.d.ts`), entry);
  }
});

it('the default types (no runtime condition) are both runtimes\' together', () => {
  const both = new Set([...typedValues('index.node.d.ts'), ...typedValues('index.workerd.d.ts')]);
  assert.deepEqual(typedValues('index.default.d.ts'), [...both].sort());
});

describe('the workerd entry, inside workerd', () => {
  let worker;
  before(async () => {
    worker = await startWorker({ config: fileURLToPath(new URL('./entry-exports-worker/wrangler.toml', import.meta.url)), logLevel: 'none' });
  }, { timeout: 60_000 });
  after(() => worker?.dispose());

  it('exports what index.workerd.d.ts types', async () => {
    const names = await (await fetch(worker.url)).json();
    assert.deepEqual(names, typedValues('index.workerd.d.ts'));
  });
});
