// The form fields keepForm never keeps, whatever `omit` says: the CSRF token (the page shown again makes its own)
// and those named like a password, a code the user types or another secret (a cookie session is readable by its
// owner, and proxies and logs may see it). A field wrongly refused is typed again; one wrongly kept leaks a
// secret: the rules lean to refusing. Regressions (reviews): only pass, pwd and pw as whole names were refused, so
// WordPress's "pass1" and Drupal's "pass[pass1]" were kept; then camelCase words that began a name
// ("passConfirm") or were in capitals ("userPWD"); then compounds ("newpass", "oldpwd"), abbreviations ("psw"),
// other languages' words ("passwort", "contraseña"); then mixed capitals ("PASSword"), "Paßwort", words in other
// scripts ("пароль"), two-factor and card codes ("recovery_code", "x_card_code"), keys and tokens ("api_key"); then
// two-factor fields named for the factor ("mfa", "2fa") and PINs in one word ("pincode"); then the factor inside a
// word ("tfacode", "TFAcode", "usermfa": issue 14's "mfa, tfa, 2fa anywhere"); then names in another Unicode form
// (decomposed "パスワード" or "lösenord", half-width "ﾊﾟｽﾜｰﾄﾞ", full-width "ｐａｓｓｗｏｒｄ"): the rules read NFKC.

// A name's words: its runs of letters, cut where camelCase starts a word ("userPWD": user, PWD; "PWDConfirm":
// PWD, Confirm).
const NOT_LETTERS = /[^\p{L}\p{M}]+/u; // letters and their marks (Devanagari's vowel signs)
const CAMEL_CUT = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;

// In a word: pass (but in the everyday words below), pwd, psw, pword, and other languages' words for password,
// as stems, so that their compounds and inflections count too ("novaSenha", "nowehaslo", "potwierdzenie_hasla").
const WORD_PARTS =
  /pass|pwd|psw|pword|secret|kennwort|wachtwoord|contrase|salasana|salasõna|salasona|adgangskode|losenord|lösenord|jelszó|jelszo|matkhau|slaptažod|slaptazod|lykilor|senha|clave|hasl|hasł|hesl|gesl|lozink|sifre|şifre|parol|parool/;
const EVERYDAY = new Set([
  'passport', 'passports', 'passeport', 'passaporte', 'passaporto', 'reisepass', 'passnummer', 'passenger',
  'passengers', 'passage', 'passages', 'passed', 'passing', 'passion', 'passive', 'compass', 'bypass', 'overpass',
  'underpass', 'trespass', 'encompass', 'surpass', 'secretary', 'secretaries', 'autoclave', 'conclave', 'enclave',
  'clavel', 'parole', 'paroled', 'parolee', 'resenha', 'resenhas', 'desenho', 'desenhos', 'desenhar', 'haslam',
  'heslop', 'geslacht',
]);
// "pass" after one of these words is a ticket: boarding_pass, seasonPass.
const TICKETS = new Set(['boarding', 'season', 'day', 'bus', 'ski', 'event', 'guest', 'visitor', 'festival', 'travel', 'transit']);
// Whole words: codes a user types (PIN, one-time passwords, card security codes), ssn, token, mdp (French),
// sandi (Indonesian: a part of too many names to be a stem).
const SECRET_WORDS = new Set(['pin', 'mfa', 'tfa', 'otp', 'totp', 'hotp', 'cvv', 'cvc', 'cvn', 'csc', 'cid', 'ssn', 'token', 'mnemonic', 'mdp', 'sandi']);

// In the whole name, lowercased, ß as ss, its non-letters dropped: what mixed capitals cut apart ("PASSword"),
// compounds of words harmless alone (api + key, card + number, recovery + code), other scripts' words.
const NAME_PARTS = new RegExp(
  [
    'passw', 'passphrase', 'secret(?!ar)', 'kennwort', 'credential', 'mnemonic', 'seedphrase', 'recoveryphrase', 'katasandi',
    '(api|private|secret|access|signing|encryption|license|licence)key', 'rpkey',
    '(access|refresh|auth|api|bearer|reset|session|id)token',
    '(verification|verify|confirmation|confirm|mfa|twofactor|otp|backup|recovery|security|auth|onetime|sms|login|access|card)code',
    '^(input)?code$', 'pincode', 'pinnumber', 'cardnumber', 'cardnum', 'ccnumber', 'ccnum', 'creditcard', 'socialsecurity',
    'пароль', 'парол', 'パスワード', '密码', '密碼', '비밀번호', 'كلمةالمرور', 'كلمةالسر', 'סיסמ', 'κωδικ', 'पासवर्ड',
  ].join('|'),
  'u',
);
// pw anywhere but before a vowel ("userpw", "PWconfirm"; not "upward"); 2fa anywhere (the digit cuts it from its
// word for the rules above: "user2fa", "2fa_code").
const PW = /pw(?![aeiouy])|2fa/;
// mfa and tfa anywhere in a word, the words cut at non-letters and where a lowercase letter meets a capital only: an
// acronym stays whole with the word it starts ("TFAcode"), and a camelCase seam is not read as one ("firstFamily").
// But not where the letters after them make an everyday word of a compound (review): fa(mily), fa(vorite),
// fa(cility), fa(ctor), fa(x), fa(ll), fa(il), fa(ir), fa(re), fa(ce), fa(ng) as in "Umfang", fa(ch) as in "Postfach".
const LOWER_TO_UPPER = /(?<=\p{Ll})(?=\p{Lu})/u;
const FACTOR = /[mt]fa(?!mil|vor|cil|ct|x|ll|il|ir|r|ce|ng|ch)/;

/** True for a field name keepForm never keeps: the CSRF token's, or one naming a password, a typed code or a secret. */
export function neverKept(name) {
  if (name === '_csrf') return true;
  // The name as its author reads it: marks composed, half- and full-width forms folded (the lists are of those).
  const normal = name.normalize('NFKC');
  const lower = normal.toLowerCase().replaceAll('ß', 'ss');
  if (PW.test(lower) || NAME_PARTS.test(lower.replace(/[^\p{L}\p{M}]+/gu, ''))) return true;
  let previous = '';
  for (const run of normal.split(NOT_LETTERS)) {
    if (run.split(LOWER_TO_UPPER).some((word) => FACTOR.test(word.toLowerCase()))) return true;
    for (const cased of run.split(CAMEL_CUT)) {
      const word = cased.toLowerCase();
      if (word === 'pass' && TICKETS.has(previous)) continue;
      if (SECRET_WORDS.has(word) || (WORD_PARTS.test(word) && !EVERYDAY.has(word))) return true;
      previous = word;
    }
  }
  return false;
}
