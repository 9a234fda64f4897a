// One Post/Redirect/Get cycle per implementation, shared by the Node bench (bench/node.js) and the
// bench Worker (bench/worker/index.js), so both runtimes time exactly the same code.
//
// A cycle, given the Cookie header the browser would send:
//   POST:  read the session, counter += 1, set the user object, flash 'Saved!', commit -> Set-Cookie
//   GET:   read the cookie from that Set-Cookie, read the flash, commit -> Set-Cookie
// and it returns the next Cookie header, so cycles chain and the counter grows across them.
//
// The first three sign with HMAC-SHA256 and the same secret; edge-session's sealed cycle and iron-session
// encrypt (the encrypted peers). The storages are created lazily on first use
// because a Worker must not do work in global scope.
import { createCookieSessionStorage as createEdgeStorage } from 'edge-session';
import { createCookie } from '@remix-run/cookie';
import { createCookieSessionStorage as createRemixStorage } from '@remix-run/session/cookie-storage';
import { createCookieSessionStorage as createReactRouterStorage } from 'react-router';
import { sealData, unsealData } from 'iron-session';
import { requestImplementations } from './request-cycle.js';

export const USER = { id: 42, name: 'Ada Lovelace', roles: ['admin', 'editor'] };
export const FLASH = 'Saved!';
const NAME = '__session';
const SECRETS = ['bench-s3cr3t-of-32-characters-or-more'];
// Expiry on (issue 11): every implementation's cookie expires; edge-session also enforces
// idle and absolute timeouts from the times in its payload.
const WEEK = 7 * 24 * 3600;
const LIFETIME = { idleTimeout: 30 * 60, absoluteTimeout: 8 * 3600 };

/** The `name=value` part of a Set-Cookie header, i.e. the Cookie header a browser sends back. */
export function cookieHeaderOf(setCookie) {
  const end = setCookie.indexOf(';');
  return end === -1 ? setCookie : setCookie.slice(0, end);
}

// --- edge-session -------------------------------------------------------------------------------
let edgeStorage;
function edge() {
  return (edgeStorage ??= createEdgeStorage({
    cookie: { name: NAME, secrets: SECRETS, httpOnly: true, sameSite: 'lax', path: '/', maxAge: WEEK },
    ...LIFETIME,
  }));
}

export async function edgeSessionCycle(cookie) {
  const storage = edge();
  let count, flash, setCookie;

  const post = await storage.getSession(cookie);
  try {
    count = (post.get('count') ?? 0) + 1;
    post.set('user', USER);
    post.set('count', count);
    post.flash('message', FLASH);
    setCookie = await storage.commitSession(post); // frees the WASM session
  } finally {
    post.dispose(); // idempotent; only does work if commit threw
  }

  const get = await storage.getSession(cookieHeaderOf(setCookie));
  try {
    flash = get.get('message');
    setCookie = await storage.commitSession(get);
  } finally {
    get.dispose();
  }
  return { cookie: cookieHeaderOf(setCookie), count, flash };
}

async function edgeSessionPeek(cookie) {
  const session = await edge().getSession(cookie);
  try {
    return { user: session.get('user'), count: session.get('count'), flash: session.get('message') };
  } finally {
    session.dispose();
  }
}

// --- edge-session, sealed (encrypt: true): the same cycle, XChaCha20-Poly1305 instead of HMAC --------
let sealedStorage;
function sealed() {
  return (sealedStorage ??= createEdgeStorage({
    cookie: { name: NAME, secrets: SECRETS, httpOnly: true, sameSite: 'lax', path: '/', maxAge: WEEK },
    ...LIFETIME,
    encrypt: true,
  }));
}

export async function edgeSealedCycle(cookie) {
  const storage = sealed();
  let count, flash, setCookie;
  const post = await storage.getSession(cookie);
  try {
    count = (post.get('count') ?? 0) + 1;
    post.set('user', USER);
    post.set('count', count);
    post.flash('message', FLASH);
    setCookie = await storage.commitSession(post);
  } finally {
    post.dispose();
  }
  const get = await storage.getSession(cookieHeaderOf(setCookie));
  try {
    flash = get.get('message');
    setCookie = await storage.commitSession(get);
  } finally {
    get.dispose();
  }
  return { cookie: cookieHeaderOf(setCookie), count, flash };
}

async function edgeSealedPeek(cookie) {
  const session = await sealed().getSession(cookie);
  try {
    return { user: session.get('user'), count: session.get('count'), flash: session.get('message') };
  } finally {
    session.dispose();
  }
}

// --- iron-session 8: the encrypted peer (sealData/unsealData: iron, AES-256-CBC + HMAC-SHA256) -------
// getIronSession needs Node's req/res or a cookie store; its seal/unseal is the work, so the cycle
// seals and unseals directly, with the flash kept in the data as a Remix session would, and the
// Set-Cookie written as iron-session's cookie serializer would.
const IRON_PASSWORD = 'bench-s3cr3t-bench-s3cr3t-bench-s3cr3t';
const ironSetCookie = (seal) => `${NAME}=${seal}; Path=/; HttpOnly; SameSite=Lax`;
async function ironRead(header) {
  if (!header) return {};
  try {
    return await unsealData(header.slice(NAME.length + 1), { password: IRON_PASSWORD });
  } catch {
    return {}; // a seal that does not parse: a fresh session, as for the others
  }
}

export async function ironSessionCycle(cookie) {
  const post = await ironRead(cookie);
  const count = (post.count ?? 0) + 1;
  let setCookie = ironSetCookie(await sealData({ ...post, user: USER, count, flash: FLASH }, { password: IRON_PASSWORD }));
  const get = await ironRead(cookieHeaderOf(setCookie));
  const { flash, ...rest } = get;
  setCookie = ironSetCookie(await sealData(rest, { password: IRON_PASSWORD }));
  return { cookie: cookieHeaderOf(setCookie), count, flash };
}

