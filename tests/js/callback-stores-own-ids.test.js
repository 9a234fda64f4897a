// Two apps in one process, each with createSessionStorage over its own database whose IDs are its own row numbers
// (`INSERT ... RETURNING id`: "1", "2", ...): the admin area's session "1" and the shop's session "1" are two
// sessions in two tables. What this isolate notes of one's deletes (recent-deletes.js) must not end the other's.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { cookiePair } from './support.js';

/** A table behind React Router's four callbacks whose IDs count up from 1, as a SQL table's serial key. */
function table() {
  const rows = new Map();
  let next = 0;
  return {
    rows,
    callbacks: {
      async createData(data) {
        const id = String(++next);
        rows.set(id, data);
        return id;
      },
      readData: async (id) => rows.get(id) ?? null,
      updateData: async (id, data) => void rows.set(id, data),
      deleteData: async (id) => void rows.delete(id),
    },
  };
}

it('a logout in one app does not refuse the write of the other app\'s session of the same row number', async () => {
  const admins = table();
  const shops = table();
  const admin = createSessionStorage({ cookie: { name: '__admin', secrets: ['admin-secret-0123456789abcdef0123'] }, ...admins.callbacks });
  const shop = createSessionStorage({ cookie: { name: '__shop', secrets: ['shop-secret-0123456789abcdef01234'] }, ...shops.callbacks });

  const adminSession = await admin.getSession(null);
  adminSession.set('adminId', 'root');
  const adminCookie = cookiePair(await admin.commitSession(adminSession));
  const shopSession = await shop.getSession(null);
  shopSession.set('cart', ['tea']);
  const shopCookie = cookiePair(await shop.commitSession(shopSession));
  assert.equal(adminSession.id, '1');
  assert.equal(shopSession.id, '1', 'row 1 of each table');

  const shopRequest = await shop.getSession(shopCookie); // a customer's request under way
  const logout = await admin.getSession(adminCookie); // meanwhile the admin signs out
  await admin.destroySession(logout);
  assert.equal(admins.rows.size, 0);

  shopRequest.set('cart', ['tea', 'milk']);
  const header = await shop.commitSession(shopRequest);
  assert.doesNotMatch(header, /Max-Age=0/, 'the customer\'s session is not logged out by the admin\'s logout');
  assert.deepEqual(shops.rows.get('1')?.cart, ['tea', 'milk'], 'and its change is written');
});
