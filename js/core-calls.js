// The per-request session path into the core: the plain WASM exports of
// src/bindings.cpp (es_*), not Embind, which cost over a quarter of a
// Post/Redirect/Get cycle (see there). A session is a pointer; strings go in
// through one input buffer and come out through a result cell, both in WASM
// memory. Only this file knows that protocol.
import { coreResetError, EdgeSessionError, errorFromCode, SessionDataError } from './errors.js';
import { NONCE_SIZE } from './nonce-pool.js';
import { heldPointer, inHolders, inRegistry, inRequestList, MAX_COOKIE_HEADER_LENGTH, MAX_SESSION_BYTES, nextHolder, park, prevHolder, requestHolding } from './internal.js';

// Below these lengths a JS loop beats TextEncoder.encodeInto / TextDecoder,
// whose fixed cost per call is ~200 / ~100 ns in workerd (measured); both
// handle anything that is not ASCII. The encoding loop takes ~0.5 ns per
// unit there, so it wins up to ~400 units: a typical Cookie header.
const LOOP_ENCODE_MAX = 384;
const LOOP_DECODE_MAX = 32;

const FLAG_DIRTY = 1; // es_session_flags: bit 1 (destroyed) is known in JavaScript (session.js)
const FLAG_NEEDS_RESIGN = 4;
/** es_commit: the options' length has this bit set when a sealing nonce follows them. */
const NONCE_FOLLOWS = 0x80000000;

// The most UTF-16 units one call may copy into WASM memory: a session's data
// or a Cookie header, with room for an ID beside it. Every input is bounded
// here, where it would enter, so no caller can grow the memory past it
// (issue 10.4: one 10 MB value once grew an isolate's memory to 69 MB).
const MAX_INPUT_UNITS = Math.max(MAX_SESSION_BYTES, MAX_COOKIE_HEADER_LENGTH) + 1024;
/** The input buffer's size up to which it grows by doubling (bytes): a full Cookie header's worst case. */
const DOUBLED_INPUT_MAX = 3 * MAX_COOKIE_HEADER_LENGTH;

// How many sessions of one instance may hold WebAssembly memory before those not used lately are parked
// (js/session.js [park]): the state kept as JS text, which the JS collector counts as any string, the memory freed,
// restored at the next use. WASM memory never shrinks, and a session read but never committed nor disposed (a
// loader's getSession outside withSession) was freed only by the FinalizationRegistry, after a full GC that a small
// JS heap rarely needs. Regression (audit): 600,000 reads of a 40-key cookie grew Node's memory from 42 to 317
// MiB, and workerd's from 8 to 106 MiB over 800,000, near Workers' 128 MB per isolate.
// 256: far more than the sessions by hand an isolate has in flight at once (a cookie session takes a few KiB live:
// 256 take ~1-2 MiB). A look parks down to PARKED_DOWN_TO, so looks come at most once per 64 sessions made.
// Not parked: a session used since the previous look (a second chance: one in use is not parked and restored at
// each use; review: past 256 requests in flight, nearly every use was), the sessions of requests withSession and
// the middlewares hold (their request's end frees them), and one whose snapshot does not restore (too wide for
// one call: review). Those are left to the collector, as before; a request's also to parkIdleRequests, for a
// request that never ends.
export const MAX_LIVE_SESSIONS = 256;
const PARKED_DOWN_TO = 192;

/**
 * The core as the JS layer uses it: the Embind `Cookie` class, and the session
 * calls, each taking the session's pointer. Failures throw the typed errors of
 * js/errors.js.
 * Any other error a call lets through (a JS RangeError when the stack ran
 * out inside WASM, a trap) leaves the instance unsound: the core is then
 * broken (isBroken()), and every later call throws.
 * @param {object} module the instantiated Emscripten module
 */
