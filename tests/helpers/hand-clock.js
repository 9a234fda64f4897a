// Date.now as a clock a test moves by hand (`clock.now += ms`): the JS layer reads time only through Date.now and
// hands it to the core, so expiry, renewal and revocation stamps follow it.
import { afterEach, beforeEach } from 'node:test';

/** Installs the clock before each test of the file, at `start`, and the real Date.now back after each. */
export function handClock(start = Date.UTC(2031, 0, 1)) {
  let days = 0;
  const clock = {
    now: start,
    /** Moves to a day past any earlier newDay: an isolate's stamps outlive a test, so each starts past the last's. */
    newDay() {
      clock.now = start + ++days * 86_400_000;
      return clock.now;
    },
  };
  const realNow = Date.now;
  beforeEach(() => {
    clock.now = start;
    Date.now = () => clock.now;
  });
  afterEach(() => {
    Date.now = realNow;
  });
  return clock;
}
