// Shared helpers for the node:test suites (not a test file: node --test only
// runs *.test.js). Signing here is node:crypto's, independent of the core.
import { createHmac, randomBytes } from 'node:crypto';
import { sep } from 'node:path';

/** The `name=value` pair of a Set-Cookie header, ready to send as a Cookie header. */
export function cookiePair(setCookie) {
  return setCookie.split(';')[0];
}

/**
 * `length` random base64 characters: a value no compression shortens, to fill a session past one cookie, whose '+'
 * and '/' make percent-escapes in the signed form.
 */
export function randomText(length) {
  return randomBytes(Math.ceil((length * 3) / 4)).toString('base64').slice(0, length);
}

/** The `__session=value` pair a response sets, ready to send as a Cookie header; undefined when it sets none. */
export function sessionPairOf(response) {
  return response.headers.getSetCookie().find((value) => value.startsWith('__session='))?.split(';')[0];
}

/**
 * One request of a browser: reads the session from `header`, runs `work` on it, commits it if changed; the next
 * Cookie header and what `work` returned.
 */
export async function sessionRequest(storage, header, work) {
  const session = await storage.getSession(header);
  const result = await work(session);
  const next = session.dirty ? cookiePair(await storage.commitSession(session)) : header;
  session.dispose();
  return { header: next, result };
}

/** Whether `path` is a user's index of the file storage, `<dir>/users/<digest>.json` (not its lock nor a temporary file). */
export function isIndexFile(path) {
  return path.includes(`${sep}users${sep}`) && path.endsWith('.json');
}

/** The raw value of a Set-Cookie header (as written, still percent-encoded). */
export function cookieValue(setCookie) {
  const pair = cookiePair(setCookie);
  return pair.slice(pair.indexOf('=') + 1);
}

/** Remix's signature: base64 HMAC-SHA256 of `value` with the '=' padding removed. */
export function hmac(value, secret) {
  return createHmac('sha256', secret).update(value).digest('base64').replace(/=+$/, '');
}

/** Remix's signed cookie value: `value.signature`. */
export function sign(value, secret) {
  return `${value}.${hmac(value, secret)}`;
}

/** Standard padded base64 of raw bytes or of a string's UTF-8 bytes. */
export function base64(bytesOrText) {
  return Buffer.from(bytesOrText).toString('base64');
}

/** A signed, percent-encoded Cookie header holding `json` (text) as React Router writes it. */
export function signedCookieHeader(name, json, secret) {
  return `${name}=${encodeURIComponent(sign(base64(json), secret))}`;
}

/** Splits a (percent-decoded) signed value at its last '.', as Remix does. */
export function splitSigned(value) {
  const dot = value.lastIndexOf('.');
  return { payload: value.slice(0, dot), signature: value.slice(dot + 1) };
}

/**
 * Date.now moved forward by the tests instead of waiting: `wait(seconds)` moves it, `reset()` (for afterEach)
 * brings it back to the real clock.
 */
export function movableClock() {
  const realNow = Date.now;
  let offset = 0;
  Date.now = () => realNow() + offset;
  return {
    wait: (seconds) => void (offset += seconds * 1000),
    reset: () => void (offset = 0),
  };
}
