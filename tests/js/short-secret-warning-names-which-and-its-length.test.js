// README (Security model): a secret "under 32 characters logs a warning once per cookie name". The warning says which
// of the secrets is short and how long it is (never the secret), so that the one to replace is found among several
// (a retired one kept for rotation, say). Mutation pass (s48): the warning stating the number of secrets for the
// short one's length, or naming secrets[0] whichever was short, went unnoticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { capturedWarnings } from '../helpers/captured-warnings.js';

const warned = capturedWarnings();
const LONG = 'V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='; // openssl rand -base64 32

it('a short retired secret beside a long one: the warning names secrets[1] and its 12 characters, not the secret', () => {
  createCookieSessionStorage({ cookie: { name: 'short-which', secrets: [LONG, 'old-s3cr3t-1'] } });
  const about = warned().filter((warning) => warning.includes('"short-which"'));
  assert.equal(about.length, 1, JSON.stringify(warned()));
  assert.match(about[0], /secrets\[1\] is 12 characters/);
  assert.ok(!about[0].includes('old-s3cr3t-1'));
});
