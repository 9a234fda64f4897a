// Test Worker for tests/browser/sibling-subdomain.test.js. Under /plain/ the README's quick start cookie (`__session`,
// secure, httpOnly, Path=/, no Domain), under /kv/ a Workers KV storage with the same kind of name
// (`__session_kv`), under /host/ the example's kind of name (`__Host-session`); each behind withSession with csrf:
//   GET  /<store>/...     "user: <name>", "notes: <notes>", and forms (login, notes, logout) with the token
//   POST /<store>/login   regenerateId(true), user set; 303 to /<store>/
//   POST /<store>/notes   notes set; 303
//   POST /<store>/logout  destroy; 303
import { createCookieSessionStorage, createWorkersKVSessionStorage, csrfToken, withSession } from 'edge-session';

const storages = new WeakMap();
function storagesFor(env) {
  let made = storages.get(env);
  if (!made) {
    const cookie = (name) => ({ name, secrets: [env.SESSION_SECRET], httpOnly: true, secure: true, maxAge: 604_800 });
    made = {
      plain: createCookieSessionStorage({ cookie: cookie('__session') }),
      kv: createWorkersKVSessionStorage({ cookie: cookie('__session_kv'), kv: env.SESSION_KV }),
      host: createCookieSessionStorage({ cookie: cookie('__Host-session') }),
    };
    storages.set(env, made);
  }
  return made;
}

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function page(base, session) {
  const token = escape(csrfToken(session));
  return `<!doctype html><html><body>
<p id="user">user: ${escape(session.get('user') ?? 'stranger')}</p>
<p id="notes">notes: ${escape(session.get('notes') ?? '')}</p>
<form id="login" method="post" action="${base}login"><input type="hidden" name="_csrf" value="${token}"><input id="name" name="name"><button>sign in</button></form>
<form id="notes-form" method="post" action="${base}notes"><input type="hidden" name="_csrf" value="${token}"><input id="note" name="notes"><button>save</button></form>
<form id="logout" method="post" action="${base}logout"><input type="hidden" name="_csrf" value="${token}"><button>sign out</button></form>
</body></html>`;
}

const handlers = new Map();
function handlerFor(store) {
  let handler = handlers.get(store);
  if (!handler) {
    handler = withSession(
      (env) => storagesFor(env)[store],
      async (request, { session }) => {
        const url = new URL(request.url);
        const base = `/${store}/`;
        if (request.method === 'POST') {
          const form = await request.formData();
          const action = url.pathname.slice(base.length);
          if (action === 'login') {
            await session.regenerateId(true);
            session.set('user', String(form.get('name')));
          } else if (action === 'notes') {
            session.set('notes', String(form.get('notes')));
          } else if (action === 'logout') {
            session.destroy();
          }
          return new Response(null, { status: 303, headers: { Location: base } });
        }
        return new Response(page(base, session), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
      },
      { csrf: true },
    );
    handlers.set(store, handler);
  }
  return handler;
}

export default {
  fetch(request, env, ctx) {
    const store = new URL(request.url).pathname.split('/')[1];
    if (!['plain', 'kv', 'host'].includes(store)) return new Response('not found', { status: 404 });
    return handlerFor(store)(request, env, ctx);
  },
};
