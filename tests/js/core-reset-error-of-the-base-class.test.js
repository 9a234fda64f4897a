// README (Errors): CORE_RESET is an `EdgeSessionError` of the base class, none of its subclasses: a session of a
// WebAssembly instance that failed and was replaced, to open again, neither a backend's failure (SessionStorageError,
// which an app may answer as "store down, try later") nor a mistake in the data or options. Mutation pass (s48): the
// error made as a SessionStorageError went unnoticed; every test read only its code.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CookieOptionError, CookieTooLargeError, createMemorySessionStorage, EdgeSessionError, SessionDataError, SessionDestroyedError, SessionStorageError } from 'edge-session';
import { forgetCoreAfterTrap } from '../../js/loader.js';
import { breakTheInstanceWithAStackOverflow } from './broken-core.js';

const SUBCLASSES = [CookieOptionError, CookieTooLargeError, SessionDestroyedError, SessionDataError, SessionStorageError];

function assertCoreReset(error, what) {
  assert.equal(error?.code, 'CORE_RESET', `${what}: ${error}`);
  assert.equal(error.constructor, EdgeSessionError, what);
  assert.equal(error.name, 'EdgeSessionError', what);
  for (const Subclass of SUBCLASSES) assert.ok(!(error instanceof Subclass), `${what}: a ${Subclass.name}`);
}

const storage = () => createMemorySessionStorage({ cookie: { secrets: ['core-reset-of-the-base-class-secret-0'] } });
const caught = async (call) => {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
};

it('a session of an instance that failed (a stack overflow inside it), read, throws CORE_RESET as a plain EdgeSessionError', async () => {
  const session = await storage().getSession(null);
  session.set('user', 'ada');
  await breakTheInstanceWithAStackOverflow();
  assertCoreReset(await caught(() => session.get('user')), 'read');
});

it('a session of an instance dropped meanwhile, committed, throws CORE_RESET as a plain EdgeSessionError', async () => {
  const sessions = storage();
  const session = await sessions.getSession(null);
  session.set('user', 'ada');
  forgetCoreAfterTrap(new Error('a trap')); // the instance is dropped, as after another request's trap
  assertCoreReset(await caught(() => sessions.commitSession(session)), 'commit');
});
