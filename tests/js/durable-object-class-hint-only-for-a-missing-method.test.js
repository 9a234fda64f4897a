// A Durable Object namespace bound to another class than SessionDurableObject fails each call with workerd's "The RPC
// receiver does not implement the method": the SessionStorageError then says to check the binding's class_name
// (errors.js hintFor; tests/workerd/ops-faults.test.js has it in workerd). That advice is for that failure only, of a
// call of ours however it failed: an object that timed out or was overloaded is no binding to fix. Here a cookie
// storage's `revocation: { namespace }` reads the user's mark from a stand-in namespace. Mutation pass (s48): the
// hint given for any failure of our objects went unnoticed (a timeout sent the app to its wrangler.toml), and so did
// a call that throws at once left unmarked (the wrong class then got no advice).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, SessionStorageError } from 'edge-session';
import { signIn } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';

const cookie = { secrets: ['class-hint-for-a-missing-method-secret'] };
const MISSING_METHOD = 'The RPC receiver does not implement the method "userRevocation".';

/** A namespace whose objects' userRevocation fails with `failure()`, returned rejected or thrown at once. */
function failingNamespace(failure, { atOnce = false } = {}) {
  const userRevocation = atOnce
    ? () => {
        throw failure();
      }
    : async () => {
        throw failure();
      };
  return { idFromName: (name) => name, get: () => ({ userRevocation }) };
}

async function readError(namespace) {
  const device = await signIn(createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { namespace: userObjectsNamespace() } }), 'ada');
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { namespace } });
  const error = await storage.getSession(device).then(() => assert.fail('read'), (caught) => caught);
  assert.ok(error instanceof SessionStorageError, String(error));
  assert.equal(error.code, 'STORAGE_FAILED');
  return error;
}

describe("a failing call to a user's object of revocation: { namespace }", () => {
  it('"does not implement the method": the message keeps workerd\'s words and names class_name and SessionDurableObject', async () => {
    const error = await readError(failingNamespace(() => new Error(MISSING_METHOD)));
    assert.match(error.message, /does not implement the method/);
    assert.match(error.message, /class_name must be SessionDurableObject/);
  });

  it('the same, thrown at once by the call: the same advice', async () => {
    const error = await readError(failingNamespace(() => new Error(MISSING_METHOD), { atOnce: true }));
    assert.match(error.message, /class_name must be SessionDurableObject/);
  });

  it('any other failure (a timeout, an overloaded object): no advice about the binding', async () => {
    for (const text of ['Durable Object storage operation exceeded timeout which caused object to be reset.', 'Durable Object is overloaded.']) {
      const error = await readError(failingNamespace(() => new Error(text)));
      assert.ok(error.message.includes(text), error.message);
      assert.doesNotMatch(error.message, /class_name|SessionDurableObject/, text);
    }
  });
});
