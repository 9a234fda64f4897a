// Shared helpers for the storage suites (not a test file: node --test only runs *.test.js).
// Cookies are forged with node:crypto, independently of the core: an attacker who knows the
// secret could do the same, so the storages must survive any ID such a cookie names.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

export const SECRET = 'storage-test-secret-3f9a1c7e5b2d';
export const COOKIE_NAME = '__session';

/**
 * A Cookie header whose signed value is `value` (any JSON value) in React Router's layout:
 * percent-encoded `base64(JSON).signature`, signature = unpadded base64 HMAC-SHA256.
 */
export function signedCookie(value, { name = COOKIE_NAME, secret = SECRET } = {}) {
  const payload = Buffer.from(JSON.stringify(value)).toString('base64');
  const signature = createHmac('sha256', secret).update(payload).digest('base64').replace(/=+$/, '');
  return `${name}=${encodeURIComponent(`${payload}.${signature}`)}`;
}

/** The `name=value` pair of a Set-Cookie header, ready to send back as a Cookie header. */
export function cookiePair(setCookie) {
  return setCookie.split(';')[0];
}

/** The session ID a Set-Cookie header carries (the JSON string inside the signed value). */
export function idOf(setCookie) {
  const value = decodeURIComponent(cookiePair(setCookie).slice(cookiePair(setCookie).indexOf('=') + 1));
  const payload = value.slice(0, value.lastIndexOf('.'));
  return JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
}

/** `actual` is within `toleranceMs` of `expected` (both Dates or epoch ms). */
export function near(actual, expected, toleranceMs = 2000) {
  return Math.abs(Number(actual) - Number(expected)) <= toleranceMs;
}

/** Commits a new session holding `values`; resolves to its Set-Cookie. */
export async function commitNew(storage, values = { user: 'mj' }, options) {
  const session = await storage.getSession(null);
  for (const [key, value] of Object.entries(values)) session.set(key, value);
  const setCookie = await storage.commitSession(session, options);
  session.dispose();
  return setCookie;
}

/** The id and data of the session a Cookie header names (the session is disposed). */
export async function readSession(storage, cookieHeader) {
  const session = await storage.getSession(cookieHeader);
  try {
    return { id: session.id, data: session.data };
  } finally {
    session.dispose();
  }
}

/**
 * The session a Cookie header names, checked fresh: no data, and no ID, so none of the cookie's (issues 2 and 3:
 * "server-side storages never adopt unknown IDs (fresh session, ID created at first commit)"). The options of its
 * callers (the IDs it must not be, a store's lookup) are kept for the reader; '' covers them.
 */
export async function readFresh(storage, cookieHeader, _options = {}, message = 'a fresh session') {
  const { id, data } = await readSession(storage, cookieHeader);
  assert.deepEqual(data, {}, `${message}: no data`);
  assert.equal(id, '', `${message}: no ID until its first commit`);
  return id;
}

/** Runs `work` with console.error silenced (withSession logs the 500s the fault tests provoke). */
export async function quietly(work) {
  const error = console.error;
  console.error = () => {};
  try {
    return await work();
  } finally {
    console.error = error;
  }
}

/**
 * Mounts a tmpfs with `options` (`size=64k`: a full disk; `nr_inodes=64`: no inode left) at `mountPoint`, made if
 * missing: false when this process cannot mount (it needs root and the right to mount).
 */
export function mountTmpfs(mountPoint, options) {
  mkdirSync(mountPoint, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
