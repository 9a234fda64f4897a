// The example's routes: (request, { session }) -> Response. Session saving is withSession's job.
import { csrfToken, flashError, flashMessage, flashSuccess, getFlashMessages, getKeptForm, keepForm } from 'edge-session';
import { characterCount, checkNotice, firstCodeUnits, loginNameFromFields, MAX_NAME_LENGTH, MAX_NOTES_LENGTH, MAX_NOTES_POSTED, notesWithinLimit, readFormFields } from './form-input.js';
import { renderAboutPage, renderPage } from './page.js';
import { htmlPage, plainText, seeOther } from './responses.js';
import { listsUserSessions, sessionStorageFor, USER_KEY } from './session-storage.js';

const ROUTES = {
  '/': { GET: showPage, POST: flashNotice },
  '/login': { POST: logIn },
  '/logout': { POST: logOut },
  '/logout-others': { POST: logOutOtherDevices },
  '/logout-everywhere': { POST: logOutEverywhere },
  '/notes': { POST: saveNotes },
};

/**
 * What is answered without reading the session (before withSession): /about, unknown paths (a 404, the browser's
 * /favicon.ico) and methods a route does not take. Regression: these went through the session, so each set a
 * cookie and used up a flash message waiting for the next page. Else null: the request goes to route().
 */
export function routeWithoutSession(request) {
  const { pathname } = new URL(request.url);
  if (pathname === '/about') {
    if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed('GET, HEAD'); // regression: 404
    const page = htmlPage(renderAboutPage());
    return request.method === 'HEAD' ? new Response(null, page) : page;
  }
  const methods = Object.hasOwn(ROUTES, pathname) ? ROUTES[pathname] : undefined;
  if (!methods) return plainText('Not found\n', 404);
  // HEAD wherever GET is (RFC 9110 9.3.2): the page's headers, without counting a visit or using up a flash.
  // Regression: HEAD / answered 405.
  if (request.method === 'HEAD' && Object.hasOwn(methods, 'GET')) return new Response(null, htmlPage(null));
  if (!Object.hasOwn(methods, request.method)) return methodNotAllowed(allowed(methods));
  return null;
}

/** The Allow header of a route: its methods, and HEAD with GET. */
function allowed(methods) {
  const names = Object.keys(methods);
  return (names.includes('GET') ? [...names, 'HEAD'] : names).join(', ');
}

function methodNotAllowed(allow) {
  const response = plainText('Method not allowed\n', 405);
  response.headers.set('Allow', allow);
  return response;
}

/** The routes that use the session (routeWithoutSession said the request is one of them). */
export async function route(request, { session, env }) {
  return ROUTES[new URL(request.url).pathname][request.method](request, session, env);
}

/**
 * GET /: count the visit and show the page, with what the previous request flashed: its messages, and a form it
 * sent back (the user's text and what was wrong with it). All of it once: a reload shows neither.
 */
async function showPage(request, session, env) {
  const visits = visitCount(session) + 1;
  session.set('visits', visits);
  const saved = session.get('notes');
  const notes = typeof saved === 'string' ? saved : '';
  const userId = userIdOf(session);
  // The user's sessions, this one marked; only a server-side storage has the list.
  const devices = userId !== undefined && listsUserSessions(env) ? await sessionStorageFor(env).listUserSessions(userId, { current: session }) : undefined;
  return htmlPage(
    renderPage({
      visits,
      user: session.get('user'),
      notices: getFlashMessages(session),
      keptForm: getKeptForm(session),
      csrf: () => csrfToken(session),
      notes,
      inCookie: !listsUserSessions(env),
      devices,
    }),
  );
}

/** POST /: flash the message for the next GET; if it is not valid, send the form back with what was typed. */
async function flashNotice(request, session) {
  const { notice, errors, fields } = checkNotice(await readFormFields(request));
  if (notice) {
    flashMessage(session, notice.severity, notice.message);
  } else {
    keepForm(session, fields, errors);
    flashError(session, 'Your message was not sent: please correct the form.');
  }
  return seeOther('/');
}

