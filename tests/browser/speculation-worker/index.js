// Test Worker for tests/browser/speculative-loads.test.js. Under /cookie/ a cookie session, under /kv/ a Workers KV
// one, both behind withSession with csrf:
//   GET  /<store>/?rules=prefetch|prerender  who is signed in, Speculation Rules asking the browser to load
//        /<store>/account at once, a link to it, and a sign-out button that posts by script and then goes to the
//        account page (htmx's HX-Redirect, Turbo, a SPA: the document stays, and so do its speculative loads)
//   GET  /<store>/account                     who is signed in, as the account page shows it
//   POST /<store>/login (name)                signs in: regenerateId(true), user set; 303 to the page
//   POST /<store>/logout                      session.destroy(); 204
//   GET  /<store>/landing?rules=...           a first page loading the form pages /fast and /slow at once
import { createCookieSessionStorage, createWorkersKVSessionStorage, csrfToken, withSession } from 'edge-session';

const storages = new WeakMap();
function storagesFor(env) {
  let made = storages.get(env);
  if (!made) {
    const cookie = (name) => ({ name, secrets: [env.SESSION_SECRET], httpOnly: true, sameSite: 'lax', maxAge: 3600 });
    made = {
      cookie: createCookieSessionStorage({ cookie: cookie('__cookie_session') }),
      kv: createWorkersKVSessionStorage({ cookie: cookie('__kv_session'), kv: env.SESSION_KV }),
    };
    storages.set(env, made);
  }
  return made;
}

const html = (body) =>
  new Response(`<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`, {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  });
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function route(store) {
  return async (request, { session }) => {
    const url = new URL(request.url);
    const path = url.pathname.slice(store.length);
    const user = session.get('user');
    const who = `<p id="who">${user ? `signed in as ${escape(user)}` : 'signed out'}</p>`;
    if (request.method === 'GET' && path === '/') {
      const kind = url.searchParams.get('rules') === 'prerender' ? 'prerender' : 'prefetch';
      const token = csrfToken(session);
      return html(`${who}
<script type="speculationrules">${JSON.stringify({ [kind]: [{ urls: [`${store}/account`], eagerness: 'immediate' }] })}</script>
<a id="account" href="${store}/account">account</a>
<form method="post" action="${store}/login"><input type="hidden" name="_csrf" value="${token}"><input name="name" value="alice"><button id="login">sign in</button></form>
<button id="logout" data-token="${token}">sign out</button>
<script>
document.getElementById('logout').addEventListener('click', async (event) => {
  const response = await fetch('${store}/logout', { method: 'POST', headers: { 'X-CSRF-Token': event.target.dataset.token } });
  document.title = 'signed out ' + response.status;
});
</script>`);
    }
    if (request.method === 'GET' && path === '/account') return html(who);
    // A first page that reads nothing, whose rules load two form pages at once (eagerness immediate), each starting
    // a session of its own for a visitor without one; /slow answers last, so its cookie is the one the browser keeps.
    if (request.method === 'GET' && path === '/landing') {
      return html(`<script type="speculationrules">${JSON.stringify({ [url.searchParams.get('rules') === 'prerender' ? 'prerender' : 'prefetch']: [{ urls: [`${store}/fast`, `${store}/slow`], eagerness: 'immediate' }] })}</script>
<a id="fast" href="${store}/fast">fast</a>`);
    }
    if (request.method === 'GET' && (path === '/fast' || path === '/slow')) {
      await new Promise((resolve) => setTimeout(resolve, path === '/slow' ? 500 : 100));
      return html(`<form method="post" action="${store}/posted"><input type="hidden" name="_csrf" value="${csrfToken(session)}"><button id="post">post</button></form>`);
    }
    if (request.method === 'POST' && path === '/posted') return html('<p id="posted">posted</p>');
    if (request.method === 'POST' && path === '/login') {
      const form = await request.formData();
      session.regenerateId(true);
      session.set('user', String(form.get('name') ?? 'someone'));
      return new Response(null, { status: 303, headers: { Location: `${store}/` } });
    }
    if (request.method === 'POST' && path === '/logout') {
      session.destroy();
      return new Response(null, { status: 204 });
    }
    return new Response('not found', { status: 404 });
  };
}

const fetches = {};
export default {
  fetch(request, env, ctx) {
    const store = new URL(request.url).pathname.startsWith('/kv/') ? 'kv' : 'cookie';
    fetches[store] ??= withSession((e) => storagesFor(e)[store], route(`/${store}`), { csrf: true });
    return fetches[store](request, env, ctx);
  },
};
