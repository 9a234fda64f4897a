// The one page the three framework apps (tests/browser/framework-apps/*) render, so one browser flow
// (tests/helpers/framework-app-flows.js) drives them all: a sign-in form, the user, a flash message, a note form
// (POST-redirect-GET), a logout form and "sign out of my other devices", every form with its CSRF token.
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const USER_KEY = 'userId';

/** @param {{ user?: string, flashes: { severity: string, message: string }[], sent: number, token: () => string }} state */
export function renderHome({ user, flashes, sent, token }) {
  const field = () => `<input type="hidden" name="_csrf" value="${escape(token())}">`;
  const forms = user
    ? `<form id="note" method="post" action="/note">${field()}<input id="message" name="message"><button type="submit">Send</button></form>
<form id="logout" method="post" action="/logout">${field()}<button type="submit">Sign out</button></form>
<form id="logout-others" method="post" action="/logout-others">${field()}<button type="submit">Sign out of my other devices</button></form>`
    : `<form id="login" method="post" action="/login">${field()}<input id="name" name="name"><button type="submit">Sign in</button></form>`;
  return `<!doctype html><html><head><title>app</title></head><body>
<h1>${user ? `Hello, ${escape(user)}!` : 'Hello, stranger!'}</h1>
${flashes.map(({ severity, message }) => `<p class="flash ${severity}">${escape(message)}</p>`).join('\n')}
<p id="sent">${sent}</p>
${forms}
<form id="upload" method="post" action="/upload" enctype="multipart/form-data">${field()}<input id="file" type="file" name="file"><button type="submit">Upload</button></form>
<a href="/about">About</a>
</body></html>`;
}

export const ABOUT = '<!doctype html><html><body><h1>About</h1><a href="/">Home</a></body></html>';

export const html = (body, status = 200) => new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
export const seeOther = (location) => new Response(null, { status: 303, headers: { Location: location } });
/** What /me answers: the signed-in user's ID, or "none". Reads the session, writes nothing. */
export const whoAmI = (session) => new Response(`user: ${session.get(USER_KEY) ?? 'none'}`, { headers: { 'Content-Type': 'text/plain' } });

/** What /upload answers: the file's name and size, as the handler read them from the form. */
export async function uploaded(form) {
  const file = form.get('file');
  return new Response(`got ${file?.name} ${file?.size}`, { headers: { 'Content-Type': 'text/plain' } });
}