/** POST /login: a new session id for the signed-in user, so an id known before sign-in is worthless after it. */
async function logIn(request, session) {
  const field = await readFormFields(request);
  const name = loginNameFromFields(field);
  if (name === null) {
    keepForm(session, { name: field('name').slice(0, MAX_NAME_LENGTH) }, { name: `Please type a name (at most ${MAX_NAME_LENGTH} characters) to sign in.` });
    flashError(session, 'You are not signed in.');
    return seeOther('/');
  }
  await session.regenerateId(true);
  session.set('user', { name });
  // The name is the user's identity in this demo: the same name on two browsers is one user with two sessions.
  session.set(USER_KEY, name);
  flashSuccess(session, `Signed in as ${name}.`);
  return seeOther('/');
}

/**
 * POST /notes: keep the notes in the session (what fits, in a cookie session: several cookies when large); empty
 * removes them. The page shows them back in the box, to edit. Counts are characters (code points), as people count.
 */
async function saveNotes(request, session, env) {
  const posted = (await readFormFields(request))('notes');
  // The box's own text: its line breaks one unit each, as its maxlength counts them (a form posts them as CRLF),
  // and at most MAX_NOTES_LENGTH units. Regression (audit): a script's 20,000 letters were all kept.
  const inBox = firstCodeUnits(posted, MAX_NOTES_POSTED).replace(/\r\n?/g, '\n');
  const typed = firstCodeUnits(inBox, MAX_NOTES_LENGTH);
  const inCookie = !listsUserSessions(env);
  const notes = inCookie ? notesWithinLimit(typed) : typed;
  if (notes === '') session.unset('notes');
  else session.set('notes', notes);
  // What was sent, counted before any cut (regression, review: counted after it, a cut went unsaid); a post past
  // what a full box sends is not segmented whole (it can be megabytes).
  const [kept, sent] = [characterCount(notes), characterCount(typed)];
  const beyondBox = posted.length > MAX_NOTES_POSTED || inBox.length > typed.length;
  const ofSent = beyondBox ? `more than ${sent}` : `${sent}`;
  const cut = kept < sent || beyondBox ? ` of ${ofSent}: the rest does not fit ${inCookie ? 'a cookie session' : 'the notes'}` : '';
  flashSuccess(session, `Notes saved (${kept} characters${cut}).`);
  return seeOther('/');
}

/** POST /logout: forget everything; withSession answers with an expiring cookie. */
function logOut(request, session) {
  session.destroy();
  return seeOther('/');
}

/**
 * POST /logout-others: "sign out of my other devices". Every other session of the user ends; this one is kept
 * (for cookie sessions it is signed in anew, and this response rewrites its cookie).
 */
async function logOutOtherDevices(request, session, env) {
  const userId = userIdOf(session);
  if (userId === undefined) return seeOther('/');
  const ended = await sessionStorageFor(env).revokeUserSessions(userId, { except: session });
  // A new ID (and CSRF secret) for this device too: the button is pressed when a cookie may have been copied, and a
  // copy of this device's own would otherwise stay signed in on the server-side storages. Regression (pentest pass).
  session.regenerateId(true);
  // A cookie storage's count is an upper bound (a browser may have dropped a cookie it counts): no number then.
  const counted = listsUserSessions(env) && typeof ended === 'number';
  flashSuccess(session, counted ? `Signed out of ${ended} other ${ended === 1 ? 'device' : 'devices'}.` : 'Signed out of your other devices.');
  return seeOther('/');
}

/** POST /logout-everywhere: every session of the user ends, this one too. */
async function logOutEverywhere(request, session, env) {
  const userId = userIdOf(session);
  if (userId !== undefined) await sessionStorageFor(env).revokeUserSessions(userId);
  session.destroy();
  return seeOther('/');
}

/** The signed-in user's ID, or undefined for a visitor. */
function userIdOf(session) {
  const userId = session.get(USER_KEY);
  return typeof userId === 'string' && userId !== '' ? userId : undefined;
}

function visitCount(session) {
  const visits = session.get('visits');
  return Number.isSafeInteger(visits) && visits >= 0 ? visits : 0;
}
