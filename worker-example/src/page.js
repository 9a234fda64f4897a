// Renders the example's only page. Every value that came from a user goes through escapeHtml.
import { escapeHtml } from './escape-html.js';
import { characterCount, MAX_MESSAGE_LENGTH, MAX_NAME_LENGTH, MAX_NOTES_LENGTH, SEVERITIES } from './form-input.js';

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; background: #f4f5f7; color: #1f2328; }
  main { max-width: 34rem; margin: 3rem auto; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
  .lead { margin: 0 0 1.5rem; color: #57606a; }
  section { background: #fff; border: 1px solid #d0d7de; border-radius: .5rem; padding: 1.25rem; margin-bottom: 1rem; }
  h2 { font-size: 1rem; margin: 0 0 .75rem; }
  label { display: block; font-size: .875rem; font-weight: 600; margin: .5rem 0 .25rem; }
  input, select, textarea { background: #fff; box-sizing: border-box; width: 100%; padding: .5rem; font: inherit; border: 1px solid #d0d7de; border-radius: .375rem; }
  button { margin-top: .75rem; padding: .5rem 1rem; font: inherit; font-weight: 600; border: 0; border-radius: .375rem; background: #0969da; color: #fff; cursor: pointer; }
  button.secondary { background: #eaeef2; color: #1f2328; }
  .inline { display: flex; gap: .5rem; align-items: end; }
  .inline > div { flex: 1; }
  .inline button { margin-top: 0; }
  .actions { display: flex; flex-wrap: wrap; gap: .5rem; }
  .actions button { margin-top: 0; }
  ul.devices { margin: 0 0 .75rem; padding-left: 1.25rem; font-size: .875rem; }
  footer { font-size: .8125rem; color: #57606a; text-align: center; }
  .visits { font-variant-numeric: tabular-nums; }
  dialog.notice { position: static; width: auto; box-sizing: border-box; margin: 0 0 1rem; padding: .75rem 1rem; border: 1px solid; border-left-width: .375rem; border-radius: .5rem;
    display: flex; gap: 1rem; align-items: center; }
  dialog.notice:not([open]) { display: none; }
  dialog.notice p { margin: 0; flex: 1; overflow-wrap: anywhere; }
  h1, .lead, li { overflow-wrap: anywhere; } /* a long one-word name must not widen a phone's page */
  dialog.notice form button { margin: 0; padding: .25rem .75rem; background: transparent; color: inherit; border: 1px solid currentColor; }
  dialog.notice--info { background: #ddf4ff; border-color: #54aeff; color: #0a3069; }
  dialog.notice--success { background: #dafbe1; border-color: #4ac26b; color: #116329; }
  dialog.notice--warning { background: #fff8c5; border-color: #d4a72c; color: #4d2d00; }
  dialog.notice--error { background: #ffebe9; border-color: #ff8182; color: #82071e; }
  [aria-invalid="true"] { border-color: #cf222e; box-shadow: 0 0 0 1px #cf222e; }
  .field-error { margin: .25rem 0 0; font-size: .875rem; color: #a40e26; }
`;

function head(title) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>`;
}

/**
 * The form field withSession's csrf option looks for. `csrf()` is edge-session's csrfToken(session): a
 * differently masked token for each form, all valid.
 */
function csrfField(csrf) {
  return `<input type="hidden" name="_csrf" value="${escapeHtml(csrf())}">`;
}

/**
 * The whole page.
 * @param {{ visits: number, user: { name: string } | undefined, notices: { message: string, severity: string }[],
 *   keptForm: { fields: Record<string, unknown>, errors: Record<string, string> }, csrf: () => string,
 *   notes?: string, inCookie?: boolean, devices?: { createdAt: number, lastSeenAt: number, current?: boolean }[] }} state
 *   notices and keptForm are what the previous request flashed (edge-session's getFlashMessages / getKeptForm);
 *   csrf gives each form its token; notes are the saved notes (inCookie: the whole session rides in cookies);
 *   devices are the user's sessions (listUserSessions), when the storage lists them
 */
export function renderPage({ visits, user, notices = [], keptForm = { fields: {}, errors: {} }, csrf, notes = '', inCookie = true, devices }) {
  return `${head('edge-session example')}
<body>
<main>
  ${notices.map((notice) => renderNotice(notice, csrf)).join('\n  ')}
  <h1>${user ? `Hello, ${escapeHtml(user.name)}!` : 'Hello, stranger!'}</h1>
  <p class="lead">You have seen this page <strong class="visits" data-visits="${visits}">${visits}</strong> ${visits === 1 ? 'time' : 'times'} in this session.</p>
  ${renderFlashForm(keptForm, csrf)}
  ${renderNotesForm(notes, inCookie, csrf)}
  ${user ? renderSessionSection(csrf, devices) : renderLoginForm(keptForm, csrf)}
  <footer>Your session rides on the <code>__Host-session</code> cookie, managed by edge-session. <a href="/about">About</a></footer>
</main>
</body>
</html>
`;
}

function renderNotice({ message, severity }, csrf) {
  // Only known severities become a class name; anything else is shown as info.
  const kind = SEVERITIES.includes(severity) ? severity : 'info';
  // `<form method="dialog">` closes the dialog without any script (the page's CSP allows none). It never posts; it
  // carries the token all the same, so that every form of the page does (issue 14), whatever a later edit makes it.
  // The dialog keeps its own role (getByRole('dialog')); the message inside is the live region screen readers read.
  return `<dialog open class="notice notice--${kind}" data-severity="${kind}" aria-label="${kind[0].toUpperCase()}${kind.slice(1)} notice">
  <p role="${kind === 'error' ? 'alert' : 'status'}">${escapeHtml(message)}</p>
  <form method="dialog">${csrfField(csrf)}<button type="submit">Close</button></form>
</dialog>`;
}

/** A kept field's text ('' when none): what the user typed, sent back after a failed validation. */
function keptText(keptForm, name) {
  const value = keptForm.fields[name];
  return typeof value === 'string' ? value : '';
}

/**
 * The attributes and message of a field the previous submission got wrong (aria-invalid, aria-describedby and
 * the message under the field), or nothing when it was fine.
 */
function fieldError(keptForm, name) {
  const error = keptForm.errors[name];
  if (typeof error !== 'string') return { attributes: '', message: '' };
  return {
    // autofocus: the first field to correct has the focus when the form comes back.
    attributes: ` aria-invalid="true" aria-describedby="${name}-error" autofocus`,
    message: `<p class="field-error" id="${name}-error" data-error-for="${name}">${escapeHtml(error)}</p>`,
  };
}

function renderFlashForm(keptForm, csrf) {
  const keptSeverity = keptText(keptForm, 'severity');
  const options = SEVERITIES.map(
    (s) => `<option value="${s}"${s === keptSeverity ? ' selected' : ''}>${s[0].toUpperCase()}${s.slice(1)}</option>`,
  ).join('');
  const message = fieldError(keptForm, 'message');
  const severity = fieldError(keptForm, 'severity');
  return `<section>
    <h2>Flash a message</h2>
    <form method="post" action="/">
      ${csrfField(csrf)}
      <label for="message">Message</label>
      <input id="message" name="message" maxlength="${MAX_MESSAGE_LENGTH}" autocomplete="off" placeholder="Shown once, on the next page" value="${escapeHtml(keptText(keptForm, 'message'))}"${message.attributes}>
      ${message.message}
      <label for="severity">Severity</label>
      <select id="severity" name="severity"${severity.attributes}>${options}</select>
      ${severity.message}
      <button type="submit">Send</button>
    </form>
  </section>`;
}

function renderNotesForm(notes, inCookie, csrf) {
  const length = characterCount(notes);
  // Where the session lives decides how much fits: the cookies' 16 KB, or the server's record.
  const limit = inCookie
    ? 'about 9,000 characters at most, fewer with accents or emoji: a large session spans several cookies'
    : `${MAX_NOTES_LENGTH.toLocaleString('en')} characters at most, kept on the server`;
  // The saved notes fill the box, to edit: saving replaces them. Regression: the box came back empty, and a
  // second save silently replaced notes the user could not see. The HTML parser drops a line break right after
  // <textarea> (HTML, "in body" insertion mode), so notes that begin with one get one more, for it to drop.
  // Regression (s48): they lost their first line break at each edit and save.
  const leading = notes.startsWith('\n') ? '\n' : '';
  return `<section>
    <h2>Notes</h2>
    <p class="notes" data-notes-length="${length}">${length} characters kept in your session.</p>
    <form method="post" action="/notes">
      ${csrfField(csrf)}
      <label for="notes">Notes (${limit})</label>
      <textarea id="notes" name="notes" maxlength="${MAX_NOTES_LENGTH}" rows="3">${leading}${escapeHtml(notes)}</textarea>
      <button type="submit">Save notes</button>
    </form>
  </section>`;
}

function renderLoginForm(keptForm, csrf) {
  const name = fieldError(keptForm, 'name');
  return `<section>
    <h2>Sign in</h2>
    <form method="post" action="/login" class="inline">
      ${csrfField(csrf)}
      <div>
        <label for="name">Name</label>
        <input id="name" name="name" maxlength="${MAX_NAME_LENGTH}" autocomplete="nickname" required value="${escapeHtml(keptText(keptForm, 'name'))}"${name.attributes}>
        ${name.message}
      </div>
      <button type="submit">Sign in</button>
    </form>
  </section>`;
}

function renderSessionSection(csrf, devices) {
  return `<section>
    <h2>Session</h2>
    ${devices ? renderDevices(devices) : ''}
    <div class="actions">
      <form method="post" action="/logout">
        ${csrfField(csrf)}
        <button type="submit" class="secondary">Log out</button>
      </form>
      <form method="post" action="/logout-others">
        ${csrfField(csrf)}
        <button type="submit" class="secondary">Sign out of my other devices</button>
      </form>
      <form method="post" action="/logout-everywhere">
        ${csrfField(csrf)}
        <button type="submit" class="secondary">Sign out of all devices</button>
      </form>
    </div>
  </section>`;
}

/** The user's sessions, most recently seen first. No session ID is shown: the list only needs the times. */
function renderDevices(devices) {
  const time = (ms) => `<time datetime="${new Date(ms).toISOString()}">${new Date(ms).toUTCString()}</time>`;
  const items = devices.map(
    ({ createdAt, lastSeenAt, current }) =>
      `<li data-device${current ? ' data-current' : ''}>Signed in ${time(createdAt)}, last seen ${time(lastSeenAt)}${current ? ' <strong>(this device)</strong>' : ''}</li>`,
  );
  return `<p>Signed in on ${devices.length} ${devices.length === 1 ? 'device' : 'devices'}:</p>
    <ul class="devices" data-devices="${devices.length}">
      ${items.join('\n      ')}
    </ul>`;
}

/** A page with no form: it reads nothing from the session, so a visitor who only reads it gets no cookie. */
export function renderAboutPage() {
  return `${head('About: edge-session example')}
<body>
<main>
  <h1>About</h1>
  <p class="lead">A demo of edge-session: flash messages, sign-in, and forms protected from cross-site request forgery.
  This page has no form, so visiting it creates no session and sets no cookie.</p>
  <footer><a href="/">Back to the demo</a></footer>
</main>
</body>
</html>
`;
}
