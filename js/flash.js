// Flash helpers in Revel's manner: Flash.Success(msg) / Flash.Error(msg) are
// flashSuccess / flashError (and warning, info); FlashParams() plus
// Validation.Keep() is keepForm: the submitted fields and what was wrong with
// each survive the Post/Redirect/Get redirect and are read back once.
// Superflare reads a flash with session.getFlash(key); so does this package.
// Everything here is ordinary session.flash data: one request, then gone.

import { keptFields } from './kept-fields.js';
import { checkSessionArgument, encodedTwice, isRecord, setOwn } from './internal.js';
import { shownOption } from './errors.js';
import { refuseUnknownKeys } from './storage-options.js';

/** The severities the shortcuts flash, each under its own flash key. */
export const FLASH_SEVERITIES = Object.freeze(['success', 'error', 'warning', 'info']);

/** The flash key keepForm uses. */
export const KEPT_FORM_KEY = '_form';

function checkSeverity(severity) {
  if (!FLASH_SEVERITIES.includes(severity)) {
    // At most 40 characters of it: an app may pass a form's field through, and the message reaches logs.
    throw new TypeError(`Flash severity must be one of ${FLASH_SEVERITIES.join(', ')}, got ${String(JSON.stringify(severity)).slice(0, 40)}`);
  }
}

/**
 * Flashes `message` under the key `severity` ('success', 'error', 'warning'
 * or 'info') for the next request. A second message of one severity in the
 * same request replaces the first.
 * @param {import('./session.js').Session} session
 * @param {'success' | 'error' | 'warning' | 'info'} severity
 * @param {string} message
 * @example
 * flashMessage(session, form.get('severity'), 'Saved.');
 */
export function flashMessage(session, severity, message) {
  checkSeverity(severity);
  flashed(session, severity, message, 'flashMessage(session, severity, message)');
}

/**
 * A shortcut's flash: the message a string, as getFlashMessages types what it reads back. Regression (black-box
 * pass): 123 and null were stored, and read back as messages.
 */
function flashed(session, severity, message, caller) {
  checkSessionArgument(session, caller, 'flash');
  if (typeof message !== 'string') throw new TypeError(`${caller}: message must be a string, got ${message === null ? 'null' : typeof message}`);
  session.flash(severity, message);
}

/**
 * Revel's Flash.Success: a message for the next request, under the flash key 'success'.
 * @param {import('./session.js').Session} session
 * @param {string} message
 * @example
 * flashSuccess(session, 'Your changes were saved.');
 * return Response.redirect(new URL('/', request.url), 303);
 */
export function flashSuccess(session, message) {
  flashed(session, 'success', message, 'flashSuccess(session, message)');
}

/**
 * Revel's Flash.Error: a message for the next request, under the flash key 'error'.
 * @param {import('./session.js').Session} session
 * @param {string} message
 * @example
 * flashError(session, 'That name is taken.');
 */
export function flashError(session, message) {
  flashed(session, 'error', message, 'flashError(session, message)');
}

/**
 * A warning for the next request, under the flash key 'warning'.
 * @param {import('./session.js').Session} session
 * @param {string} message
 * @example
 * flashWarning(session, 'Your trial ends tomorrow.');
 */
export function flashWarning(session, message) {
  flashed(session, 'warning', message, 'flashWarning(session, message)');
}

/**
 * A notice for the next request, under the flash key 'info'.
 * @param {import('./session.js').Session} session
 * @param {string} message
 * @example
 * flashInfo(session, 'You have been signed out.');
 */
export function flashInfo(session, message) {
  flashed(session, 'info', message, 'flashInfo(session, message)');
}

/**
 * The flash value that arrived with this request under `key` (flashed by the
 * previous one), or undefined. Unlike get(), never a stored value, and a
 * value stored under the same key does not hide it. Reading it does not keep
 * it: flash is gone after this request, read or not.
 * @param {import('./session.js').Session} session
 * @param {string} key
 * @example
 * const notice = getFlash(session, 'success'); // or session.getFlash('success')
 */
export function getFlash(session, key) {
  checkSessionArgument(session, 'getFlash(session, key)', 'getFlash');
  return session.getFlash(key);
}

/**
 * The messages the shortcuts flashed in the previous request, in the order
 * of FLASH_SEVERITIES: `[{ severity, message }]`, empty when there are none;
 * only strings (a value flashed by hand under a severity is read with getFlash).
 * @param {import('./session.js').Session} session
 * @example
 * for (const { severity, message } of getFlashMessages(session)) html += `<p class="${severity}">${escapeHtml(message)}</p>`;
 */
export function getFlashMessages(session) {
  checkSessionArgument(session, 'getFlashMessages(session)', 'getFlash');
  const messages = [];
  for (const severity of FLASH_SEVERITIES) {
    // Only strings are messages (the shortcuts flash no other): a value flashed by hand under a severity's key
    // stays the app's, read with getFlash. Regression (s47 pass): { code: 1 } was listed as a message.
    const message = session.getFlash(severity);
    if (typeof message === 'string') messages.push({ severity, message });
  }
  return messages;
}