export function createCore(module) {
  const wasm = rawExports(module);
  seedKeyHash(wasm);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const cell = wasm.es_result_cell() >>> 2;
  let input = 0;
  let capacity = 0;
  let inputBytes = new Uint8Array(0); // the input buffer, for encodeInto at offset 0
  // The glue's Module is a large dictionary-mode object: a property read there
  // costs more than the call. Views are kept here and renewed when memory grew
  // (growth detaches the old buffer, so a stale view has length 0).
  let bytes = module.HEAPU8;
  let words = module.HEAPU32;
  const heap = () => (bytes.length === 0 ? (bytes = module.HEAPU8) : bytes);
  const heapWords = () => (words.length === 0 ? (words = module.HEAPU32) : words);
  // The safety net (STYLE.md): a session collected while it holds memory is freed then. Workers may never run it,
  // hence parking (MAX_LIVE_SESSIONS) for the sessions an app drops without committing or disposing them. Only a
  // session that left the list below while holding memory is registered (registerHeld): until then the list holds it
  // strongly, and most sessions are freed there (a commit, dispose), never registered. Registering each one as it
  // took memory, and unregistering it at its free, cost ~7% of a bare cookie cycle in Node.
  // A request's session is registered under its pointer negated (leaveParking): counted out once collected.
  const unreleased = new FinalizationRegistry((held) => {
    if (held < 0) requestsHolding--;
    wasm.es_session_free(Math.abs(held));
  });
  // The sessions holding WebAssembly memory that parking may free, in the order they took it (watch). Held
  // strongly until parked: a WeakRef each kept every session alive until the end of the task that made it (a
  // WeakRef's target is), which a long run of awaited reads never reaches. Those parking must leave (a request's,
  // or one that would not restore) leave this list at the first look, and the registry frees them once collected.
  // A list linked through the sessions' own fields (internal.js prevHolder, nextHolder, inHolders): a Set's add and
  // delete, hashing each session, cost ~7% of a bare cookie cycle in Node (bench/README.md).
  const holders = { head: null, tail: null, size: 0 };
  let parkQueued = false;
  // The sessions of requests (leaveParking), held weakly: a request whose handler never settles (awaiting I/O when
  // its client went away: workerd cancels it) never frees its session, and the registry, which would once its
  // request is dropped, runs only at a full GC, rare in workerd. Regression (long-lived isolate pass): 12,800 such
  // requests held 8,900 sessions and grew WebAssembly memory from 1 to 44 MiB for good. Past MAX_LIVE_SESSIONS of
  // them holding memory, each new one is listed (a WeakRef: none made below it, as in most isolates), and the list
  // looked at once per MAX_LIVE_SESSIONS listed (parkIdleRequests): one unused since the previous look is parked, so
  // a request in flight is restored at most once per look it sleeps through, never at each use
  // (tests/js/parked-sessions-in-use.test.js).
  let requestsHolding = 0; // requests' sessions holding memory out of `holders` (owner[requestHolding])
  let requestList = [];
  let requestLookAt = MAX_LIVE_SESSIONS;
  let requestLookQueued = false;

  function addHolder(owner) {
    if (owner[inHolders]) return;
    owner[inHolders] = true;
    owner[prevHolder] = holders.tail;
    owner[nextHolder] = null;
    if (holders.tail === null) holders.head = owner;
    else holders.tail[nextHolder] = owner;
    holders.tail = owner;
    holders.size++;
  }

  /** For `owner`, off the list: the registry frees its memory should it be collected holding some. */
  function registerHeld(owner) {
    if (owner[heldPointer] === 0 || owner[inRegistry]) return;
    owner[inRegistry] = true;
    unreleased.register(owner, owner[requestHolding] ? -owner[heldPointer] : owner[heldPointer], owner);
  }

  function removeHolder(owner) {
    if (!owner[inHolders]) return;
    owner[inHolders] = false;
    const before = owner[prevHolder];
    const after = owner[nextHolder];
    if (before === null) holders.head = after;
    else before[nextHolder] = after;
    if (after === null) holders.tail = before;
    else after[prevHolder] = before;
    owner[prevHolder] = null;
    owner[nextHolder] = null;
    holders.size--;
  }

  /**
   * Whether `owner` leaves the list being looked over (session.js [park]): parked, or left to the collector; false
   * when used lately. A failed instance (a trap in the snapshot) leaves too: the guard marked it broken, and the
   * loader replaces it at the next call, which says so (CORE_RESET).
   */
  function parkOrLeave(owner, idleRequest) {
    try {
      return owner[park](idleRequest);
    } catch {
      return true;
    }
  }

  /**
   * Parks the sessions that took their memory first, down to PARKED_DOWN_TO, those that may be (session.js [park]
   * says); the others go to the end. Run as a microtask, never inside the call that took memory: a caller may hold
   * another session's pointer until its synchronous code is done (an app's getter read while a commit's arguments
   * are made). Regression (review): parked there, the session being committed was freed under it, written as {}
   * and freed twice.
   */
  function parkExcess() {
    parkQueued = false;
    for (let looks = holders.size; holders.size > PARKED_DOWN_TO && looks > 0; looks--) {
      const owner = holders.head;
      removeHolder(owner);
      const leaves = parkOrLeave(owner, false);
      if (!leaves) addHolder(owner); // used lately: looked at again at the next look
      else registerHeld(owner); // parked (nothing held), or left to the collector holding its memory
    }
  }

  /** Adds a request's session to the weak list parkIdleRequests looks at; past its bound, a look is queued. */
  function addRequest(owner) {
    if (owner[inRequestList]) return;
    owner[inRequestList] = true;
    requestList.push(new WeakRef(owner));
    if (requestList.length > requestLookAt && !requestLookQueued) {
      requestLookQueued = true;
      queueMicrotask(parkIdleRequests);
    }
  }

  /**
   * Parks the requests' sessions unused since the previous such look, and forgets those collected or freed (their
   * request ended). A microtask, as parkExcess.
   */
  function parkIdleRequests() {
    requestLookQueued = false;
    const kept = [];
    for (const ref of requestList) {
      const owner = ref.deref();
      if (owner === undefined) continue;
      const leaves = owner[heldPointer] === 0 || parkOrLeave(owner, true);
      if (leaves) owner[inRequestList] = false;
      else kept.push(ref);
    }
    requestList = kept;
    requestLookAt = kept.length + MAX_LIVE_SESSIONS;
  }

  /** Room for strings of `units` UTF-16 code units in all (3 bytes each at most). */
  function reserve(units) {
    if (units > MAX_INPUT_UNITS) {
      throw new SessionDataError('VALUE_TOO_LARGE', `edge-session: ${units} characters is over the ${MAX_INPUT_UNITS} one call may pass to the core`);
    }
    const bytes = units * 3;
    if (bytes <= capacity) return;
    // Doubled while small, so a few growths cover the usual inputs; past that exactly what this call needs: the
    // buffer stays for the instance's life. Regression (review): a stored record a little longer than the 510 KiB
    // one before it (its times) doubled a 1.5 MB buffer to 3 MB, one read of a wide session took 8.8 MiB.
    const size = Math.max(bytes, capacity < DOUBLED_INPUT_MAX ? 2 * capacity : 0, 1024);
    input = wasm.es_input(size);
    capacity = input === 0 ? 0 : size;
    inputBytes = new Uint8Array(0);
    if (input === 0) throw new RangeError('edge-session: out of WebAssembly memory');
  }

  /** Writes `text` as UTF-8 at input + offset; its byte length. */
  function put(text, offset) {
    const bytes = heap();
    const start = input + offset;
    const units = text.length;
    if (units <= LOOP_ENCODE_MAX) {
      let i = 0;
      for (; i < units; i++) {
        const unit = text.charCodeAt(i);
        if (unit > 0x7f) break;
        bytes[start + i] = unit;
      }
      if (i === units) return units;
    }
    // The first string (a Cookie header) goes in without making a view.
    if (offset === 0 && inputBytes.length === 0) inputBytes = bytes.subarray(input, input + capacity);
    const target = offset === 0 ? inputBytes : bytes.subarray(start, start + 3 * units);
    return encoder.encodeInto(text, target).written;
  }

  function putOne(a) {
    reserve(a.length);
    return put(a, 0);
  }

  /** The text the last call left in the result cell. */
  function result() {
    const cellWords = heapWords();
    const address = cellWords[cell];
    const length = cellWords[cell + 1];
    const bytes = heap();
    if (length <= LOOP_DECODE_MAX) {
      let text = '';
      for (let i = 0; i < length; i++) {
        const byte = bytes[address + i];
        if (byte > 0x7f) return decoder.decode(bytes.subarray(address, address + length));
        text += String.fromCharCode(byte);
      }
      return text;
    }
    return decoder.decode(bytes.subarray(address, address + length));
  }

  function check(code) {
    if (code !== 0) throw errorFromCode(code, result());
  }

  function flags(pointer) {
    return wasm.es_session_flags(pointer);
  }

  const calls = {
    module,
    Cookie: module.Cookie,

    /** Sessions alive in WASM memory (the leak tests' probe). */
    liveSessionCount: () => wasm.es_live_session_count(),

    /** The low 32 bits of `key`'s hash in the core's key index (the seeding tests' probe). */
    keyHash: (key) => wasm.es_key_hash(putOne(key)) >>> 0,

    /** A session read from a Cookie header: a pointer, never 0. */
    readSession(cookieAddress, header, freshId, lifetime = NO_LIFETIME) {
      reserve(header.length + freshId.length);
      const headerBytes = put(header, 0);
      return wasm.es_read_session(
        cookieAddress,
        headerBytes,
        put(freshId, headerBytes),
        Date.now(),
        lifetime.idleTimeout,
        lifetime.absoluteTimeout,
        lifetime.touchInterval,
      );
    },

    /**
     * A cookie's verified value in a Cookie header, as JSON text ('' when
     * absent or not verified; a leading '!' when a retired secret verified it).
     */
    readValue(cookieAddress, header) {
      wasm.es_cookie_read_value(cookieAddress, putOne(header));
      return result();
    },

    /** From React Router's flat layout (JSON text); 0 when it is not an object. */
    sessionFromData(dataJson, id, needsResign, lifetime = NO_LIFETIME) {
      reserve(dataJson.length + id.length);
      const dataBytes = put(dataJson, 0);
      return wasm.es_session_from_data(
        dataBytes,
        put(id, dataBytes),
        needsResign ? 1 : 0,
        Date.now(),
        lifetime.idleTimeout,
        lifetime.absoluteTimeout,
        lifetime.touchInterval,
      );
    },

    /**
     * What a server-side store saves, with the session's times stamped now. Throws SessionDataError
     * VALUE_TOO_LARGE for a record over what a read takes back (src/codec.h append_session_record).
     * @param {number} expiresAt the record's expiry, Unix ms (0: none; lifetime.js expiresAtOf)
     */
    record(pointer, expiresAt, lifetime = NO_LIFETIME) {
      check(wasm.es_session_record(pointer, Date.now(), expiresAt, lifetime.idleTimeout, lifetime.absoluteTimeout));
      return result();
    },

    /** From a snapshot, or the whole text commit() returned; 0 when it is neither. */
    restoreSession(snapshot) {
      return wasm.es_session_restore(putOne(snapshot));
    },

    /**
     * Commits: the Set-Cookie, NUL, the session's state. Frees the session on
     * success (restoreSession takes the whole text back); throws, keeping
     * it, on failure.
     */
    commit(cookieAddress, pointer, optionsJson, nonce, lifetime = NO_LIFETIME) {
      const now = Date.now();
      if (nonce === undefined) {
        check(wasm.es_commit(cookieAddress, pointer, putOne(optionsJson), now, lifetime.idleTimeout, lifetime.absoluteTimeout));
        return result();
      }
      // A sealed cookie: the 24-byte nonce right after the options, flagged
      // by the length's top bit (NONCE_FOLLOWS).
      checkNonce(nonce);
      reserve(optionsJson.length + 8);
      const optionsBytes = put(optionsJson, 0);
      heap().set(nonce, input + optionsBytes);
      check(wasm.es_commit(cookieAddress, pointer, (optionsBytes | NONCE_FOLLOWS) >>> 0, now, lifetime.idleTimeout, lifetime.absoluteTimeout));
      return result();
    },

    /** The 24-byte nonce of the cookie's next sealed write (serialize). */
    provideNonce(cookieAddress, nonce) {
      checkNonce(nonce);
      reserve(8);
      heap().set(nonce, input);
      wasm.es_cookie_nonce(cookieAddress);
    },

    free(pointer) {
      wasm.es_session_free(pointer);
    },

    /**
     * True when `snapshot` fits restoreSession's one call (a session past 512 KiB with its incoming flash may not).
     * No trial restore: the core reads its snapshots back one level deeper than payloads (src/session.cpp), and
     * a parse per park doubled a wide session's cost (review).
     */
    restorable: (snapshot) => snapshot.length <= MAX_INPUT_UNITS,

    /**
     * `owner` (a Session) took WebAssembly memory at `pointer`: past MAX_LIVE_SESSIONS, parked in a microtask if
     * not used lately (parkExcess), and freed if it is collected first. unwatch, at each free, cancels both: a
     * session takes memory again (watch) only after its free.
     */
    watch(owner, pointer) {
      owner[heldPointer] = pointer;
      addHolder(owner);
      if (holders.size > MAX_LIVE_SESSIONS && !parkQueued) {
        parkQueued = true;
        queueMicrotask(parkExcess);
      }
    },
    unwatch(owner) {
      owner[heldPointer] = 0;
      if (owner[requestHolding]) {
        owner[requestHolding] = false;
        requestsHolding--;
      }
      if (owner[inRegistry]) {
        owner[inRegistry] = false;
        unreleased.unregister(owner);
      }
      removeHolder(owner);
    },
    /** `owner` is freed by its request's end: parked only idle (parkIdleRequests), or by the registry once collected. */
    leaveParking(owner) {
      removeHolder(owner);
      if (!owner[requestHolding] && owner[heldPointer] !== 0) {
        owner[requestHolding] = true;
        requestsHolding++;
      }
      registerHeld(owner);
      if (requestsHolding > MAX_LIVE_SESSIONS) addRequest(owner);
    },

    /** The value's JSON text, or undefined. */
    get(pointer, key) {
      return wasm.es_session_get(pointer, putOne(key)) === 1 ? result() : undefined;
    },
    /** The incoming flash's JSON text (whatever value has the same key), or undefined. */
    getFlash(pointer, key) {
      return wasm.es_session_get_flash(pointer, putOne(key)) === 1 ? result() : undefined;
    },
    /** The stored value's JSON text (never an incoming flash of the same key), or undefined. */
    getValue(pointer, key) {
      return wasm.es_session_get_value(pointer, putOne(key)) === 1 ? result() : undefined;
    },
    has: (pointer, key) => wasm.es_session_has(pointer, putOne(key)) !== 0,
    size: (pointer) => wasm.es_session_size(pointer),

    set(pointer, key, valueJson) {
      reserve(key.length + valueJson.length);
      const keyBytes = put(key, 0);
      check(wasm.es_session_set(pointer, keyBytes, put(valueJson, keyBytes)));
    },
    flash(pointer, key, valueJson) {
      reserve(key.length + valueJson.length);
      const keyBytes = put(key, 0);
      check(wasm.es_session_flash(pointer, keyBytes, put(valueJson, keyBytes)));
    },
    unset(pointer, key) {
      check(wasm.es_session_unset(pointer, putOne(key)));
    },
    destroy(pointer) {
      wasm.es_session_destroy(pointer);
    },
    regenerateId(pointer, newId, deleteOld) {
      check(wasm.es_session_regenerate_id(pointer, putOne(newId), deleteOld ? 1 : 0));
    },
    assignStoredId(pointer, id) {
      wasm.es_session_assign_stored_id(pointer, putOne(id));
    },

    dirty: (pointer) => (flags(pointer) & FLAG_DIRTY) !== 0,
    needsResign: (pointer) => (flags(pointer) & FLAG_NEEDS_RESIGN) !== 0,

    /**
     * The session's times, Unix ms: created, touched, expires (0 when
     * unknown) and when its user signed in (0 when none); `present`: whether it has times at all (a session
     * begun at ms 0, a mock clock's start, has created 0 too).
     * @returns {{ created: number, touched: number, expires: number, signedIn: number, present: boolean }}
     */
    times(pointer) {
      const address = wasm.es_session_times(pointer);
      const [created, touched, expires, signedIn, present] = new Float64Array(heap().buffer, address, 5);
      return { created, touched, expires, signedIn, present: present !== 0 };
    },

    /** Records when the session's user signed in (Unix ms; 0 forgets it), written by its next commit. */
    setSignedIn(pointer, signedInMs) {
      wasm.es_session_set_signed_in(pointer, signedInMs);
    },

    id(pointer) {
      wasm.es_session_id(pointer);
      return result();
    },
    /** The ID it arrived with (read, given to createSession, or a store created it under); "" when none. */
    originalId(pointer) {
      wasm.es_session_original_id(pointer);
      return result();
    },
    /** After the commit that deleted it: the session has no ID left to delete. */
    forgetDeleteId(pointer) {
      wasm.es_session_forget_delete_id(pointer);
    },
    /** "" when there is none. */
    deleteId(pointer) {
      wasm.es_session_delete_id(pointer);
      return result();
    },
    /** What a commit stores, as JSON text. */
    data(pointer) {
      wasm.es_session_data(pointer);
      return result();
    },
    snapshot(pointer) {
      wasm.es_session_snapshot(pointer);
      return result();
    },
  };
  return guardCalls(calls);
}

