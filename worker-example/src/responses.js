// Small Response builders shared by the routes.

/**
 * 303 See Other: after a POST the browser GETs `location` (Post/Redirect/Get), so a reload never re-posts.
 * Built with `new Response` rather than `Response.redirect()`, whose headers are immutable.
 */
export function seeOther(location) {
  return new Response(null, { status: 303, headers: { Location: location } });
}

/** An HTML page that is personal to the session, so no cache may keep it. */
export function htmlPage(body, status = 200) {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      // Inline CSS only; no scripts at all; forms post back here only.
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    },
  });
}

export function plainText(body, status) {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
