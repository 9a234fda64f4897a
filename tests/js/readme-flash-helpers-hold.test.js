// README, "Flash helpers": "`getFlashMessages(session)` → `[{ severity, message }]` in that order" (success, error,
// warning, info), whatever order the request before flashed them in. flash-helpers.test.js flashes them in that very
// order, so a list in the order flashed passed it too.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, flashError, flashInfo, flashSuccess, flashWarning, getFlashMessages } from 'edge-session';

it('getFlashMessages lists success, error, warning, info, though they were flashed the other way round', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['a-test-secret-of-at-least-32-characters'] } });
  const posted = await storage.getSession(null);
  flashInfo(posted, 'New version.');
  flashWarning(posted, 'Trial ends soon.');
  flashError(posted, 'One field was ignored.');
  flashSuccess(posted, 'Saved.');
  const next = await storage.getSession((await storage.commitSession(posted)).split(';')[0]);
  assert.deepEqual(getFlashMessages(next), [
    { severity: 'success', message: 'Saved.' },
    { severity: 'error', message: 'One field was ignored.' },
    { severity: 'warning', message: 'Trial ends soon.' },
    { severity: 'info', message: 'New version.' },
  ]);
});
