// An attacker with a browser and copies of their own cookies, against the example inside workerd: its signed and its
// sealed cookie storage (chunks: 5) under one secret. Each attack is a request a client can send; the promise is a
// page as for a new visitor (never another user's, never a 500) and a Worker that serves the next request as before.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { csrfFieldOf } from '../helpers/csrf-field.js';
import { startWorker } from '../helpers/start-worker.js';

const SECRET = 'attacker-cookies-secret-4f1d9a7c2e';
const COOKIE = '__Host-session';
const workers = {};

before(async () => {
  const [signed, sealed] = await Promise.all([
    startWorker({ secrets: { SESSION_SECRET: SECRET } }),
    startWorker({ vars: { SESSION_STORE: 'sealed' }, secrets: { SESSION_SECRET: SECRET } }),
  ]);
  Object.assign(workers, { signed, sealed });
}, { timeout: 60_000 });
after(() => Promise.all(Object.values(workers).map((worker) => worker.dispose())));

/** The page for `cookieHeader` (undefined: none), sent as a client sends it. */
async function pageFor(worker, cookieHeader) {
  const response = await fetch(new URL('/', worker.directUrl), { headers: cookieHeader === undefined ? {} : { Cookie: cookieHeader }, redirect: 'manual' });
  return { status: response.status, html: await response.text() };
}

/** Whose page it is: the name the page greets ('stranger': a visitor not signed in). */
function signedInAs(html) {
  return /<h1>Hello, ([^<]*)!<\/h1>/.exec(html)?.[1] ?? null;
}

/** GET / over a socket of its own, with `lines` as its headers exactly (fetch would join two Cookie headers). */
function rawGet(url, lines) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.end(`GET / HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n${lines.map((line) => `${line}\r\n`).join('')}\r\n`);
    });
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (data) => (text += data));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]), html: text }));
    socket.on('error', reject);
  });
}

/** A browser signed in as `name` whose session spans several cookies (notes of ~8,000 characters). */
async function signedInJar(worker, name, notes) {
  const jar = new CookieJar();
  const post = async (path, fields) => {
    const page = await jar.fetch(new URL('/', worker.directUrl));
    const token = csrfFieldOf(await page.response.text());
    const { response } = await jar.fetch(new URL(path, worker.directUrl), { method: 'POST', body: new URLSearchParams({ ...fields, _csrf: token }) });
    await response.text();
    assert.equal(response.status, 303);
  };
  await post('/login', { name });
  await post('/notes', { notes });
  return jar;
}

/** The jar's session cookies as `name=value` pairs, the first cookie first. */
function sessionPairs(jar) {
  const header = jar.header();
  return header.split('; ').filter((pair) => pair.startsWith(COOKIE)).sort();
}

