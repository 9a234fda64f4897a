// Reads and validates the example's form posts. Returns plain values; never throws on bad input.
export const SEVERITIES = ['info', 'success', 'warning', 'error'];
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

/** The notice to flash for a posted `message`/`severity`: the message itself, or an error saying what is wrong. */
export function noticeFromFields(field) {
  const message = field('message').trim();
  const severity = field('severity');
  if (message.length === 0) return { severity: 'error', message: 'Please type a message before sending it.' };
  if (message.length > MAX_MESSAGE_LENGTH) {
    return { severity: 'error', message: `Messages are limited to ${MAX_MESSAGE_LENGTH} characters.` };
  }
  if (!SEVERITIES.includes(severity)) {
    return { severity: 'error', message: `Severity must be one of ${SEVERITIES.join(', ')}.` };
  }
  return { severity, message };
}

/** The trimmed login name, or null when it is empty or too long. */
export function loginNameFromFields(field) {
  const name = field('name').trim();
  return name.length > 0 && name.length <= MAX_NAME_LENGTH ? name : null;
}
