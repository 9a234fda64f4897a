// What this isolate noted lately per storage, keyed by a session's ID or its cookie: a Map per storage, bounded
// (a cookie session's key is its cookie, up to 64 KiB). Past the bound it starts again: a note missed costs one
// more write, never a wrong answer. Used by the renewals' window (rewrite-window.js) and the cookie sessions'
// logouts (request-lifecycle.js).

const MAX_NOTES = 1000;
const MAX_NOTE_CHARS = 1024 * 1024;

/** A store of notes: `get(storage, key)`, `set(storage, key, value)`, `delete(storage, key)`. */
export function createStorageNotes() {
  const byStorage = new WeakMap(); // storage -> { notes: Map(key -> value), chars }
  return {
    get: (storage, key) => byStorage.get(storage)?.notes.get(key),
    has: (storage) => byStorage.has(storage),
    set(storage, key, value) {
      let noted = byStorage.get(storage);
      if (!noted) byStorage.set(storage, (noted = { notes: new Map(), chars: 0 }));
      if (noted.notes.size >= MAX_NOTES || noted.chars + key.length > MAX_NOTE_CHARS) {
        noted.notes.clear();
        noted.chars = 0;
      }
      if (!noted.notes.has(key)) noted.chars += key.length;
      noted.notes.set(key, value);
    },
    delete: (storage, key) => byStorage.get(storage)?.notes.delete(key),
  };
}
