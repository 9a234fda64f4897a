// Symbols the package's modules use to reach each other's internals. They are
// not exported from the package entry, so they never show in the public API.

/** Cookie: `[cookieCore](format)` resolves to its WASM cookie handle. */
export const cookieCore = Symbol('edge-session.cookieCore');
/** Cookie: `[cookieCoreReady](format)` is that handle once resolved, else undefined. */
export const cookieCoreReady = Symbol('edge-session.cookieCoreReady');
/** Session: `[sessionHandle]()` is its live WASM session's pointer. */
export const sessionHandle = Symbol('edge-session.sessionHandle');
/** Session: `[releaseSession]()` frees WASM memory, keeping a snapshot. */
export const releaseSession = Symbol('edge-session.releaseSession');
/** Session: `[dataText]()` is what a store saves (data as JSON text). */
export const dataText = Symbol('edge-session.dataText');
/** Storage: `[endRequest](session)` releases what a request held (a lock). */
export const endRequest = Symbol('edge-session.endRequest');
/** Session: `[assignStoredId](id)` records the ID a store created it under. */
export const assignStoredId = Symbol('edge-session.assignStoredId');
/** Session: true when it was read under a retired secret. */
export const needsResign = Symbol('edge-session.needsResign');

/** The largest Cookie header worth parsing; browsers send far less. */
export const MAX_COOKIE_HEADER_LENGTH = 64 * 1024;

/** 128 random bits from the platform CSPRNG, as 32 hex characters. */
export function randomSessionId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const byte of bytes) id += (byte < 16 ? '0' : '') + byte.toString(16);
  return id;
}
