// Test Worker for tests/browser/embedded-partitioned.test.js. Under /cookie/ a chunked signed cookie session, under
// /sealed/ a chunked sealed one, under /kv/ a Workers KV one (and /plain/, a cookie not Partitioned, the control;
// /before/, /after/ and /moved/, a cookie moved into CHIPS); every cookie __Host-, SameSite=None, Secure,
// Partitioned, behind withSession with csrf:
//   GET  /<store>/          who is signed in, the flash, the notes' length, forms (login, notes, flash, logout)
//   POST /<store>/login     regenerateId(true), user set, flash 'welcome'; 303 to the page
//   POST /<store>/notes     notes set (a large one spans several cookies); 303
//   POST /<store>/flash     flash 'message'; 303
//   POST /<store>/logout    destroy; 303
import { createCookieSessionStorage, createWorkersKVSessionStorage, csrfToken, withSession } from 'edge-session';

const storages = new WeakMap();
function storagesFor(env) {
  let made = storages.get(env);
  if (!made) {
    const cookie = (name, partitioned = true) => ({ name, secrets: [env.SESSION_SECRET], httpOnly: true, secure: true, sameSite: 'none', partitioned, path: '/', maxAge: 3600 });
    made = {
      // The control: SameSite=None and Secure, not Partitioned (what third-party cookie blocking drops).
      plain: createCookieSessionStorage({ cookie: cookie('__Host-plain', false) }),
      // One cookie name before and after `partitioned: true` was added to it (a deploy that moved an app's cookie
      // into CHIPS): /before/ writes it without Partitioned, /after/ with it.
      before: createCookieSessionStorage({ cookie: cookie('__Host-app', false) }),
      after: createCookieSessionStorage({ cookie: cookie('__Host-app') }),
      // What README says to do instead: a new name, Partitioned, reading the old cookie once (migrateFrom).
      moved: createCookieSessionStorage({ cookie: cookie('__Host-app-p'), migrateFrom: { cookie: cookie('__Host-app', false), format: 'react-router' } }),
      cookie: createCookieSessionStorage({ cookie: cookie('__Host-cookie'), chunks: 5 }),
      sealed: createCookieSessionStorage({ cookie: cookie('__Host-sealed'), chunks: 5, encrypt: true }),
      kv: createWorkersKVSessionStorage({ cookie: cookie('__Host-kv'), kv: env.SESSION_KV }),
    };
    storages.set(env, made);
  }
  return made;
}

const html = (body) =>
  new Response(`<!doctype html><html><head><meta charset="utf-8"><title>app</title></head><body>${body}</body></html>`, {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  });
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const back = (store) => new Response(null, { status: 303, headers: { Location: `/${store}/` } });

function route(store) {
  return async (request, { session }) => {
    const path = new URL(request.url).pathname.slice(store.length + 1);
    if (request.method === 'GET' && path === '/') {
      const user = session.get('user');
      const flash = session.get('message');
      const token = csrfToken(session);
      const field = `<input type="hidden" name="_csrf" value="${token}">`;
      return html(`<p id="who">${user ? `signed in as ${escape(user)}` : 'signed out'}</p>
<p id="flash">${flash ? escape(flash) : ''}</p>
<p id="notes-length">${String(session.get('notes') ?? '').length}</p>
<form id="login" method="post" action="/${store}/login">${field}<input name="name" value="alice"><button>sign in</button></form>
<form id="notes" method="post" action="/${store}/notes">${field}<textarea name="notes"></textarea><button>save</button></form>
<form id="flash-form" method="post" action="/${store}/flash">${field}<input name="message" value="saved"><button>flash</button></form>
<form id="logout" method="post" action="/${store}/logout">${field}<button>sign out</button></form>`);
    }
    if (request.method === 'POST') {
      const form = await request.formData();
      if (path === '/login') {
        session.regenerateId(true);
        session.set('user', String(form.get('name') ?? 'someone'));
        session.flash('message', 'welcome');
        return back(store);
      }
      if (path === '/notes') {
        session.set('notes', String(form.get('notes') ?? ''));
        return back(store);
      }
      if (path === '/flash') {
        session.flash('message', String(form.get('message') ?? ''));
        return back(store);
      }
      if (path === '/logout') {
        session.destroy();
        return back(store);
      }
    }
    return new Response('not found', { status: 404 });
  };
}

const fetches = {};
export default {
  fetch(request, env, ctx) {
    const store = new URL(request.url).pathname.split('/')[1];
    if (!['plain', 'before', 'after', 'moved', 'cookie', 'sealed', 'kv'].includes(store)) return new Response('not found', { status: 404 });
    fetches[store] ??= withSession((e) => storagesFor(e)[store], route(store), { csrf: true });
    return fetches[store](request, env, ctx);
  },
};
