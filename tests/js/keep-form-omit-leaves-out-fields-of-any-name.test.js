// README (Flash helpers): keepForm(session, form, errors, { omit }), `omit`: fields not to keep. The existing
// omit case named `password`, which keepForm never keeps anyway, so nothing showed omit itself was honoured: here the
// omitted fields have plain names (a comment, a coupon code), each left out, the others kept, whatever form shape.
// Mutation pass (s51): stringFields not looking at omit went unnoticed; the omitted fields came back after the redirect.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, getKeptForm, keepForm } from 'edge-session';
import { sessionRequest as request } from './support.js';

const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['omit-secret-0123456789abcdef'] } });

/** The posted form as FormData: two plain fields, and a repeated one. */
function formData() {
  const form = new FormData();
  for (const [name, value] of [['title', 'Hello'], ['comment', 'private note'], ['coupon', 'SAVE10'], ['coupon', 'EXTRA']]) form.append(name, value);
  return form;
}

for (const [shape, form] of [
  ['FormData', formData()],
  ['URLSearchParams', new URLSearchParams('title=Hello&comment=private%20note&coupon=SAVE10&coupon=EXTRA')],
  ['a plain object', { title: 'Hello', comment: 'private note', coupon: ['SAVE10', 'EXTRA'] }],
]) {
  it(`leaves out the omitted fields of ${shape}, every value of a repeated one, and keeps the rest`, async () => {
    const { header } = await request(storage, null, (session) => keepForm(session, form, { title: 'Too short.' }, { omit: ['comment', 'coupon'] }));
    const { result } = await request(storage, header, (session) => getKeptForm(session));
    assert.deepEqual(result, { fields: { title: 'Hello' }, errors: { title: 'Too short.' } });
  });
}
