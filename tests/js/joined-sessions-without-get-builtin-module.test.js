// Node 20.4 to 20.15 (package.json engines: >=20.4) have AsyncLocalStorage but no process.getBuiltinModule: the Node
// entry hands js/joined-sessions.js node:async_hooks' AsyncLocalStorage itself. Simulated by removing
// getBuiltinModule before edge-session loads (node --test runs this file in a process of its own). Regression
// (adversarial pass): found through getBuiltinModule only, a ctx reused across requests joined them again there
// (89cf9ba's defect: one request's logout ended the session another was using).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Hono } from 'hono';
import { reusedCtxCases } from '../helpers/reused-ctx-cases.js';

delete process.getBuiltinModule; // as on Node 20.4 .. 20.15
const { createMemorySessionStorage, withSession } = await import('edge-session');
const { sessionMiddleware } = await import('edge-session/hono');

it('this Node has AsyncLocalStorage, and process.getBuiltinModule is gone', () => {
  assert.equal(typeof AsyncLocalStorage, 'function');
  assert.equal(process.getBuiltinModule, undefined);
});

reusedCtxCases('Node with AsyncLocalStorage but no process.getBuiltinModule: one ctx reused across requests', { createMemorySessionStorage, withSession, sessionMiddleware, Hono });
