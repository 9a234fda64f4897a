// Each error class's codes are stated three times: README "Errors" (the table), js/index.d.ts (each class's `code`
// type) and the run time (js/errors.js, the core's codes and the JS layer's). They must agree. Regression (API pass):
// the types gave every class the whole EdgeSessionErrorCode union, so TypeScript accepted checks of codes a class
// never has and could not narrow a class's code.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
