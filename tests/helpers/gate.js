// A point a test handler waits at until the test opens it: `reached` resolves once the handler is there.
export function gate() {
  let arrive;
  let open;
  const reached = new Promise((resolve) => (arrive = resolve));
  const opened = new Promise((resolve) => (open = resolve));
  return {
    reached,
    /** The handler's side: says it is here, and waits. */
    pass: () => (arrive(), opened),
    /** The test's side. */
    open: () => open(),
  };
}
