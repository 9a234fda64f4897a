// js/twin-sessions.js keeps, per session ID, the turns of Session objects read from one cookie (with userKey) while
// they are under way, "each dropped once settled" (its underWay): an isolate serving many signed-in sessions keeps no
// entry for every ID it ever committed, for its whole life (the code's documented intent; README says nothing of it).
// Here 50,000 IDs each take a commit turn and a users turn in a fresh node, and the heap once they settle is measured.
// Mutation pass (s51): an ID's entry not dropped once its sets were empty went unnoticed (only memory differs: an
// empty entry waits for nothing); 50,000 IDs kept ~30 MB here.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { inFreshNode } from '../helpers/heap-in-fresh-node.js';

it('50,000 session IDs whose commit and users turns have settled leave no entry behind', async () => {
  const { left } = await inFreshNode(`
    import { COMMIT, USERS, twinSessions } from './js/twin-sessions.js';
    const twins = twinSessions();
    const turns = async (from, count) => {
      for (let i = from; i < from + count; i++) {
        const id = i.toString(16).padStart(40, '0');
        await Promise.all([twins.inTurn(id, COMMIT, undefined, async () => {}), twins.inTurn(id, USERS, undefined, async () => {})]);
      }
    };
    await turns(0, 1000);
    const before = await heap();
    await turns(1000, 50_000);
    console.log(JSON.stringify({ left: (await heap()) - before }));
  `);
  assert.ok(left < 2_000_000, `the settled turns still hold ${(left / 1e6).toFixed(1)} MB`);
});
