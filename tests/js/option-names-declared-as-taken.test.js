// Each storage factory's options, and the option objects nested in them or taken by the helpers (revocation,
// migrateFrom, csrf, keepForm's), have the same names in the .d.ts files (read with TypeScript's checker) as in the
// run time's destructuring or list of known names (read from js/): every other name is refused there (README API:
// "Any other option name is a TypeError" / CookieOptionError), so a name declared and not taken type-checks and
// fails the first request, and one taken and not declared is unusable from TypeScript. The Durable Object storage
// too, which only workerd runs. Mutation pass (s48 types pass): keyPrefix declared on createMemorySessionStorage
// (refused at run time) and an option dropped from createDurableObjectSessionStorage's destructuring went
// unnoticed; the type tests only check what the types accept, the run-time tests each name they know.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const JS = new URL('../../js/', import.meta.url);
const sourceOf = (file) => readFileSync(new URL(file, JS), 'utf8');

const program = ts.createProgram([fileURLToPath(new URL('index.default.d.ts', JS))], {
  strict: true,
  noEmit: true,
  types: [],
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
});
const checker = program.getTypeChecker();

/** The declaration of function `name` in js/`file`. */
function declaredFunction(file, name) {
  const source = program.getSourceFile(fileURLToPath(new URL(file, JS)));
  assert.ok(source, `js/${file} not in the program`);
  const found = source.statements.find((node) => ts.isFunctionDeclaration(node) && node.name?.text === name);
  assert.ok(found, `js/${file}: no function ${name}`);
  return found;
}

/** The property names of `type`'s object members (undefined, null, booleans and functions left out), sorted. */
function namesOf(type) {
  const names = new Set();
  for (const member of type.isUnion() ? type.types : [type]) {
    if (member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.BooleanLike)) continue;
    for (const property of checker.getPropertiesOfType(member)) names.add(property.name);
  }
  return [...names].sort();
}

/** The declared names of parameter `index` of `name` (js/`file`), or of its property `path` (a.b...). */
function declaredNames(file, name, index = 0, path = []) {
  const parameter = declaredFunction(file, name).parameters[index];
  let type = checker.getTypeFromTypeNode(parameter.type);
  for (const key of path) {
    const property = namesOf(type).includes(key) && checker.getPropertyOfType(type.isUnion() ? type.types.find((t) => checker.getPropertyOfType(t, key)) : type, key);
    assert.ok(property, `${name}: no option ${key}`);
    type = checker.getTypeOfSymbol(property);
  }
  return namesOf(type);
}

/** The names a destructuring `{ a, b = 1, c: d, ...unknown }` that starts at `from` in js/`file` takes, sorted. */
function destructured(file, from) {
  const text = sourceOf(file);
  const start = text.indexOf(from);
  assert.notEqual(start, -1, `js/${file}: ${from}`);
  const open = text.indexOf('{', start);
  const close = text.indexOf('...unknown', open);
  assert.ok(open !== -1 && close !== -1, `js/${file}: no destructuring after ${from}`);
  return text
    .slice(open + 1, close)
    .split(',')
    .map((part) => part.trim().split(/[\s:=]/)[0])
    .filter(Boolean)
    .sort();
}

/** The names of a list literal `[ 'a', 'b' ]` that starts at `from` in js/`file`, sorted. */
function listed(file, from) {
  const text = sourceOf(file);
  const start = text.indexOf(from);
  assert.notEqual(start, -1, `js/${file}: ${from}`);
  const list = text.slice(text.indexOf('[', start), text.indexOf(']', start) + 1);
  return [...list.matchAll(/'(\w+)'/g)].map(([, name]) => name).sort();
}

const FACTORIES = [
  ['index.d.ts', 'createCookieSessionStorage', 'cookie-storage.js'],
  ['index.d.ts', 'createMemorySessionStorage', 'memory-storage.js'],
  ['index.d.ts', 'createWorkersKVSessionStorage', 'kv-storage.js'],
  ['index.d.ts', 'createSessionStorage', 'session-storage.js'],
  ['file-storage.d.ts', 'createFileSessionStorage', 'file-storage.js'],
  ['durable-object-storage.d.ts', 'createDurableObjectSessionStorage', 'durable-object-storage.js'],
];

