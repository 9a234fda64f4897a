// README (Flash helpers): keepForm never keeps a field named like a password, "in any case and many languages"
// (パスワード among its examples). The same name in another Unicode form reads the same to its author: decomposed
// (NFD: パ as ハ and a combining mark, ö as o and its diaeresis, as macOS writes text it stores), in Japanese half-width
// katakana (legacy forms), or in full-width Latin letters (typed with a CJK input method left on). Regression (s48
// mutation pass over secret-field-names.js): each of these was kept, and the password rode in the readable cookie.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, getKeptForm, keepForm } from 'edge-session';

const names = [
  'パスワード'.normalize('NFD'),
  'ﾊﾟｽﾜｰﾄﾞ',
  'ｐａｓｓｗｏｒｄ',
  'ＰＩＮ',
  'new_ｐｗｄ',
  'lösenord'.normalize('NFD'),
  'şifre'.normalize('NFD'),
  'salasõna'.normalize('NFD'),
];

it('keepForm refuses a secret field named in decomposed, half-width or full-width characters', async () => {
  const storage = createMemorySessionStorage({ cookie: { secrets: ['keep-form-unicode-forms-test-secret-0123'] } });
  const session = await storage.getSession(null);
  keepForm(session, new URLSearchParams([...names, 'title'].map((name) => [name, 'hunter2'])));
  const { fields } = getKeptForm(await storage.getSession(await storage.commitSession(session)));
  assert.deepEqual(Object.keys(fields), ['title']);
});
