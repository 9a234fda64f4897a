// README (Flash helpers): keepForm never keeps a field named like a password, a typed code or another secret, in
// any case and many languages, but keeps everyday words (passport, compass, boarding_pass...), and reads mfa and tfa
// not across a camelCase seam. Each name here is refused, or kept, by one word of js/secret-field-names.js's lists
// alone (tests/js/keep-form-hostile-fields has the README's examples). Mutation pass (s48): 102 of 176 words dropped
// one at a time went unnoticed (seedphrase, refreshtoken, signing key, totp, lösenord, parol, the bus and day passes,
// passengers...), and so did reading an acronym before a capitalised word as one word ("SSNField") or mfa and tfa
// across a camelCase seam ("setFAQ").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, getKeptForm, keepForm } from 'edge-session';

const refused = {
  'whole words': ['totp', 'hotp', 'cvc', 'cvn', 'csc', 'sandi_baru'],
  'an acronym before a capitalised word': ['SSNField', 'OTPValue', 'PINEntry'],
  'secrets and phrases': ['SECRETanswer', 'secret_ar', 'walletmnemonic', 'seed_phrase', 'recovery_phrase'],
  keys: ['access_key', 'signing_key', 'encryption_key', 'license_key', 'licence_key'],
  'tokens in one word': ['accesstoken', 'refreshtoken', 'authtoken', 'apitoken', 'bearertoken', 'resettoken', 'sessiontoken', 'idtoken'],
  codes: ['verifycode', 'confirmation_code', 'confirm_code', 'otpcode', 'backup_code', 'auth_code', 'onetimecode', 'sms_code',
    'login_code', 'access_code', 'Input.Code'],
  'card and identity numbers': ['pinnumber', 'cc_num', 'card_num', 'credit_card', 'social_security_number'],
  'other languages': ['salasana', 'salasõna', 'salasona', 'adgangskode', 'losenord', 'lösenord', 'jelszó', 'jelszo', 'slaptažodis',
    'slaptazodis', 'lykilorð', 'şifre', 'parola', 'пароля', '密碼', 'كلمة_السر'],
};
const kept = {
  'everyday words': ['passports', 'passaporte', 'passaporto', 'passnummer', 'passengers', 'passage', 'passages', 'passing', 'passion',
    'passive', 'overpass', 'underpass', 'encompass', 'surpass', 'secretaries', 'conclave', 'enclave', 'clavel', 'paroled',
    'parolee', 'resenhas', 'desenhar', 'heslop', 'fontface'],
  tickets: ['day_pass', 'busPass', 'ski_pass', 'eventPass', 'guest_pass', 'visitorPass', 'festival_pass', 'travelPass', 'transit_pass'],
  'mfa and tfa across a camelCase seam': ['setFAQ', 'streamFast'],
};

/** The names keepForm keeps of a form with a field of each of `names`. */
async function keptNames(names) {
  const storage = createMemorySessionStorage({ cookie: { secrets: ['keep-form-words-test-secret-0123456789'] } });
  const session = await storage.getSession(null);
  keepForm(session, new URLSearchParams(names.map((name) => [name, 'x'])), undefined, { maxBytes: 1 << 20 });
  return Object.keys(getKeptForm(await storage.getSession(await storage.commitSession(session))).fields);
}

describe('keepForm, each word of its lists on its own', () => {
  for (const [what, names] of Object.entries(refused)) {
    it(`refuses ${what}`, async () => assert.deepEqual(await keptNames(names), []));
  }
  for (const [what, names] of Object.entries(kept)) {
    it(`keeps ${what}`, async () => assert.deepEqual(await keptNames(names), names));
  }
});
