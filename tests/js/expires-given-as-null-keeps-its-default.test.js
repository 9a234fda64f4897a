// README (Choices): "An attribute given as undefined or null ... keeps its default", and given to a commit or
// serialize it replaces the cookie's own, as React Router's object spread does. For `expires`, null held no test
// (js/cookie.js optionsJson): read as a Date to check, it made every serialize and commit of a cookie made with
// `expires: null` reject with INVALID_EXPIRES, and a serialize's `expires: null` too (mutation pass).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage } from 'edge-session';

const SECRETS = ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'];
const LATER = new Date(Date.UTC(2040, 0, 1));

it('a cookie made with expires: null writes no Expires, as one made without', async () => {
  const cookie = createCookie('c', { secrets: SECRETS, expires: null });
  const header = await cookie.serialize('x');
  assert.doesNotMatch(header, /Expires=/i);
  assert.equal(await cookie.parse(header.split(';')[0]), 'x');
  const storage = createCookieSessionStorage({ cookie: { name: 's', secrets: SECRETS, expires: null } });
  const session = await storage.getSession(null);
  session.set('a', 1);
  assert.doesNotMatch(await storage.commitSession(session), /Expires=/i);
});

it("a serialize's expires: null drops the cookie's own Expires", async () => {
  const cookie = createCookie('c', { secrets: SECRETS, expires: LATER });
  assert.match(await cookie.serialize('x'), /; Expires=Sun, 01 Jan 2040 00:00:00 GMT/);
  const header = await cookie.serialize('x', { expires: null });
  assert.doesNotMatch(header, /Expires=/i);
  assert.equal(await cookie.parse(header.split(';')[0]), 'x');
});