/**
 * Gives the instance the secret key of its hash of session keys (src/json.h seed_key_hash): 128 bits from the
 * platform CSPRNG, drawn here at the instance's first use, never at import (Workers forbid random values in global
 * scope). Regression (issue 10.3, audit): unseeded, anyone choosing a session's keys could make them share a bucket
 * of the core's key index; a record of 16,000 such keys read in 550-910 ms instead of 2.5-5.7 ms.
 */
function seedKeyHash(wasm) {
  const seed = crypto.getRandomValues(new Uint32Array(4));
  wasm.es_seed_key_hash(seed[0], seed[1], seed[2], seed[3]);
}

/** A storage without idle or absolute timeouts. */
const NO_LIFETIME = Object.freeze({ idleTimeout: 0, absoluteTimeout: 0, touchInterval: 0 });

/**
 * Throws unless `nonce` is NONCE_SIZE bytes. The core reads 24 bytes at the nonce's place whatever was written
 * there: a shorter one would be completed from stale WebAssembly memory, the same bytes seal after seal, and a
 * nonce reused under one key breaks XChaCha20-Poly1305. Checked before the heap is touched, so the instance stays
 * sound. Defence in depth (s48 cookie pass: nonce-pool mutants that handed on fewer bytes sealed with repeated ones).
 */
