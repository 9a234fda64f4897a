// The session IDs the Durable Object "behind a move" tests read off cookies and handlers (concurrency-worker).
import assert from 'node:assert/strict';

/** The session ID a cookie value names (its signed JSON string, percent-encoded as React Router writes it). */
export function idIn(value) {
  const decoded = decodeURIComponent(value);
  return JSON.parse(Buffer.from(decoded.slice(0, decoded.lastIndexOf('.')), 'base64').toString('utf8'));
}

/** A fresh session's ID as its handler read it (issue 3): a new one, none of `old` (the cookie's, a move's). */
export function assertNewId(readId, old, message) {
  assert.match(readId, /^[0-9a-f]{40}$/, `${message}: a new ID`);
  for (const id of old) assert.notEqual(readId, id, `${message}: not the cookie's, nor a move's`);
}
