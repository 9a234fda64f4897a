// The example's page (worker-example/src/page.js renderPage) as Chromium parses it, with hostile text in every place
// a user's text is shown: the flashed notice, the greeting's name, the message and name a failed form sends back
// (input values), and the notes' box. README (The example): the notes are "shown back in its box to edit", a kept
// form is "still holding what was typed"; page.js: every value from a user goes through escapeHtml. So each place
// shows the text exactly as typed, whatever its characters, and the page has the same elements and attributes as
// with plain text: no markup of a user's ever becomes the page's. Mutation pass (s48): the kept name's input value
// left unescaped went unnoticed (an XSS through a failed sign-in); the notice, greeting, message and notes are
// pinned over HTTP in tests/workerd/example.test.js too. Regression (s48): notes that began with a line break lost
// it in the box (the HTML parser drops a newline right after <textarea>), so each edit and save shortened them.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launchChromium, inNewContext } from '../helpers/chromium.js';
import { renderPage } from '../../worker-example/src/page.js';

const PRINTABLE_ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
const HOSTILE = [
  PRINTABLE_ASCII,
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' autofocus onfocus=alert(1) x='",
  '</textarea><b>bold</b></title></p></dialog><!--',
  '--> <![CDATA[x]]> <svg/onload=alert(1)>',
  '&amp; &lt; &#39; &#x3C; &copy &notin; &',
  '`${x}` a=b \\ /',
  '\u00a0\u2028\u2029\u202e\ufeff é 㯾 🙂 🇫🇷 👍🏽',
];
// Notes are kept with their line breaks as \n (routes.js), a leading one included.
const NOTES_ONLY = ['\nafter a blank first line', '\n\ntwo blank lines', `${PRINTABLE_ASCII}\n<b>\n</textarea>\n`];

let browser;
before(async () => {
  browser = await launchChromium();
}, { timeout: 45_000 });
after(() => browser?.close());

/** The page for `text` in every place, signed in (the greeting) and signed out (the kept form's name). */
function pagesFor(text, notes = text) {
  const common = { visits: 3, notices: [{ message: text, severity: 'info' }], csrf: () => 'token', notes };
  return {
    signedIn: renderPage({ ...common, user: { name: text } }),
    signedOut: renderPage({ ...common, user: undefined, keptForm: { fields: { message: text, name: text }, errors: {} } }),
  };
}

/** What Chromium shows of `html`: each place's text, and the page's elements with their attributes' names. */
async function shown(page, html) {
  await page.setContent(html);
  return page.evaluate(() => ({
    notice: document.querySelector('dialog p').textContent,
    greeting: document.querySelector('h1').textContent,
    message: document.querySelector('#message').value,
    name: document.querySelector('#name')?.value,
    notes: document.querySelector('#notes').value,
    shape: [...document.querySelectorAll('*')].map((e) => `${e.tagName}[${[...e.attributes].map((a) => a.name).join(' ')}]`).join(' '),
  }));
}

it('every place shows hostile text as typed, and the page keeps its own elements and attributes', { timeout: 60_000 }, async () => {
  await inNewContext(browser, async (page) => {
    const plain = pagesFor('plain');
    const shapes = { signedIn: (await shown(page, plain.signedIn)).shape, signedOut: (await shown(page, plain.signedOut)).shape };
    for (const text of HOSTILE) {
      const pages = pagesFor(text);
      const signedIn = await shown(page, pages.signedIn);
      const signedOut = await shown(page, pages.signedOut);
      const what = JSON.stringify(text);
      assert.equal(signedIn.shape, shapes.signedIn, `signed in, ${what}: the page's elements changed`);
      assert.equal(signedOut.shape, shapes.signedOut, `signed out, ${what}: the page's elements changed`);
      assert.equal(signedIn.notice, text, `notice ${what}`);
      assert.equal(signedIn.greeting, `Hello, ${text}!`, `greeting ${what}`);
      assert.equal(signedOut.message, text, `kept message ${what}`);
      assert.equal(signedOut.name, text, `kept name ${what}`);
      assert.equal(signedOut.notes, text, `notes ${what}`);
    }
  }, 10_000);
});

it('the notes box holds the notes as saved, a leading line break included', { timeout: 60_000 }, async () => {
  await inNewContext(browser, async (page) => {
    for (const notes of NOTES_ONLY) {
      const { notes: inBox } = await shown(page, pagesFor('plain', notes).signedIn);
      assert.equal(inBox, notes, `notes ${JSON.stringify(notes)}`);
    }
  }, 10_000);
});
