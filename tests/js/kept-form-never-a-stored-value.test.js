// getKeptForm reads what keepForm kept in the previous request only, as getFlash reads only a flash (README Flash
// helpers: "getKeptForm(session) → { fields, errors }, both empty when nothing was kept (a first visit, a reload)";
// "session.getFlash(key): the flash value that arrived, never a stored value"). A value the app stored under the
// flash key `_form` is neither what it reads nor what hides the kept form.
// Mutation pass (s47): getKeptForm reading get('_form') went unnoticed; the stored value came back on every request
// as a kept form, and hid the form keepForm had kept.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, getKeptForm, keepForm } from 'edge-session';
import { sessionRequest as request } from './support.js';

const cookie = { name: '__session', secrets: ['kept-form-never-a-stored-value'] };
const stored = { fields: { title: 'stored, not kept' }, errors: { title: 'stored too' } };


for (const [storageName, makeStorage] of [
  ['cookie storage', () => createCookieSessionStorage({ cookie })],
  ['memory storage', () => createMemorySessionStorage({ cookie })],
]) {
  describe(`getKeptForm never reads a stored _form value (${storageName})`, () => {
    it('a reload after a stored _form reads nothing kept', async () => {
      const storage = makeStorage();
      let { header } = await request(storage, null, (session) => session.set('_form', stored));
      let result;
      ({ header, result } = await request(storage, header, (session) => getKeptForm(session)));
      assert.deepEqual(result, { fields: {}, errors: {} }, 'the request after');
      ({ result } = await request(storage, header, (session) => [getKeptForm(session), session.get('_form')]));
      assert.deepEqual(result, [{ fields: {}, errors: {} }, stored], 'a reload; the stored value stays the app\'s');
    });

    it('the form keepForm kept beside a stored _form comes back, once', async () => {
      const storage = makeStorage();
      let { header } = await request(storage, null, (session) => {
        session.set('_form', stored);
        keepForm(session, { title: 'typed' }, { title: 'Taken.' });
      });
      let result;
      ({ header, result } = await request(storage, header, (session) => getKeptForm(session)));
      assert.deepEqual(result, { fields: { title: 'typed' }, errors: { title: 'Taken.' } });
      ({ result } = await request(storage, header, (session) => getKeptForm(session)));
      assert.deepEqual(result, { fields: {}, errors: {} }, 'gone after the request that could see it');
    });
  });
}
