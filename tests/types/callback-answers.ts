// Type-checked by `npm test` (tsc, tsconfig.json and tsconfig.strictest.json): createSessionStorage's callbacks as
// apps write them over a Map or a database client (README Storages: React Router's callbacks; the JSDoc's own
// `readData: (id) => db.get(id)`), typed as js/session-storage.js takes them. readData resolving undefined for a
// missing record (Map.get, most clients' get) reads as no record (`== null`), and what updateData and deleteData
// resolve to is never read (a D1 result, the Map itself, an upsert answering whether it created the record:
// tests/js/callback-update-data-answer-ignored.test.js). Regression (s48 types pass): each was a type error
// (`Promise<... | null>`, `Promise<void>`), so the usual one-line callbacks needed wrappers or casts.
import { createSessionStorage } from 'edge-session';

type Data = { userId: string };
const records = new Map<string, Partial<Data>>();
declare const db: {
  get(id: string): Promise<Partial<Data> | undefined>;
  put(id: string, data: Partial<Data>, expires?: Date): Promise<{ success: boolean }>;
  delete(id: string): Promise<boolean>;
};

export const overMap = createSessionStorage<Data>({
  createData: async (data) => {
    const id = crypto.randomUUID();
    records.set(id, data);
    return id;
  },
  readData: async (id) => records.get(id),
  updateData: async (id, data) => records.set(id, data),
  deleteData: async (id) => records.delete(id),
  userKey: 'userId',
});

export const overClient = createSessionStorage<Data>({
  createData: async (data, expires) => {
    const id = crypto.randomUUID();
    await db.put(id, data, expires);
    return id;
  },
  readData: (id) => db.get(id),
  updateData: (id, data, expires) => db.put(id, data, expires),
  deleteData: (id) => db.delete(id),
});

createSessionStorage<Data>({
  // @ts-expect-error: createData resolves to the new record's ID, a string
  createData: async () => 7,
  readData: (id) => db.get(id),
  updateData: (id, data) => db.put(id, data),
  deleteData: (id) => db.delete(id),
});
createSessionStorage<Data>({
  createData: async () => 'id',
  // @ts-expect-error: readData resolves to the record's data, not its JSON text
  readData: async () => '{"userId":"ada"}',
  updateData: (id, data) => db.put(id, data),
  deleteData: (id) => db.delete(id),
});

// Callbacks that answer at once (a synchronous backend: an in-process Map, SQLite's synchronous API), as the run
// time takes them (tests/js/callback-storage-synchronous-callbacks.test.js). Regression (s48): a type error.
export const synchronous = createSessionStorage<Data>({
  createData(data) {
    const id = crypto.randomUUID();
    records.set(id, data);
    return id;
  },
  readData: (id) => records.get(id),
  updateData: (id, data) => records.set(id, data),
  deleteData: (id) => records.delete(id),
  userKey: 'userId',
});

// @ts-expect-error: createData must answer the ID (a string), at once or with a Promise
export const noId = createSessionStorage<Data>({ createData: () => 42, readData: () => null, updateData() {}, deleteData() {} });