describe('an attacker with copies of their own cookies, against the example in workerd', () => {
  const sessions = {};
  before(async () => {
    for (const kind of ['signed', 'sealed']) {
      sessions[kind] = {
        mallory: await signedInJar(workers[kind], 'mallory', 'm'.repeat(8000)),
        victim: await signedInJar(workers[kind], 'victim', 'v'.repeat(8000)),
      };
    }
  }, { timeout: 90_000 });

  it('the control: each browser is greeted by its own name, its session over several cookies', { timeout: 30_000 }, async () => {
    for (const kind of ['signed', 'sealed']) {
      assert.ok(sessionPairs(sessions[kind].mallory).length >= 2, 'the session spans chunks');
      assert.equal(signedInAs((await pageFor(workers[kind], sessions[kind].mallory.header())).html), 'mallory');
      assert.equal(signedInAs((await pageFor(workers[kind], sessions[kind].victim.header())).html), 'victim');
    }
  });

  it('signed chunks sent to the sealed app of the same secret and name, and sealed ones to the signed app, read as no session', { timeout: 30_000 }, async () => {
    for (const [from, to] of [['signed', 'sealed'], ['sealed', 'signed']]) {
      const page = await pageFor(workers[to], sessions[from].mallory.header());
      assert.equal(page.status, 200);
      assert.equal(signedInAs(page.html), 'stranger', `${from} cookies opened a session in the ${to} app`);
    }
  });

  it("the attacker's first cookie beside the victim's other chunks, and the other way round, read as no session", { timeout: 30_000 }, async () => {
    for (const kind of ['signed', 'sealed']) {
      const mallory = sessionPairs(sessions[kind].mallory);
      const victim = sessionPairs(sessions[kind].victim);
      assert.equal(mallory.length, victim.length, 'the two sessions span as many cookies');
      for (const header of [[mallory[0], ...victim.slice(1)], [victim[0], ...mallory.slice(1)]]) {
        const page = await pageFor(workers[kind], header.join('; '));
        assert.equal(page.status, 200);
        assert.equal(signedInAs(page.html), 'stranger');
      }
    }
  });

  it('two Cookie headers (a raw HTTP/1.1 request), the session in either or split across them: a page, never a 500', { timeout: 30_000 }, async () => {
    for (const kind of ['signed', 'sealed']) {
      const pairs = sessionPairs(sessions[kind].mallory);
      for (const cookies of [[pairs.join('; '), 'a=1'], ['a=1', pairs.join('; ')], [pairs[0], pairs.slice(1).join('; ')], [...pairs]]) {
        const { status, html } = await rawGet(workers[kind].directUrl, cookies.map((cookie) => `Cookie: ${cookie}`));
        assert.equal(status, 200);
        assert.match(signedInAs(html), /^(stranger|mallory)$/);
      }
      assert.equal(signedInAs((await pageFor(workers[kind], sessions[kind].mallory.header())).html), 'mallory', 'the Worker still serves');
    }
  });

  it("a burst of hostile cookies beside a victim's requests: every one of the victim's pages is the victim's", { timeout: 60_000 }, async () => {
    for (const kind of ['signed', 'sealed']) {
      const worker = workers[kind];
      const mallory = sessionPairs(sessions[kind].mallory);
      const value = mallory[0].slice(mallory[0].indexOf('=') + 1);
      const stranger = [
        `${COOKIE}=${value.slice(0, value.length >> 1)}`, // truncated
        `${COOKIE}=${'%'.repeat(4000)}`, // escapes that are none
        `${COOKIE}="${value}`, // a quote left open
        `${COOKIE}=99~${value.replace(/^\d+~/, '')}`, // a count past chunks
        [mallory[0], ...mallory.slice(1).map((pair) => pair.replace(/=(.)/, '=$1$1'))].join('; '), // a chunk one character longer
        `${mallory.join('; ')}; ${COOKIE}.4=${'A'.repeat(3000)}`, // an extra chunk
        `${COOKIE}=${'\u00ff'.repeat(3000)}`, // bytes past ASCII
        `${COOKIE}=${encodeURIComponent(`${Buffer.from('{"userId":"victim","user":{"name":"victim"}}').toString('base64')}.${'A'.repeat(43)}`)}`, // a forged signature
      ];
      const hostile = [...stranger.map((header) => [header, 'stranger']), [`${'x'.repeat(60_000)}=1; ${mallory.join('; ')}`, 'mallory']]; // a crowded header: read
      const victimHeader = sessions[kind].victim.header();
      const requests = [];
      for (let round = 0; round < 3; round++) {
        for (const [header, expected] of hostile) requests.push(pageFor(worker, header).then((page) => ({ expected, ...page })));
        requests.push(pageFor(worker, victimHeader).then((page) => ({ expected: 'victim', ...page })));
      }
      for (const page of await Promise.all(requests)) {
        assert.equal(page.status, 200);
        assert.equal(signedInAs(page.html), page.expected);
      }
      assert.equal(signedInAs((await pageFor(worker, sessions[kind].mallory.header())).html), 'mallory', 'the Worker still serves');
    }
  });
});
