// README (Flash helpers): "Every helper here, and csrfToken, throws a TypeError naming itself when handed no
// session". Only undefined was tried (tests/js/argument-errors-name-the-mistake). Mutation pass (s48): the check
// without its null case (a bare "Cannot read properties of null"), without its method test (an object that is no
// session read as one: "session.get is not a function"), or saying "got object" for null, went unnoticed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csrfToken, flashMessage, flashSuccess, getFlash, getFlashMessages, getKeptForm, keepForm } from 'edge-session';

const calls = {
  'csrfToken(session)': (session) => csrfToken(session),
  'flashSuccess(session, message)': (session) => flashSuccess(session, 'Saved.'),
  'flashMessage(session, severity, message)': (session) => flashMessage(session, 'info', 'FYI.'),
  'getFlash(session, key)': (session) => getFlash(session, 'success'),
  'getFlashMessages(session)': (session) => getFlashMessages(session),
  'keepForm(session, form)': (session) => keepForm(session, { title: 'x' }),
  'getKeptForm(session)': (session) => getKeptForm(session),
};

/** What the helper is handed, and what its TypeError says it got. */
const noSessions = [
  ['null (a context value never set)', null, 'null'],
  ['an empty object', {}, 'object'],
  ['an array', [], 'object'],
];

describe('a helper handed null or an object that is no session', () => {
  for (const [what, value, got] of noSessions) {
    for (const [caller, call] of Object.entries(calls)) {
      it(`${caller}, handed ${what}: a TypeError naming the helper and saying it got ${got}`, () => {
        assert.throws(() => call(value), (error) => {
          assert.ok(error instanceof TypeError, `${error?.name}: ${error?.message}`);
          assert.ok(error.message.startsWith(caller), error.message);
          assert.match(error.message, /expected the request's session/);
          assert.ok(error.message.endsWith(`got ${got}`), error.message);
          return true;
        });
      });
    }
  }
});
