// A ctx.waitUntil job's destroySession of the request's session, begun while the request's lifecycle writes it through
// the app's wrapper of the cookie storage (which awaits before committing), with `userKey` and `revocation: { kv }`
// (the logout records a sign-out in KV first, tens of ms on a deployed KV). It passes the late-change check (nothing
// of the write is committed yet); the wrapper's commit then lands during its KV call. Either the job's logout reaches
// the browser or the job is refused (README: a late destroySession throws SESSION_ENDED). Regression (adversarial
// pass on d523db4): the job got an expiring header nobody sent, its sign-out recorded, while the response carried the
// signed-in cookie: the user stayed signed in, uncounted by revokeUserSessions.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t-0123456789abcdef0123456789abcdef'] };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

it('a job destroySession that passes the gate before the wrapper commits, whose sign-out record is slow', async () => {
  const kv = mapKV();
  const del = kv.delete.bind(kv);
  let slow = false;
  kv.delete = async (k) => { if (slow) await sleep(60); return del(k); };
  const base = createCookieSessionStorage({ cookie, userKey: 'user', revocation: { kv } });
  const wrapper = {
    getSession: (h, o) => base.getSession(h, o),
    async commitSession(session, options) { await sleep(20); return base.commitSession(session, options); },
    destroySession: (s, o) => base.destroySession(s, o),
  };
  let job;
  const fetch = withSession(wrapper, async (request, { session }) => {
    const p = new URL(request.url).pathname;
    if (p === '/in') session.set('user', 'ada');
    if (p === '/job') {
      session.set('n', 1);
      slow = true;
      job = sleep(5).then(() => base.destroySession(session));
      job.catch(() => {});
    }
    return new Response(String(session.get('user')));
  });
  const jar = new BrowserJar();
  await visit(jar, fetch, '/in', { method: 'POST' });
  const r = await visit(jar, fetch, '/job', { method: 'POST' });
  const jobResult = await job.then((h) => 'header ' + h, (e) => 'threw ' + e.code);
  slow = false;
  assert.equal(r.status, 200);
  const who = await (await visit(jar, fetch, '/me')).text();
  if (jobResult.startsWith('header')) assert.equal(who, 'undefined', 'the job was told its logout was made, yet the browser is still signed in');
});
