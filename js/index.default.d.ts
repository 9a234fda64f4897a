// Types for a resolver that names no runtime condition (TypeScript's "bundler" resolution without
// customConditions): both runtimes' exports, since it cannot tell which one will run. Set
// customConditions to ["workerd"] (Workers) or resolve with "node16"/"nodenext" (Node) for exact types.
export * from './index.js';
export { createDurableObjectSessionStorage, SessionDurableObject } from './durable-object-storage.js';
export { createFileSessionStorage } from './file-storage.js';