async function ironSessionPeek(cookie) {
  const data = await ironRead(cookie);
  return { user: data.user, count: data.count, flash: data.flash };
}

// --- @remix-run/session + @remix-run/cookie (Remix v3) --------------------------------------------
// The session middleware's steps without the middleware: cookie.parse -> storage.read, and
// storage.save -> cookie.serialize (with HttpOnly, as the middleware does by default).
let remix;
function remixV3() {
  return (remix ??= {
    cookie: createCookie(NAME, { secrets: SECRETS, httpOnly: true, sameSite: 'Lax', path: '/', maxAge: WEEK }),
    storage: createRemixStorage(),
  });
}
async function remixRead(header) {
  const { cookie, storage } = remixV3();
  return storage.read(await cookie.parse(header));
}
async function remixSave(session) {
  const { cookie, storage } = remixV3();
  const value = await storage.save(session);
  if (value == null) throw new Error('@remix-run/session: save returned null for a dirty session');
  return cookie.serialize(value);
}

export async function remixSessionCycle(cookie) {
  const post = await remixRead(cookie);
  const count = (post.get('count') ?? 0) + 1;
  post.set('user', USER);
  post.set('count', count);
  post.flash('message', FLASH);
  let setCookie = await remixSave(post);

  const get = await remixRead(cookieHeaderOf(setCookie));
  const flash = get.get('message');
  setCookie = await remixSave(get); // dirty because of the incoming flash; drops it
  return { cookie: cookieHeaderOf(setCookie), count, flash };
}

async function remixSessionPeek(cookie) {
  const session = await remixRead(cookie);
  return { user: session.get('user'), count: session.get('count'), flash: session.get('message') };
}

// --- react-router createCookieSessionStorage (Remix v2 / React Router 7) --------------------------
let rrStorage;
function reactRouter() {
  return (rrStorage ??= createReactRouterStorage({
    cookie: { name: NAME, secrets: SECRETS, httpOnly: true, sameSite: 'lax', path: '/', maxAge: WEEK },
  }));
}

export async function reactRouterCycle(cookie) {
  const storage = reactRouter();
  const post = await storage.getSession(cookie);
  const count = (post.get('count') ?? 0) + 1;
  post.set('user', USER);
  post.set('count', count);
  post.flash('message', FLASH);
  let setCookie = await storage.commitSession(post);

  const get = await storage.getSession(cookieHeaderOf(setCookie));
  const flash = get.get('message'); // consumes __flash_message__
  setCookie = await storage.commitSession(get);
  return { cookie: cookieHeaderOf(setCookie), count, flash };
}

async function reactRouterPeek(cookie) {
  const session = await reactRouter().getSession(cookie);
  return { user: session.get('user'), count: session.get('count'), flash: session.get('message') };
}

// --- registry -----------------------------------------------------------------------------------
/** In table order; `key` is what `?impl=` takes in the bench Worker. */
export const implementations = [
  { key: 'edge', name: 'edge-session', cycle: edgeSessionCycle, peek: edgeSessionPeek },
  { key: 'remix', name: '@remix-run/session', cycle: remixSessionCycle, peek: remixSessionPeek },
  { key: 'rr', name: 'react-router', cycle: reactRouterCycle, peek: reactRouterPeek },
  { key: 'sealed', name: 'edge-session, encrypt: true', cycle: edgeSealedCycle, peek: edgeSealedPeek },
  { key: 'iron', name: 'iron-session (seal/unseal)', cycle: ironSessionCycle, peek: ironSessionPeek },
  // The same cycle as a Worker runs it, through withSession without and with csrf (bench/request-cycle.js).
  ...requestImplementations,
];

export function findImplementation(key) {
  const impl = implementations.find((i) => i.key === key);
  if (!impl) throw new Error(`unknown implementation ${JSON.stringify(key)}`);
  return impl;
}

/** Runs `n` chained cycles from `cookie` (null = first visit); returns the last result. */
export async function runCycles(impl, n, cookie = null) {
  let result = { cookie, count: 0, flash: undefined };
  for (let i = 0; i < n; i++) result = await impl.cycle(result.cookie, result); // result: what a browser kept (the form's token)
  return result;
}

/**
 * Throws unless the implementation really does the work: the flash is seen on the GET half and
 * gone afterwards, the counter increments across cycles, the user object round-trips.
 */
export async function verify(impl) {
  const fail = (what, got) => {
    throw new Error(`${impl.name}: ${what}, got ${JSON.stringify(got)}`);
  };
  const first = await impl.cycle(null);
  if (first.count !== 1 || first.flash !== FLASH) fail('first cycle should give count 1 + flash', first);
  if (!first.cookie.startsWith(`${NAME}=`) || first.cookie.length < 60) fail('bad cookie', first.cookie);
  const second = await impl.cycle(first.cookie, first);
  if (second.count !== 2 || second.flash !== FLASH) fail('second cycle should give count 2 + flash', second);
  const state = await impl.peek(second.cookie);
  if (state.count !== 2) fail('stored count should be 2', state);
  if (state.flash !== undefined) fail('flash should be gone after the GET half', state);
  if (JSON.stringify(state.user) !== JSON.stringify(USER)) fail('user should round-trip', state.user);
  const tampered = await impl.peek(second.cookie.slice(0, -2) + (second.cookie.endsWith('AA') ? 'BB' : 'AA'));
  if (tampered.count !== undefined) fail('a tampered cookie should give an empty session', tampered);
  return second;
}