/**
 * The most a kept form's fields take by default, in bytes of their JSON (names and values; more for text whose
 * base64 is full of `+` and `/`, see kept-fields.js): with the cookie storage they ride in its 4 KB beside the rest
 * of the session, and the client chooses what a form carries.
 * Regression (audit of issue 10): every field was kept, so one long field (or many) made the commit too large for
 * the cookie, and README's own idiom answered 500; on any storage, past 128 KiB keepForm threw.
 */
export const KEPT_FORM_MAX_BYTES = 2048;

/**
 * keepForm's budget when not given: 3/4 of KEPT_FORM_MAX_BYTES (1536) for a session read by Remix v3's read()
 * from a storage that seals, whose sealed text Remix's Cookie base64-encodes once more (4/3 of the bytes again).
 * Regression (review): the full budget made a cookie past 4096 bytes there, and save threw (a 500).
 */
function defaultKeptBytes(session) {
  return encodedTwice.has(session) ? (KEPT_FORM_MAX_BYTES * 3) / 4 : KEPT_FORM_MAX_BYTES;
}

/** Refused, as every options object of the package refuses them: `onlyy` would keep every field posted. */
function checkKeepArguments(errors, options) {
  if (errors != null && !isRecord(errors)) throw new TypeError('keepForm(session, form, errors): errors must be an object of messages by field name');
  if (options !== undefined && !isRecord(options)) throw new TypeError('keepForm(session, form, errors, options): options must be an object such as { only: [...] }');
  refuseUnknownKeys(options, ['only', 'omit', 'maxBytes'], 'keepForm(session, form, errors, options)');
}

function checkKeepOptions({ only, omit, maxBytes }) {
  for (const [name, list] of [['only', only], ['omit', omit]]) {
    if (list !== undefined && !(Array.isArray(list) && list.every((entry) => typeof entry === 'string'))) {
      throw new TypeError(`keepForm option ${name} must be an array of field names`);
    }
  }
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new TypeError(`keepForm option maxBytes must be a whole number of bytes, got ${shownOption(maxBytes)}`);
  }
}

/**
 * Revel's FlashParams() and Validation.Keep() in one: keeps the submitted
 * fields and the per-field errors for the next request only, so the form the
 * user is redirected back to still holds what they typed and says what was
 * wrong; a reload clears it. With cookie storage the fields ride in the
 * (signed, not encrypted) cookie. Files, `_csrf` and fields named like a password
 * a typed code or a secret (pass1, passConfirm, oldpwd, psw, passwort, pinCode, api_key: secret-field-names.js)
 * are never kept.
 * @param {import('./session.js').Session} session
 * @param {FormData | URLSearchParams | Record<string, string | string[]>} form the submitted fields
 * @param {Record<string, string>} [errors] what was wrong, by field name
 * @param {{ only?: string[], omit?: string[], maxBytes?: number }} [options] `only`: the fields to keep (the form
 *   shows back), others left out; `omit`: fields not to keep; `maxBytes`: the most the kept fields take as JSON
 *   (KEPT_FORM_MAX_BYTES, 2048; 1536 under Remix v3's read/save with `encrypt`; text whose base64 holds many `+`
 *   and `/` counts up to 3 times), a field past it left out whole, every value of a repeated name
 * @example
 * const form = await request.formData();
 * if (!form.get('title')) {
 *   keepForm(session, form, { title: 'Please give a title.' }, { only: ['title', 'body'] });
 *   return Response.redirect(new URL('/new', request.url), 303);
 * }
 */
export function keepForm(session, form, errors = {}, options = undefined) {
  checkSessionArgument(session, 'keepForm(session, form)', 'flash');
  // Regression (audit): options of another type ('title') and unknown names ({ onlyy }) were taken as none.
  checkKeepArguments(errors, options);
  const { only, omit, maxBytes = defaultKeptBytes(session) } = options ?? {};
  checkKeepOptions({ only, omit, maxBytes });
  const keptErrors = {};
  for (const [name, message] of Object.entries(errors ?? {})) {
    // Regression (review): assigned, an error for a field named __proto__ set the object's prototype and was lost,
    // while the field itself was kept.
    if (typeof message === 'string') setOwn(keptErrors, name, message);
  }
  session.flash(KEPT_FORM_KEY, { fields: keptFields(form, { only, omit, maxBytes }), errors: keptErrors });
}

/**
 * What keepForm kept in the previous request: `{ fields, errors }`, both
 * empty objects when nothing was kept (a first visit, or a reload).
 * @param {import('./session.js').Session} session
 * @returns {{ fields: Record<string, string | string[]>, errors: Record<string, string> }}
 * @example
 * const { fields, errors } = getKeptForm(session);
 * html += `<input name="title" value="${escapeHtml(fields.title ?? '')}">`;
 * if (errors.title) html += `<p class="error">${escapeHtml(errors.title)}</p>`;
 */
export function getKeptForm(session) {
  checkSessionArgument(session, 'getKeptForm(session)', 'getFlash');
  const kept = session.getFlash(KEPT_FORM_KEY);
  const valid = kept !== null && typeof kept === 'object';
  const fields = valid && kept.fields !== null && typeof kept.fields === 'object' ? kept.fields : {};
  const errors = valid && kept.errors !== null && typeof kept.errors === 'object' ? kept.errors : {};
  return { fields, errors };
}
