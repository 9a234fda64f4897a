// The header a logout's response carries so that a browser drops the pages it loaded ahead for the signed-in user
// (js/request-lifecycle.js finishSession).

/** The directives a logout's response carries, and what says they are there already. */
const SPECULATIVE_LOADS = ['"prefetchCache"', '"prerenderCache"'];
const CLEARS_ALL = /(?:^|,)\s*"\*"\s*(?:,|$)/;

/**
 * A logout's `response` with `Clear-Site-Data: "prefetchCache", "prerenderCache"`: the pages the browser prefetched
 * or prerendered for the signed-in user (Speculation Rules, with their cookie) are kept for a navigation of the
 * document that asked for them, and a sign-out sent by script (fetch: htmx, Turbo, a SPA) leaves that document in
 * place, so a link clicked after it opened the signed-in page from memory, their data and a CSRF token of the ended
 * session, with no request to the server. Regression (speculative loads pass, tests/browser/speculative-loads):
 * shown to the signed-out browser in Chromium, on every storage. A directive the response has already stays once;
 * the app's own `Clear-Site-Data` is kept. Not on Response.error() (it cannot be copied) nor on a 101, an upgrade
 * (Node's Response refuses to make one; workerd copies it, but an upgrade loads no page to clear).
 */
export function clearingSpeculativeLoads(response) {
  if (response.status === 0 || response.status === 101) return response;
  const given = response.headers.get('Clear-Site-Data');
  if (given !== null && CLEARS_ALL.test(given)) return response;
  const missing = SPECULATIVE_LOADS.filter((directive) => given === null || !given.includes(directive));
  if (missing.length === 0) return response;
  const copy = new Response(response.body, response);
  copy.headers.set('Clear-Site-Data', given === null ? missing.join(', ') : `${given}, ${missing.join(', ')}`);
  return copy;
}
