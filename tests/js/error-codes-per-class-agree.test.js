// Each error class's codes are stated three times: README "Errors" (the table), js/index.d.ts (each class's `code`
// type) and the run time (js/errors.js, the core's codes and the JS layer's). They must agree. Regression (API pass):
// the types gave every class the whole EdgeSessionErrorCode union, so TypeScript accepted checks of codes a class
// never has and could not narrow a class's code.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { errorFromCode } from '../../js/errors.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const types = readFileSync(new URL('../../js/index.d.ts', import.meta.url), 'utf8');
const CLASSES = ['EdgeSessionError', 'CookieOptionError', 'CookieTooLargeError', 'SessionDestroyedError', 'SessionDataError', 'SessionStorageError'];

/** Class name -> the codes README's table gives it (a class may have several rows). */
function readmeCodes() {
  const errors = readme.slice(readme.indexOf('### Errors'), readme.indexOf('### Cookie format'));
  const codes = new Map(CLASSES.map((name) => [name, new Set()]));
  for (const [, name, cell] of errors.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)) {
    for (const [, code] of cell.matchAll(/`([A-Z_]+)`/g)) codes.get(name).add(code);
  }
  return codes;
}

/** The string literals a type alias (or a literal union written in place) of index.d.ts stands for. */
function literalsOf(typeText) {
  const found = new Set();
  for (const part of typeText.split('|').map((text) => text.trim()).filter(Boolean)) {
    const literal = /^'([A-Z_]+)'$/.exec(part);
    if (literal) {
      found.add(literal[1]);
      continue;
    }
    const alias = new RegExp(`export type ${part} =([^;]+);`).exec(types);
    assert.ok(alias, `index.d.ts: no type ${part}`);
    for (const code of literalsOf(alias[1])) found.add(code);
  }
  return found;
}

/** Class name -> the codes its `code` property's type allows. */
function typedCodes() {
  const codes = new Map();
  for (const name of CLASSES) {
    const body = new RegExp(`export class ${name} extends \\w+ \\{([^}]*)\\}`).exec(types)?.[1] ?? '';
    const own = /readonly code: ([^;]+);/.exec(body)?.[1];
    codes.set(name, own === undefined ? undefined : literalsOf(own));
  }
  return codes;
}

it('each error class has the codes README "Errors" gives it in the types', () => {
  const documented = readmeCodes();
  const typed = typedCodes();
  for (const name of CLASSES.slice(1)) {
    assert.deepEqual([...(typed.get(name) ?? ['the whole union'])].sort(), [...documented.get(name)].sort(), name);
  }
  // The base class takes any code: every class's, and those only it has.
  const all = new Set([...documented.values()].flatMap((codes) => [...codes]));
  assert.deepEqual([...typed.get('EdgeSessionError')].sort(), [...all].sort());
});

it('every core error code becomes a class README gives that code', () => {
  const documented = readmeCodes();
  for (let code = 1; ; code++) {
    const error = errorFromCode(code, 'm');
    if (error.code === 'INTERNAL') break;
    assert.ok(documented.get(error.constructor.name).has(error.code), `${error.constructor.name} ${error.code}`);
  }
});

/** Every `new <Class>('<CODE>'` of js/ (the code on the next line too), as [class, code, file]. */
function thrownInJs() {
  const dir = new URL('../../js/', import.meta.url);
  const made = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
    const text = readFileSync(new URL(file, dir), 'utf8');
    for (const [, name, code] of text.matchAll(/new (\w+Error)\(\s*'([A-Z_]+)'/g)) made.push([name, code, file]);
  }
  return made;
}

// The JS layer's codes too (README "Errors"; index.d.ts types each class's): the tests above read the core's table
// alone. Mutation pass (s48 types pass): SESSION_CHANGED made a SessionDataError in durable-object-storage.js (its
// class imported), which only workerd runs, went unnoticed by the Node suite.
it('every code the JS layer throws is one README gives the class it throws it as', () => {
  const documented = readmeCodes();
  const made = thrownInJs();
  assert.ok(made.length > 40, `only ${made.length} found: the pattern no longer matches js/`);
  for (const [name, code, file] of made) {
    assert.ok(documented.get(name)?.has(code), `js/${file}: ${name} ${code}`);
  }
  // And every documented code is made somewhere, by the core's table or the JS layer (none is typed for nothing).
  const core = new Set();
  for (let code = 1; ; code++) {
    const error = errorFromCode(code, 'm');
    core.add(`${error.constructor.name} ${error.code}`);
    if (error.code === 'INTERNAL') break;
  }
  const anywhere = new Set([...core, ...made.map(([name, code]) => `${name} ${code}`)]);
  // Codes the JS layer makes from a table of its own (js/cookie-rules.js ATTRIBUTE_CODES) are the core's too.
  for (const [name, codes] of documented) {
    for (const code of codes) assert.ok(anywhere.has(`${name} ${code}`), `README gives ${name} ${code}, which nothing throws`);
  }
});
