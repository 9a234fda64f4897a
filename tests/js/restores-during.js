// How many times the core restored a parked session (js/session.js [park]) while a test's code ran.
import { loadCore } from '../../js/loader.js';

/** How many times the core restored a session while `run` ran. */
export async function restoresDuring(run) {
  const core = await loadCore();
  let restores = 0;
  const restore = core.restoreSession;
  core.restoreSession = (snapshot) => (restores++, restore(snapshot));
  try {
    await run();
  } finally {
    core.restoreSession = restore;
  }
  return restores;
}
