// A storage whose cookie lives at a Path (/app, or /app/ with its slash), migrating from React Router's __old at /,
// serving a page that Path reaches: the page itself (/app for Path=/app, /app/ for Path=/app/) and one below a Path
// that ends in "/" (RFC 6265 5.1.4). README Cookie format: the response writes __session and expires __old, withSession
// even for an untouched session, "but not from a page the new cookie's path does not reach"; such pages are reached.
// Mutation pass (s51): cookie-identity.js pathReaches answering false for the Path itself, and not treating a Path
// ending in "/" as reaching what is below it, went unnoticed (the only reached page tested was /app/login under /app):
// the migration was never written there, and __old, which another host can set, stayed the one read.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { visit } from '../helpers/browser-jar.js';
import { jarHoldingOldCookie } from './old-cookie-jar.js';

const secrets = ['page-the-cookie-path-reaches-secret-0123456789'];

const CASES = [
  { cookiePath: '/app', page: '/app' },
  { cookiePath: '/app/', page: '/app/' },
  { cookiePath: '/app/', page: '/app/x' },
];

describe('a page the cookie\'s Path reaches, sent only the migrateFrom cookie', () => {
  for (const { cookiePath, page } of CASES) {
    it(`Path=${cookiePath}, page ${page}: writes the migration and expires __old`, async () => {
      const storage = createCookieSessionStorage({
        cookie: { name: '__session', path: cookiePath, secrets },
        migrateFrom: { cookie: { name: '__old', secrets }, format: 'react-router' },
      });
      const app = withSession(storage, (request, { session }) => new Response(String(session.get('user') ?? 'nobody')));
      const jar = await jarHoldingOldCookie(secrets);
      const response = await visit(jar, app, page);
      assert.equal(await response.text(), 'ada');
      const names = response.headers.getSetCookie().map((header) => header.slice(0, header.indexOf('=')));
      assert.deepEqual(names.sort(), ['__old', '__session']);
      assert.deepEqual(jar.names(), ['__session'], '__old expired');
      assert.equal(await (await visit(jar, app, page)).text(), 'ada', 'read from __session');
    });
  }
});
