// Types of the Node entry (the `node` condition): what every entry exports, and the file storage.
// No Durable Object storage: js/durable-object-storage.js imports 'cloudflare:workers'.
export * from './index.js';
export { createFileSessionStorage } from './file-storage.js';
