// A serialize's or a commit's options given as null are no options, as React Router's spread of them is
// (`{ ...cookieOptions, ...null }`): the header is the one written without options. Options that are no object (a
// number, a string) are refused (serialize-options-that-are-no-object-refused.test.js); null is not among them.
// Mutation pass (s48): optionsJson taking only undefined for no options went unnoticed; null was read as an
// object, and serialize(value, null) threw a bare TypeError from reading its `name`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage } from 'edge-session';

const SECRETS = ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'];

describe('options given as null are no options', () => {
  it("createCookie's serialize(value, null) writes what serialize(value) writes", async () => {
    const cookie = createCookie('c', { secrets: SECRETS, maxAge: 60, path: '/app' });
    assert.equal(await cookie.serialize({ theme: 'dark' }, null), await cookie.serialize({ theme: 'dark' }));
  });

  it("the cookie storage's commitSession and destroySession with null options write the cookie's own attributes", async () => {
    const storage = createCookieSessionStorage({ cookie: { name: 'c', secrets: SECRETS, maxAge: 60, path: '/app' } });
    const session = await storage.getSession(null);
    session.set('user', 'ada');
    assert.match(await storage.commitSession(session, null), /^c=[^;]+; Max-Age=60; Path=\/app; SameSite=Lax$/);
    assert.match(await storage.destroySession(session, null), /^c=; Max-Age=0; Path=\/app; Expires=[^;]+; SameSite=Lax$/);
  });
});
