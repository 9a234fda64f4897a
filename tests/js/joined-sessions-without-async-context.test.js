// js/joined-sessions.js where the runtime has no AsyncLocalStorage (workerd without nodejs_compat): whether code runs
// inside the opener's handler cannot be told there, so a join is found by the ExecutionContext, the very storage and
// the same Cookie header alone. The header is what keeps an ExecutionContext reused across requests (wrangler's
// getPlatformProxy gives one ctx to a dev server's every request) from handing one visitor's session to another; the
// storage, what keeps another storage of the same cookie (which may seal, time out or index its sessions otherwise)
// from writing this one's session. Regression (mutation pass): either check dropped was noticed by no test, in Node
// or in workerd (whose test Worker has nodejs_compat). The module alone, in a process of its own (node --test runs
// each file in one) with neither the Node entry's AsyncLocalStorage nor process.getBuiltinModule.
import assert from 'node:assert/strict';
import { it } from 'node:test';

delete process.getBuiltinModule; // as in workerd without nodejs_compat: no AsyncLocalStorage to be found
const { closeToJoins, joinSession, offerSession } = await import('../../js/joined-sessions.js');

const ctx = {}; // one ExecutionContext, reused across requests
const storage = { name: 'the storage' };
const otherStorage = { name: 'another storage of the same cookie' };
const adasSession = { user: 'ada' };

it('a session opened in a ctx is joined by a lifecycle of the same storage from the same Cookie header', () => {
  offerSession(ctx, storage, '__session=ada', adasSession);
  assert.equal(joinSession(ctx, storage, '__session=ada'), adasSession);
});

it("another visitor's request over the same ctx (another Cookie header, or none) does not join it", () => {
  assert.equal(joinSession(ctx, storage, '__session=bob'), undefined);
  assert.equal(joinSession(ctx, storage, null), undefined);
});

it('another storage, even of the same cookie and header, does not join it', () => {
  assert.equal(joinSession(ctx, otherStorage, '__session=ada'), undefined);
});

it("once its opener writes it, nothing joins it, while another request's session stays open in the ctx", () => {
  const bobsSession = { user: 'bob' };
  offerSession(ctx, storage, '__session=bob', bobsSession);
  closeToJoins(adasSession);
  assert.equal(joinSession(ctx, storage, '__session=ada'), undefined);
  assert.equal(joinSession(ctx, storage, '__session=bob'), bobsSession);
  closeToJoins(bobsSession);
  assert.equal(joinSession(ctx, storage, '__session=bob'), undefined);
});
