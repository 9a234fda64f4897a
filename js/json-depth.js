// How deep JSON text nests, found before it is parsed: JavaScript's JSON.parse and JSON.stringify recurse, and a
// deep enough text (one a program other than ours wrote) overflows the stack, a RangeError where bad input must read
// as missing. The WebAssembly core bounds its own reads (src/json.h kMaxJsonDepth).

/** True when JSON `text` nests arrays and objects deeper than `max` levels (outside its strings). */
export function nestsDeeperThan(text, max) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92) i++; // a backslash: the next character is escaped
      else if (code === 34) inString = false;
    } else if (code === 34) {
      inString = true;
    } else if (code === 91 || code === 123) {
      if (++depth > max) return true;
    } else if (code === 93 || code === 125) {
      depth--;
    }
  }
  return false;
}
