// A createSessionStorage over a Map (map-backend.js) whose next deleteData, once held, waits at a gate: what a test
// needs to call something while a logout's or a revocation's delete is under way.
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';

/**
 * `options` (cookie, userKey...) for createSessionStorage. `holdNextDelete()`: the next delete waits until `open()`;
 * `deleting` resolves once it reached the gate.
 */
export function heldDeleteStorage(options) {
  const callbacks = callbacksOf(mapBackend());
  let open;
  const gate = new Promise((resolve) => (open = resolve));
  let reached;
  const deleting = new Promise((resolve) => (reached = resolve));
  let holding = false;
  const storage = createSessionStorage({
    ...options,
    ...callbacks,
    deleteData: async (id) => {
      if (holding) {
        holding = false;
        reached();
        await gate;
      }
      await callbacks.deleteData(id);
    },
  });
  return { storage, holdNextDelete: () => (holding = true), deleting, open };
}
