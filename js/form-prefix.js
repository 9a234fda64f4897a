// A form field found in the first bytes of a body too large to hold (js/csrf.js): an upload form whose `_csrf`
// comes before its files, as a hidden input at the top of a form does (browsers send fields in the form's
// order). The check then reads no further and the handler streams the rest. Only what is certain is answered:
// the value the platform's formData().get(name) would give, or null when the prefix proves there is none;
// anything else (a part this scanner does not parse exactly as the platform would, a field cut by the end of the
// prefix) is undefined, and the body is refused as too large, as before.
import { urlencodedField } from './form-body.js';

const AMPERSAND = 0x26;
const CRLF = '\r\n';
const utf8 = new TextDecoder();
const ascii = new TextDecoder('latin1');

// What browsers send: the media type and its boundary alone ("----WebKitFormBoundary…", "----geckoformboundary…"),
// of RFC 2046's boundary characters, quoted or not. Any other parameter may hide a "boundary=" in a quoted
// string or repeat it, which the platform's parser reads its own way. Regression (CSRF model audit): a
// `charset="x; boundary=decoy"` before the real boundary made the scan read the decoy's parts, and a token the
// platform's formData() never sees passed. Around the `;`, only the spaces and tabs the platform's media-type parser
// skips: past another whitespace (a vertical tab, a no-break space) it finds no boundary and refuses the body.
// Regression (s52 mutation pass): `\s` there read the parts of such a body, whose formData() saw no form.
const BROWSER_MULTIPART = /^multipart\/form-data[ \t]*;[ \t]*boundary=(?:"([0-9A-Za-z'()+_,./:=?-]{1,70})"|([0-9A-Za-z'+_.-]{1,70}))[ \t]*$/i;

/** The `boundary` parameter of a multipart/form-data Content-Type as browsers write it; else undefined. */
function boundaryOf(contentType) {
  const match = BROWSER_MULTIPART.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * A part's name and whether it is a file, from its header block, when the block is what browsers send: a
 * Content-Disposition `form-data; name="..."` with an optional `filename="..."`, and optionally a Content-Type.
 * Undefined for anything else (other headers, escapes, parameters in another order or case, a space or tab after
 * the disposition or anything but spaces and tabs before it, which Node's formData() refuses).
 */
function partOf(headerBlock) {
  let disposition;
  let typed = false;
  for (const line of headerBlock.split(CRLF)) {
    const colon = line.indexOf(':');
    const header = line.slice(0, colon).toLowerCase();
    if (header === 'content-disposition' && disposition === undefined) disposition = line.slice(colon + 1).replace(/^[ \t]+/, '');
    else if (header === 'content-type' && !typed) typed = true;
    else return undefined;
  }
  const match = disposition && /^form-data; name="([^"%\\\r\n]*)"(; filename="[^"\r\n]*")?$/.exec(disposition);
  if (!match) return undefined;
  const file = match[2] !== undefined;
  // A field with its own Content-Type (a charset) may be decoded otherwise by the platform: not certain.
  return typed && !file ? undefined : { name: match[1], file };
}

/** The first field `name` in a multipart prefix (RFC 7578, as browsers write it); see the file's comment. */
function multipartField(bytes, contentType, name) {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return undefined;
  // latin1 maps each byte to one character, so offsets in the text are offsets in the bytes.
  const text = ascii.decode(bytes);
  const delimiter = `${CRLF}--${boundary}`;
  if (!text.startsWith(`--${boundary}${CRLF}`)) return undefined; // a preamble: left to the platform
  let at = boundary.length + 4;
  for (;;) {
    const headersEnd = text.indexOf(`${CRLF}${CRLF}`, at);
    if (headersEnd === -1) return undefined;
    const part = partOf(text.slice(at, headersEnd));
    if (part === undefined) return undefined;
    const valueEnd = text.indexOf(delimiter, headersEnd + 4);
    if (valueEnd === -1) return undefined;
    const after = valueEnd + delimiter.length;
    // The part ends there only when its boundary line is the boundary alone, or the closing one, and CRLF: with more
    // on the line (a space, other text) Node's parser refuses the whole body. Regression (s52 mutation pass): the
    // field's value was answered before what followed its boundary was looked at.
    const another = text.startsWith(CRLF, after);
    if (part.name === name) {
      if (!another && !(text.startsWith('--', after) && text.startsWith(CRLF, after + 2))) return undefined;
      if (part.file) return null;
      const value = bytes.subarray(headersEnd + 4, valueEnd);
      // A leading BOM: Node's parser drops it, another may keep it.
      return value[0] === 0xef && value[1] === 0xbb && value[2] === 0xbf ? undefined : utf8.decode(value);
    }
    if (text.startsWith('--', after)) return null; // the closing delimiter: no such field
    if (!another) return undefined;
    at = after + 2;
  }
}

/**
 * The first field `name` of a form body, from its first bytes only: a string, null when there is none, or
 * undefined when the prefix cannot say.
 * @param {Uint8Array} prefix the body's first bytes
 * @param {string} contentType the request's Content-Type
 * @param {boolean} urlencoded whether it names application/x-www-form-urlencoded (else multipart/form-data)
 * @param {string} name ASCII, with no "&", "=", "%", "+" or '"'
 * @returns {string | null | undefined}
 */
export function fieldInPrefix(prefix, contentType, urlencoded, name) {
  if (!urlencoded) return multipartField(prefix, contentType, name);
  // Only the pieces the prefix holds whole: those before its last "&". One not found there may come later.
  const whole = prefix.lastIndexOf(AMPERSAND);
  return whole === -1 ? undefined : urlencodedField(prefix.subarray(0, whole), name) ?? undefined;
}
