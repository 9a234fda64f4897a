// README's quick start names its cookie (060fe0a: `__Host-session`); text elsewhere that says what the quick start's
// cookie is must name the same one. Regression (adversarial pass on 060fe0a): the Security model still said "the
// quick start's `__session` is for keeping a React Router app's cookie".
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

it('README names one cookie for the quick start', () => {
  const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Frameworks'));
  const name = /cookie: \{ name: '([^']+)'/.exec(quickStart)?.[1];
  assert.equal(name, '__Host-session');
  const claims = [...readme.replace(/\s+/g, ' ').matchAll(/quick start's `([^`]+)`/gi)].map((m) => m[1]);
  for (const claimed of claims) assert.equal(claimed, name, `README says the quick start's cookie is ${claimed}`);
});