it('each storage factory declares exactly the options it takes', () => {
  for (const [types, name, js] of FACTORIES) {
    assert.deepEqual(declaredNames(types, name), destructured(js, `export function ${name}(`), name);
  }
});

it('the nested options and the helpers\' options too: revocation, migrateFrom, csrf, keepForm', () => {
  assert.deepEqual(declaredNames('index.d.ts', 'createCookieSessionStorage', 0, ['revocation']), destructured('revocation.js', 'const { kv, namespace'));
  assert.deepEqual(declaredNames('index.d.ts', 'createCookieSessionStorage', 0, ['migrateFrom']), destructured('cookie-storage.js', 'const { cookie: _cookie'));
  assert.deepEqual(declaredNames('index.d.ts', 'withSession', 2), listed('csrf.js', "refuseUnknownKeys(options, ['csrf']"));
  assert.deepEqual(declaredNames('index.d.ts', 'withSession', 2, ['csrf']), listed('csrf.js', 'const CSRF_OPTION_NAMES ='));
  assert.deepEqual(declaredNames('index.d.ts', 'keepForm', 3), listed('flash.js', "refuseUnknownKeys(options, ['only'"));
});

// A cookie's options (createCookie, a storage's `cookie` options) are checked by name in JS before the core sees them
// (js/cookie-rules.js KNOWN_OPTIONS). Mutation pass (s48 types pass): an attribute declared in CookieAttributes that
// the run time refuses (a `comment`) went unnoticed.
it('createCookie declares exactly the options a cookie takes', () => {
  const taken = [...listed('cookie-rules.js', 'const ATTRIBUTES ='), ...listed('cookie-rules.js', 'const KNOWN_OPTIONS =')].sort();
  assert.deepEqual(declaredNames('index.d.ts', 'createCookie', 1), taken);
});

/** The string literals of `type` (a union's members; others left out), lowercased when `anyCase`, sorted. */
function literalsOf(type, anyCase = false) {
  const values = new Set();
  for (const member of type.isUnion() ? type.types : [type]) {
    if (member.isStringLiteral()) values.add(anyCase ? member.value.toLowerCase() : member.value);
  }
  return [...values].sort();
}

/** The declared type of property `key` of parameter `index` of `name` (js/index.d.ts). */
function declaredOption(name, index, key) {
  const type = checker.getTypeFromTypeNode(declaredFunction('index.d.ts', name).parameters[index].type);
  return checker.getTypeOfSymbol(checker.getPropertyOfType(type, key));
}

// The values of the options whose values are names: the keywords the core matches in any case
// (src/cookie_options.cpp), the formats and the sealing modes the JS layer takes, and the flash severities.
// Mutation pass (s48 types pass): a severity declared that flashMessage refuses ('notice') went unnoticed.
it('options whose values are names declare exactly the names taken', async () => {
  const core = readFileSync(new URL('../../src/cookie_options.cpp', import.meta.url), 'utf8');
  const keywords = (table) => [...core.slice(core.indexOf(table)).split(';')[0].matchAll(/\{"(\w+)"/g)].map(([, name]) => name).sort();
  assert.deepEqual(literalsOf(declaredOption('createCookie', 1, 'sameSite'), true), keywords('kSameSites[]'));
  assert.deepEqual(literalsOf(declaredOption('createCookie', 1, 'priority'), true), keywords('kPriorities[]'));
  const { FORMATS } = await import('../../js/cookie.js');
  assert.deepEqual(literalsOf(declaredOption('createCookieSessionStorage', 0, 'format')), Object.keys(FORMATS).sort());
  assert.deepEqual(literalsOf(declaredOption('createCookie', 1, 'encrypt')), ['migrate']); // and true, false (SEALING)
  const { FLASH_SEVERITIES } = await import('edge-session');
  assert.deepEqual(literalsOf(checker.getTypeFromTypeNode(declaredFunction('index.d.ts', 'flashMessage').parameters[1].type)), [...FLASH_SEVERITIES].sort());
});
