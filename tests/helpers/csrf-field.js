// The example's forms carry edge-session's CSRF token in a hidden `_csrf` field; tests post it back as a browser would.

/** The value of the first `_csrf` hidden input in `html` (each form has its own, all valid). Throws when there is none. */
export function csrfFieldOf(html) {
  const match = /<input type="hidden" name="_csrf" value="([A-Za-z0-9_-]+)">/.exec(html);
  if (!match) throw new Error('the page has no _csrf field');
  return match[1];
}
