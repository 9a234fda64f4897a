// Reads and validates the example's form posts. Returns plain values; never throws on bad input.
export const SEVERITIES = ['info', 'success', 'warning', 'error'];
// Two, so that "Hi" is a message: only what cannot be one (empty, a single character) is refused.
export const MIN_MESSAGE_LENGTH = 2;
export const MAX_MESSAGE_LENGTH = 280;
export const MAX_NAME_LENGTH = 40;
export const MAX_NOTES_LENGTH = 12_000;

/** The posted fields as strings; a body that is not a form reads as no fields at all. */
export async function readFormFields(request) {
  try {
    const form = await request.formData();
    return (name) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
  } catch {
    return () => '';
  }
}

/**
 * A posted `message`/`severity` checked: `{ notice }` to flash when both are fine, else `{ errors }` saying what is
 * wrong with each field (by field name) and `{ fields }`, what the user typed, bounded, to show back in the form.
 */
export function checkNotice(field) {
  const typed = field('message');
  const message = typed.trim();
  // A post without the field (a script's, not the page's form) is plain information.
  const severity = field('severity') || 'info';
  const errors = {};
  if (message.length === 0) errors.message = 'Please type a message before sending it.';
  else if (message.length < MIN_MESSAGE_LENGTH) errors.message = `Please type at least ${MIN_MESSAGE_LENGTH} characters.`;
  else if (message.length > MAX_MESSAGE_LENGTH) errors.message = `Messages are limited to ${MAX_MESSAGE_LENGTH} characters.`;
  if (!SEVERITIES.includes(severity)) errors.severity = `Severity must be one of ${SEVERITIES.join(', ')}.`;
  if (Object.keys(errors).length === 0) return { notice: { severity, message } };
  // Kept in the session cookie until the next page: bounded, and only what the form shows back.
  return { errors, fields: { message: typed.slice(0, MAX_MESSAGE_LENGTH), severity: SEVERITIES.includes(severity) ? severity : '' } };
}

/** The trimmed login name, or null when it is empty or too long. */
export function loginNameFromFields(field) {
  const name = field('name').trim();
  return name.length > 0 && name.length <= MAX_NAME_LENGTH ? name : null;
}
