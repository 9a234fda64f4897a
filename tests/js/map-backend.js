// A backend of this process for createSessionStorage's four callbacks (React Router's signatures), as a user
// would write one: a Map, data kept by reference, updateData an upsert. Shared by the tests of a user's sessions
// (tests/js/user-sessions.test.js, tests/js/callback-user-sessions.test.js).
import { randomUUID } from 'node:crypto';

/**
 * A backend of this process: a Map behind the four callbacks. It records
 * every ID readData is asked for, and can hold back one write (a request
 * paused between reading a record and writing it back).
 */
export function mapBackend() {
  const records = new Map(); // id -> { data, expiresAt (ms) | undefined }
  const held = new Map(); // id -> { reached, release }: the next updateData(id) waits for release
  return {
    records,
    reads: [],
    async createData(data, expires) {
      const id = randomUUID();
      records.set(id, { data, expiresAt: expires?.getTime() });
      return id;
    },
    async readData(id) {
      this.reads.push(id);
      const record = records.get(id);
      if (!record) return null;
      if (record.expiresAt !== undefined && record.expiresAt <= Date.now()) {
        records.delete(id);
        return null;
      }
      return record.data;
    },
    async updateData(id, data, expires) {
      const hold = held.get(id);
      if (hold) {
        held.delete(id);
        hold.reached();
        await hold.released;
      }
      records.set(id, { data, expiresAt: expires?.getTime() });
    },
    async deleteData(id) {
      records.delete(id);
    },
    /** Holds back the next updateData(id): `reached` resolves when it starts, `release()` lets it write. */
    holdNextWrite(id) {
      const hold = {};
      const reached = new Promise((resolve) => (hold.reached = resolve));
      hold.released = new Promise((resolve) => (hold.release = resolve));
      held.set(id, hold);
      return { reached, release: () => hold.release() };
    },
  };
}

/** The four callbacks of `backend`, bound to it, for createSessionStorage. */
export const callbacksOf = (backend) => ({
  createData: backend.createData.bind(backend),
  readData: backend.readData.bind(backend),
  updateData: backend.updateData.bind(backend),
  deleteData: backend.deleteData.bind(backend),
});