function checkNonce(nonce) {
  if (!(nonce instanceof Uint8Array) || nonce.length !== NONCE_SIZE) {
    throw new TypeError(`edge-session: a sealing nonce must be ${NONCE_SIZE} bytes, got ${nonce instanceof Uint8Array ? nonce.length : typeof nonce}`);
  }
}

const UNGUARDED = new Set(['module', 'Cookie', 'watch', 'unwatch', 'leaveParking']);

/**
 * Wraps each call so that an error escaping it that is not one of ours
 * marks the core broken (see createCore). A broken core's calls throw a
 * CORE_RESET error, except free, which does nothing: the memory went with
 * the instance. Marking is all the catch does: the stack may be nearly
 * exhausted there, so the loader asks isBroken() later.
 */
function guardCalls(calls) {
  let broken = false;
  const guarded = { isBroken: () => broken };
  for (const [name, call] of Object.entries(calls)) {
    if (UNGUARDED.has(name)) {
      guarded[name] = call;
      continue;
    }
    guarded[name] = (a, b, c, d, e) => {
      if (broken) {
        if (name === 'free') return undefined;
        throw coreResetError();
      }
      try {
        return call(a, b, c, d, e);
      } catch (error) {
        if (!(error instanceof EdgeSessionError)) broken = true;
        throw error;
      }
    };
  }
  return guarded;
}

/**
 * The es_* exports as plain functions. The glue's `Module._es_x` is a wrapper
 * that calls through `.apply(arguments)` until its first use, then replaces
 * itself with the export (whose own name -O3 minifies), so each entry here
 * takes the export once the wrapper has run.
 */
function rawExports(module) {
  const names = Object.keys(module).filter((name) => name.startsWith('_es_'));
  const exports = {};
  for (const name of names) {
    const key = name.slice(1);
    exports[key] = (...args) => {
      const value = module[name](...args);
      exports[key] = module[name];
      return value;
    };
  }
  return exports;
}
