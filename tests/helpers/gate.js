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

/**
 * Holds the next call of `target[method]` whose first argument `matches`: it does its work at once, and answers
 * once released. Returns `{ reached, release }`.
 */
export function holdNext(target, method, matches = () => true) {
  const original = target[method];
  let reach;
  let release;
  const reached = new Promise((resolve) => (reach = resolve));
  const released = new Promise((resolve) => (release = resolve));
  target[method] = async function (...args) {
    if (!matches(args[0])) return original.apply(this, args);
    target[method] = original;
    const answer = await original.apply(this, args);
    reach();
    await released;
    return answer;
  };
  return { reached, release };
}
