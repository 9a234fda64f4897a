// RFC 6265 5.1.1's cookie-date algorithm (js/cookie-date.js), by which a Set-Cookie's Expires is read as a browser
// reads it: the three date formats RFC 2616 names, the algorithm's tokens and fields, its two-digit years and each of
// its step 5 refusals. tests/browser/hand-logout-dates-read-as-chromium-reads-them checks the same against Chromium.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCookieDate } from '../../js/cookie-date.js';

const utc = (...fields) => Date.UTC(...fields);

describe('parseCookieDate reads a cookie-date as RFC 6265 5.1.1 does', () => {
  const read = {
    'RFC 1123 (the one a server should send)': ['Sun, 06 Nov 1994 08:49:37 GMT', utc(1994, 10, 6, 8, 49, 37)],
    'RFC 850, a two-digit year and dashes': ['Sunday, 06-Nov-94 08:49:37 GMT', utc(1994, 10, 6, 8, 49, 37)],
    'asctime, no zone, a space-padded day': ['Sun Nov  6 08:49:37 1994', utc(1994, 10, 6, 8, 49, 37)],
    'the epoch, as logouts write it': ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
    "PHP's old logout date": ['Thu, 01-Jan-1970 00:00:01 GMT', 1000],
    'any case': ['thu, 01 JAN 1970 00:00:00 gmt', 0],
    'a month spelled out': ['1 January 1970 00:00:00', 0],
    'the fields in any order': ['1970 00:00:01 Jan 1', 1000],
    'one-digit time fields': ['1 Jan 1970 1:2:3', utc(1970, 0, 1, 1, 2, 3)],
    'a time with a suffix': ['1 Jan 1970 00:00:01GMT', 1000],
    'a day with a suffix': ['1st Jan 1970 00:00:01', 1000],
    'a year with a suffix': ['1 Jan 1970AD 00:00:01', 1000],
    'any delimiters': ['\t1/Jan/1970;00:00:01~', 1000],
    'a zone is ignored (it is no field)': ['Thu, 01 Jan 1970 00:00:00 +0100', 0],
    'the first token of a field wins (a second time, a second day)': ['1 Jan 1970 00:00:01 23:59:59 2', 1000],
    '69 is 2069': ['1 Jan 69 00:00:00', utc(2069, 0, 1)],
    '70 is 1970': ['1 Jan 70 00:00:00', 0],
    '99 is 1999': ['1 Jan 99 00:00:00', utc(1999, 0, 1)],
    '00 is 2000': ['1 Jan 00 00:00:00', utc(2000, 0, 1)],
    '1601, the earliest year': ['1 Jan 1601 00:00:00', utc(1601, 0, 1)],
    'a leap day of a leap year': ['29 Feb 2024 12:00:00', utc(2024, 1, 29, 12)],
    'the last second of a year': ['31 Dec 9999 23:59:59', utc(9999, 11, 31, 23, 59, 59)],
  };
  for (const [name, [text, time]] of Object.entries(read)) {
    it(name, () => assert.equal(parseCookieDate(text), time, text));
  }

  const refused = {
    'empty': '',
    'words': 'tomorrow',
    'an ISO date (Date.parse takes it, no browser does)': '1970-01-01T00:00:00Z',
    'no time': 'Thu, 01 Jan 1970 GMT',
    'a time without seconds': 'Thu, 01 Jan 1970 00:00 GMT',
    'no day': 'Jan 1970 00:00:00',
    'no month': '01 1970 00:00:00',
    'no year': '01 Jan 00:00:00',
    'a one-digit year': '1 Jan 7 00:00:00',
    'a five-digit year': '1 Jan 19700 00:00:00',
    'day 0': '0 Jan 1970 00:00:00',
    'day 32': '32 Jan 1970 00:00:00',
    'hour 24': '1 Jan 1970 24:00:00',
    'minute 60': '1 Jan 1970 00:60:00',
    'second 60 (no leap seconds)': '1 Jan 1970 00:00:60',
    'a year before 1601': '1 Jan 1600 00:00:00',
    'a three-digit year (before 1601 too)': '1 Jan 999 00:00:00',
    '31 April': '31 Apr 1970 00:00:00',
    '29 February of a common year': '29 Feb 2025 00:00:00',
    'a three-digit day': '001 Jan 1970 00:00:00',
    'a month of two letters': '1 Ja 1970 00:00:00',
    // Mutation pass (s47): a time field read from a token with a third digit after it went unnoticed (5.1.1: a
    // time-field is 1*2DIGIT, the hms-time followed by a non-digit); the token is then no field at all.
    'a three-digit seconds field (no time, no other field)': '1 Jan 1970 00:00:001',
  };
  for (const [name, text] of Object.entries(refused)) {
    it(`refuses ${name}`, () => assert.equal(parseCookieDate(text), undefined, text));
  }
});

describe('parseCookieDate reads back every second a server writes', () => {
  it('toUTCString (RFC 1123) of 5000 seconds spread over 1601-9999, each read back exactly', () => {
    const first = Date.UTC(1601, 0, 1);
    const last = Date.UTC(9999, 11, 31, 23, 59, 59);
    let seed = 0x2545f491;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 5000; i++) {
      const time = first + Math.floor((random() * (last - first)) / 1000) * 1000;
      const text = new Date(time).toUTCString();
      assert.equal(parseCookieDate(text), time, text);
    }
  });
});

describe('parseCookieDate on hostile input', () => {
  it('20,000 random strings of date-like pieces: undefined or a whole second of 1601-9999, never a throw', () => {
    const pieces = ['1', '01', '31', '32', '1970', '69', '70', '999', '10000', ':', '00:00:00', '23:59:60', 'Jan', 'feb', 'DEC', 'x', ' ', ',', '-', '\t', '\x00', '\xff', 'GMT', '29', 'Feb'];
    let seed = 0x9e3779b9;
    const random = (n) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % n;
    const first = Date.UTC(1601, 0, 1);
    const last = Date.UTC(9999, 11, 31, 23, 59, 59);
    let read = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: 1 + random(12) }, () => pieces[random(pieces.length)]).join(random(2) ? ' ' : '');
      const time = parseCookieDate(text);
      if (time === undefined) continue;
      read++;
      assert.ok(Number.isInteger(time / 1000) && time >= first && time <= last, `${JSON.stringify(text)} -> ${time}`);
    }
    assert.ok(read > 100, `${read} read`); // not vacuous: some strings are dates
  });

  it('a header-sized value of digits and delimiters is read', () => {
    assert.equal(parseCookieDate(`${'1:'.repeat(4000)}`), undefined);
    assert.equal(parseCookieDate(`${'9'.repeat(8000)} Jan 1 1970 00:00:00`), 0);
  });
});
