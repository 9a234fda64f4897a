// console.warn captured for each test of a file: the one-time warnings the package prints (short or missing secrets).
import { afterEach, beforeEach } from 'node:test';

/** Installs the capture around each test; `warnings()` is what the running test printed, as text. */
export function capturedWarnings() {
  let warnings = [];
  const realWarn = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (message) => warnings.push(String(message));
  });
  afterEach(() => {
    console.warn = realWarn;
  });
  return () => warnings;
}
