// Types of the workerd entry (the `workerd` and `worker` conditions): what every entry exports, and the
// Durable Object storage. No file storage: js/file-storage.js needs node:fs.
export * from './index.js';
export { createDurableObjectSessionStorage, SessionDurableObject } from './durable-object-storage.js';
