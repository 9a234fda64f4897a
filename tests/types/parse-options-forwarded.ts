// Type-checked by `npm test` (tsconfig.json and tsconfig.strictest.json): getSession and a Cookie's parse take React Router's second
// argument, its parse options, as the run time does (cookie.js refuseCodecs: none has an effect, a `decode` is a
// CookieOptionError), so an app's wrapper forwarding `(cookieHeader, options)` to one of ours type-checks.
// Regression (s48 types pass, left then): "Expected 0-1 arguments" for a forwarded options argument.
import { createCookie, createMemorySessionStorage, type CookieParseOptions } from 'edge-session';

const storage = createMemorySessionStorage();
const cookie = createCookie('prefs');

export const logged = {
  getSession: (cookieHeader: string | null, options?: CookieParseOptions) => storage.getSession(cookieHeader, options),
  parse: (cookieHeader: string | null, options?: CookieParseOptions | null) => cookie.parse(cookieHeader, options),
};

export async function refused(): Promise<void> {
  // @ts-expect-error: a decode is refused at run time (CookieOptionError)
  await storage.getSession(null, { decode: (value: string) => value });
  // @ts-expect-error: so is it by parse
  await cookie.parse(null, { decode: decodeURIComponent });
}
