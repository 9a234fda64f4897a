// The example's form reading (worker-example/src/form-input.js readFormFields), in Node: a multipart post whose
// message, name or notes is a file (a script's post; the page's forms send text) reads as an empty field, so the
// route answers as for an empty one (README, The example: an empty message is an invalid submission; an empty name
// does not sign in) rather than throwing on the file: form-input.js never throws on bad input. Mutation pass (s48):
// a File passed on as the field's value went unnoticed; every route then failed on it (a 500).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkNotice, loginNameFromFields, readFormFields } from '../../worker-example/src/form-input.js';

function multipartPost(fields) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value instanceof Blob) form.set(name, value, 'upload.txt');
    else form.set(name, value);
  }
  return new Request('https://example.test/', { method: 'POST', body: form });
}

it('a file posted as message, name or notes reads as an empty field', async () => {
  const file = new Blob(['Hello there, a real message'], { type: 'text/plain' });
  const field = await readFormFields(multipartPost({ message: file, name: file, notes: file, severity: 'info' }));
  for (const name of ['message', 'name', 'notes']) assert.equal(field(name), '', name);
  assert.equal(field('severity'), 'info', 'a text field beside them is read as posted');
  assert.equal(field('absent'), '');
  assert.deepEqual(checkNotice(field).errors, { message: 'Please type a message before sending it.' });
  assert.equal(loginNameFromFields(field), null);
});
