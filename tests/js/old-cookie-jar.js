// A browser that holds only the cookie a migration reads from: React Router's `__old`, its session signed in as ada,
// for the migrateFrom tests (cookie storage with `migrateFrom: { cookie: { name: '__old', secrets } }`).
import { createCookieSessionStorage as theirCookieSessionStorage } from 'react-router';
import { BrowserJar } from '../helpers/browser-jar.js';

export async function jarHoldingOldCookie(secrets) {
  const theirs = theirCookieSessionStorage({ cookie: { name: '__old', secrets } });
  const old = await theirs.getSession(null);
  old.set('user', 'ada');
  return new BrowserJar().apply([await theirs.commitSession(old)]);
}
