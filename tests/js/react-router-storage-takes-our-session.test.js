// README (React Router, TypeScript): our Session and React Router's "are not interchangeable at run time either
// (each storage refuses the other's sessions)". Ours refuses React Router's; React Router's storages take ours without
// a word, and write its `data`, which hides the session's times (`__es__`): read back by our storage, the session has
// begun anew, its absoluteTimeout and sign-in time gone. README corrected to say so; this holds it to the text.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createCookieSessionStorage as rrCookieStorage } from 'react-router';
import { createCookieSessionStorage } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

it("edge-session's storage refuses React Router's Session", async () => {
  const theirs = rrCookieStorage({ cookie });
  const ours = createCookieSessionStorage({ cookie });
  const session = await theirs.getSession();
  session.set('a', 1);
  await assert.rejects(Promise.resolve().then(() => ours.commitSession(session)), TypeError);
});

it("React Router's storage, given edge-session's Session, writes its data without the times, as the README says", async () => {
  assert.doesNotMatch(README, /each storage refuses the other's sessions/, 'README: React Router\'s storages refuse nothing');
  const theirs = rrCookieStorage({ cookie });
  const ours = createCookieSessionStorage({ cookie, absoluteTimeout: 3600 });
  const session = await ours.getSession(null);
  session.set('a', 1);
  const payload = (header) => Buffer.from(decodeURIComponent(header.split(';')[0].split('=')[1].split('.')[0]), 'base64').toString();
  assert.match(payload(await ours.commitSession(session)), /__es__/);
  assert.equal(payload(await theirs.commitSession(session)), '{"a":1}');
});
