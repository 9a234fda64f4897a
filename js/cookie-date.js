// A Set-Cookie's Expires read as a browser reads it: RFC 6265 5.1.1's cookie-date algorithm, not Date.parse (which
// takes "1 Jan 1970" as local time in some runtimes, refuses "Thu, 01-Jan-70 00:00:01 GMT" in others, and accepts
// ISO dates no browser does). Only the request lifecycle's reading of a hand logout needs it (cookie-identity.js).

// 5.1.1: the delimiters split the value into tokens; everything else (digits, ":", letters, controls) is a token's.
const DELIMITERS = /[\x09\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+/;
// Each production is a prefix: a token matches when it begins with the fields and the next character is no digit.
const TIME = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?!\d)/;
const DAY_OF_MONTH = /^(\d{1,2})(?!\d)/;
const YEAR = /^(\d{2,4})(?!\d)/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The time `text` (an Expires attribute's value) names, in milliseconds since the epoch, or undefined when it is no
 * cookie-date (the browser then ignores the attribute). Each token is taken by the first field still missing that it
 * matches, in the RFC's order: time, day of month, month, year; a two-digit year is 1970-2069.
 * @param {string} text
 * @returns {number | undefined}
 */
export function parseCookieDate(text) {
  let time;
  let day;
  let month;
  let year;
  for (const token of text.split(DELIMITERS)) {
    if (token === '') continue;
    let match;
    if (time === undefined && (match = TIME.exec(token)) !== null) time = match.slice(1).map(Number);
    else if (day === undefined && (match = DAY_OF_MONTH.exec(token)) !== null) day = Number(match[1]);
    else if (month === undefined && (match = MONTHS.indexOf(token.slice(0, 3).toLowerCase())) !== -1) month = match;
    else if (year === undefined && (match = YEAR.exec(token)) !== null) year = Number(match[1]);
  }
  if (time === undefined || day === undefined || month === undefined || year === undefined) return undefined;
  if (year >= 70 && year <= 99) year += 1900;
  else if (year <= 69) year += 2000;
  const [hour, minute, second] = time;
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return undefined;
  const at = Date.UTC(year, month, day, hour, minute, second);
  // A day the month does not have (31 April, 29 February of a common year) is no date: Date.UTC would roll it over.
  return new Date(at).getUTCDate() === day ? at : undefined;
}
