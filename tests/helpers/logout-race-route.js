// The app of the logout-race tests (tests/js/logout-during-request, cookie-logout-during-request): /login signs
// in (with a flash for 'flash cleared'), /logout destroys, /slow waits at `slowPage` then (for 'change') changes
// the session, any other path answers the session's user.

/** The response of `path` over `session`; `what` is 'change', 'renewal' or 'flash cleared'. */
export async function logoutRaceRoute(path, session, slowPage, what) {
  if (path === '/login') {
    session.set('user', 'ann');
    if (what === 'flash cleared') session.flash('notice', 'Welcome.');
    return new Response('in');
  }
  if (path === '/logout') {
    session.destroy();
    return new Response('out');
  }
  if (path === '/slow') {
    await slowPage.pass();
    if (what === 'change') session.set('draft', 'autosaved');
    return new Response('slow');
  }
  return Response.json({ user: session.get('user') ?? null });
}
