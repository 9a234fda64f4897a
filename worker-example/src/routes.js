// The example's routes: (request, { session }) -> Response. Session saving is withSession's job.
import { loginNameFromFields, MAX_NOTES_LENGTH, noticeFromFields, readFormFields } from './form-input.js';
import { renderPage } from './page.js';
import { htmlPage, plainText, seeOther } from './responses.js';

const NOTICE_KEY = 'notice';

const ROUTES = {
  '/': { GET: showPage, POST: flashNotice },
  '/login': { POST: logIn },
  '/logout': { POST: logOut },
  '/notes': { POST: saveNotes },
};

export async function route(request, { session }) {
  const { pathname } = new URL(request.url);
  const methods = Object.hasOwn(ROUTES, pathname) ? ROUTES[pathname] : undefined;
  if (!methods) return plainText('Not found\n', 404);
  if (!Object.hasOwn(methods, request.method)) {
    const response = plainText('Method not allowed\n', 405);
    response.headers.set('Allow', Object.keys(methods).join(', '));
    return response;
  }
  return methods[request.method](request, session);
}

/** GET /: count the visit and show the page, with the notice flashed by the previous request if any. */
function showPage(request, session) {
  const visits = visitCount(session) + 1;
  session.set('visits', visits);
  const notes = session.get('notes');
  const notesLength = typeof notes === 'string' ? notes.length : 0;
  return htmlPage(renderPage({ visits, user: session.get('user'), notice: session.get(NOTICE_KEY), notesLength }));
}

/** POST /: flash the message (or what was wrong with it) for the next GET. */
async function flashNotice(request, session) {
  session.flash(NOTICE_KEY, noticeFromFields(await readFormFields(request)));
  return seeOther('/');
}

/** POST /login: a new session id for the signed-in user, so an id known before sign-in is worthless after it. */
async function logIn(request, session) {
  const name = loginNameFromFields(await readFormFields(request));
  if (name === null) {
    session.flash(NOTICE_KEY, { severity: 'error', message: 'Please type a name (at most 40 characters) to sign in.' });
    return seeOther('/');
  }
  await session.regenerateId(true);
  session.set('user', { name });
  session.flash(NOTICE_KEY, { severity: 'success', message: `Signed in as ${name}.` });
  return seeOther('/');
}

/** POST /notes: keep up to 16000 characters in the session (several cookies when large); empty removes them. */
async function saveNotes(request, session) {
  const notes = (await readFormFields(request))('notes').slice(0, MAX_NOTES_LENGTH);
  if (notes === '') session.unset('notes');
  else session.set('notes', notes);
  session.flash(NOTICE_KEY, { severity: 'success', message: `Notes saved (${notes.length} characters).` });
  return seeOther('/');
}

/** POST /logout: forget everything; withSession answers with an expiring cookie. */
function logOut(request, session) {
  session.destroy();
  return seeOther('/');
}

function visitCount(session) {
  const visits = session.get('visits');
  return Number.isSafeInteger(visits) && visits >= 0 ? visits : 0;
}
