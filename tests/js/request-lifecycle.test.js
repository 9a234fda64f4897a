// js/request-lifecycle.js: the per-request steps withSession, the Hono and the
// React Router middleware share.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { appendSetCookie, closeSession, finishSession, openSession, sessionSetCookie, storageResolver } from '../../js/request-lifecycle.js';
import { loadCore } from '../../js/loader.js';

const storage = () => createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });

describe('appendSetCookie', () => {
  it('appends one header to a copy, keeping the others', () => {
    const original = new Response('body', { headers: [['Set-Cookie', 'a=1'], ['X-Kept', 'yes']] });
    const copy = appendSetCookie(original, 'b=2');
    assert.notEqual(copy, original);
    assert.deepEqual(copy.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.equal(copy.headers.get('X-Kept'), 'yes');
    assert.deepEqual(original.headers.getSetCookie(), ['a=1'], 'the original is untouched');
  });

  it('appends several headers, each on its own (chunked cookies)', () => {
    const copy = appendSetCookie(new Response('x'), ['s.0=a; Path=/', 's.1=b; Path=/']);
    assert.deepEqual(copy.headers.getSetCookie(), ['s.0=a; Path=/', 's.1=b; Path=/']);
  });

  it('returns the response itself when there is nothing to write', () => {
    const response = Response.redirect('http://example.test/', 303);
    assert.equal(appendSetCookie(response, undefined), response);
    assert.equal(appendSetCookie(response, []), response);
  });

  it('copies a response with immutable headers', () => {
    const copy = appendSetCookie(Response.redirect('http://example.test/next', 303), 'a=1');
    assert.equal(copy.status, 303);
    assert.equal(copy.headers.get('Location'), 'http://example.test/next');
    assert.deepEqual(copy.headers.getSetCookie(), ['a=1']);
  });
});

describe('sessionSetCookie', () => {
  it('writes nothing for an untouched session', async () => {
    const s = storage();
    const session = await s.getSession(null);
    assert.equal(await sessionSetCookie(s, session, new Response('x')), undefined);
    session.dispose();
  });

  it('commits a dirty session and expires a destroyed one', async () => {
    const s = storage();
    const dirty = await s.getSession(null);
    dirty.set('a', 1);
    assert.match([].concat(await sessionSetCookie(s, dirty, new Response('x')))[0], /^__session=[^;]+; Path=\//);
    const destroyed = await s.getSession(null);
    destroyed.destroy();
    assert.match([].concat(await sessionSetCookie(s, destroyed, new Response('x')))[0], /^__session=; Max-Age=0/);
    dirty.dispose();
    destroyed.dispose();
  });
});

describe('a request through openSession, finishSession and closeSession', () => {
  it('commits onto the response and frees the session', async () => {
    const core = await loadCore();
    const before = core.liveSessionCount();
    const s = storage();
    const session = await openSession(s, null);
    let response;
    try {
      session.set('user', 'ada');
      response = await finishSession(s, session, new Response('ok', { headers: { 'Set-Cookie': 'theme=dark' } }));
    } finally {
      await closeSession(s, session);
    }
    assert.equal(response.headers.getSetCookie().length, 2);
    assert.equal(response.headers.getSetCookie()[0], 'theme=dark');
    assert.equal(core.liveSessionCount(), before);
  });

  // Regression: closeSession disposed the session, so a streamed body (Hono's stream(), React Router's deferred
  // loader data) that read it after the handler returned threw SESSION_DISPOSED and was cut short.
  it('after the request the session stays readable, holds no memory, and refuses changes (SESSION_ENDED)', async () => {
    const core = await loadCore();
    const before = core.liveSessionCount();
    const s = storage();
    const untouched = await openSession(s, null);
    const committed = await openSession(s, null);
    committed.set('user', 'ada');
    await finishSession(s, committed, new Response('ok'));
    for (const session of [untouched, committed]) await closeSession(s, session);
    assert.equal(core.liveSessionCount(), before, 'the memory is freed at the end of the request');
    assert.equal(committed.get('user'), 'ada', 'a streamed body still reads it');
    assert.equal(untouched.get('user'), undefined);
    const ended = (error) => error.code === 'SESSION_ENDED';
    assert.throws(() => committed.set('user', 'grace'), ended);
    assert.throws(() => untouched.flash('notice', 'late'), ended);
    assert.throws(() => committed.destroy(), ended);
    await assert.rejects(s.commitSession(untouched), ended);
    assert.equal(committed.get('user'), 'ada');
    // Regression (review): each read after the request restored the session into WASM memory until GC.
    await Promise.resolve();
    assert.equal(core.liveSessionCount(), before, 'a read after the request holds no memory once it returns');
    committed.dispose();
    untouched.dispose();
    assert.equal(core.liveSessionCount(), before);
  });
});

describe('storageResolver', () => {
  it('makes one storage per env object, and one for every call without env', () => {
    let made = 0;
    const resolve = storageResolver(() => (made++, storage()), 'test');
    const env = {};
    assert.equal(resolve(env), resolve(env));
    assert.equal(resolve(undefined), resolve(undefined));
    assert.equal(made, 2);
  });

  it('refuses what is neither a storage nor a function, and a factory returning no storage', () => {
    assert.throws(() => storageResolver('nope', 'sessionMiddleware(storage)'), /sessionMiddleware\(storage\): storageFactory must be/);
    assert.throws(() => storageResolver(() => ({}), 'test')({}), /must return a session storage/);
  });
});

// Regression (audit): a handler that changed the session and answered Response.error() (status 0) made finishSession
// throw a RangeError copying it to add a Set-Cookie; a failed response commits nothing, as a 5xx does.
describe('finishSession and a network error response', () => {
  it('passes Response.error() through and commits nothing (RangeError copying it)', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    const session = await openSession(storage, null);
    session.set('changed', true);
    const error = Response.error();
    assert.equal(await finishSession(storage, session, error), error);
    await closeSession(storage, session);
  });
});
