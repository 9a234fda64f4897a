// Escapes text for HTML element content and double- or single-quoted attribute values.
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `escapeHtml('<b>"hi"</b>')` -> `&lt;b&gt;&quot;hi&quot;&lt;/b&gt;`. Anything not a string is stringified first. */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (char) => ENTITIES[char]);
}
