// A seeded random model of the users' index (issue 14): browsers, users, steps of one or two Session objects of one
// cookie (sign in, switch, unset, other data, regenerateId, commit, destroy), revocations and listings, in turn or at
// once; after every step the invariants are checked against the store's ground truth (each known cookie opened):
// I1 each user's list names exactly the live sessions of that user; I2 a revocation ends them all and counts them,
// and none signs in again without a new sign-in; I3 `except` keeps exactly its session; I4 a destroyed session's
// cookie never opens again. Written for an audit (user-index model), which found the defects of
// tests/js/user-index-twin-commits; tests/js/user-index-model.test.js runs it on fixed seeds in Node, and
// tests/workerd/user-index-model-worker on Durable Objects. Nothing here is Node's: the Worker bundles this file.
import { rng } from './seeded-random.js';

/** The cookie of the storages the model runs on (their factories take it). */
export const COOKIE = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };
const USERS = ['ann', 'bob', 'cy', 7, '7'];
const NB = 3;
const norm = (u) => (u === undefined || u === null || u === false || u === '' ? undefined : String(u));

export { rng };

/** A script: steps of { b, twins, mode, actions: [{ who: 0|1|'s', op, ... }] }. */
export function genScript(seed, steps) {
  const r = rng(seed);
  const script = [];
  for (let i = 0; i < steps; i++) {
    const twins = r.chance(0.55) ? 2 : 1;
    const mode = twins === 2 && r.chance(0.4) ? 'par' : r.chance(0.15) ? 'par' : 'seq';
    const chains = [];
    for (let who = 0; who < twins; who++) {
      const chain = [];
      const n = 1 + r.int(4);
      for (let k = 0; k < n; k++) {
        const x = r.next();
        if (x < 0.3) chain.push({ who, op: 'set', user: r.pick(USERS) });
        else if (x < 0.4) chain.push({ who, op: 'unset' });
        else if (x < 0.52) chain.push({ who, op: 'data', v: r.int(100) });
        else if (x < 0.64) chain.push({ who, op: 'regen', del: r.chance(0.5) });
        else if (x < 0.92) chain.push({ who, op: 'commit' });
        else chain.push({ who, op: 'destroy' });
      }
      const last = chain[chain.length - 1];
      if (last.op !== 'commit' && last.op !== 'destroy' && r.chance(0.85)) chain.push({ who, op: 'commit' });
      chains.push(chain);
    }
    const sChain = [];
    const m = r.chance(0.45) ? 1 + r.int(2) : 0;
    for (let k = 0; k < m; k++) {
      const ref = r.pick([null, 0, twins - 1]);
      if (r.chance(0.6)) sChain.push({ who: 's', op: 'revoke', user: r.pick(USERS), except: r.chance(0.5) ? ref : null });
      else sChain.push({ who: 's', op: 'list', user: r.pick(USERS), current: ref });
    }
    if (sChain.length) chains.push(sChain);
    // Interleave the chains keeping each one's order.
    const actions = [];
    const idx = chains.map(() => 0);
    while (idx.some((p, c) => p < chains[c].length)) {
      const live = chains.map((_, c) => c).filter((c) => idx[c] < chains[c].length);
      const c = r.pick(live);
      actions.push(chains[c][idx[c]++]);
    }
    script.push({ b: r.int(NB), twins, mode, actions });
  }
  return script;
}

const pairOf = (header) => header.split(';')[0];
const expiring = (header) => /Max-Age=0\b/i.test(header) || /Expires=Thu, 01 Jan 1970/i.test(header);
function idOfPair(pair) {
  const value = decodeURIComponent(pair.slice(pair.indexOf('=') + 1));
  const b64 = value.slice(0, value.lastIndexOf('.'));
  return JSON.parse(atob(b64)); // an ID is hex: atob's Latin-1 is its UTF-8
}
const expectedThrow = (e) => e?.name === 'SessionDestroyedError' || e?.code === 'SESSION_ENDED' || e?.code === 'SESSION_DISPOSED';
// A store that serialises a session's requests refuses, writing nothing, a commit that lost its place in the line:
// the session written by the other request since (SESSION_CHANGED), or its lease lapsed (Durable Objects).
const refusedInLine = (e) => e?.code === 'SESSION_CHANGED' || (e?.code === 'STORAGE_FAILED' && /its lease lapsed/.test(e?.message));

/**
 * Runs `script` on a fresh storage, `newStorage()` (of COOKIE, with userKey 'userId'); resolves to
 * { failures, trace }. Stops at the first failing step.
 *
 * `requestsInLine`, for a store that gives a session to one request at a time (Durable Objects' leases): each twin
 * is a request of its own, opening its Session at its first action and disposing of it after the last action that
 * uses it, so the other twin's open waits in line (both opened at the step's start, the second would wait until
 * the first's lease lapsed). A revocation or listing naming a twin not open names none. Commits refused in
 * that line are outcomes, not failures (refusedInLine), and a revocation's before-and-after reads are skipped while
 * a twin is open: they would take its lease.
 */
export async function runScript(script, newStorage, { stopAtFirst = true, after, requestsInLine = false } = {}) {
  const storage = newStorage();
  const trace = [];
  const failures = [];
  const browsers = Array(NB).fill(null);
  const known = new Map(); // id -> pair
  const destroyed = new Set();
  const legit = new Map(); // user -> Set of IDs allowed to be signed in as it (after its first revocation)
  const maybe = new Map();
  const revokeGen = new Map(); // user -> revocations started
  const revokeActive = new Map(); // user -> revocations under way
  const fail = (inv, detail, step) => failures.push({ inv, detail, step });

  async function truth() {
    const live = new Map(); // id -> user (normalized) or undefined
    for (const [id, pair] of known) {
      const s = await storage.getSession(pair);
      if (s.id === id) live.set(id, norm(s.get('userId')));
      else if (s.id !== '') live.set(s.id, norm(s.get('userId')));
      s.dispose();
    }
    return live;
  }
  const liveOf = (live, user) => new Set([...live].filter(([, u]) => u === user).map(([id]) => id));

  for (let si = 0; si < script.length; si++) {
    const step = script[si];
    const cookie = browsers[step.b];
    const sess = []; // per twin: { s, modelId, modelUser, closed }; in line, set by the twin's first action
    const open = async (who) => {
      const s = await storage.getSession(cookie);
      sess[who] = { s, modelId: s.id, modelUser: norm(s.get('userId')), closed: false };
    };
    const shown = (m) => `${m.modelId.slice(0, 6)}:${m.modelUser}`;
    if (!requestsInLine) for (let k = 0; k < step.twins; k++) await open(k);
    trace.push(`step ${si} b${step.b} ${step.mode} cookie=${cookie ? idOfPair(cookie).slice(0, 6) : null} read=${sess.map(shown)}`);
    let lastHeader = null; // the step's last Set-Cookie for the cookie, as the browser keeps it
    const seqMode = step.mode === 'seq';
    // In line, a twin's request ends once its own actions and the storage's naming its Session (except, current)
    // have run: disposed earlier, that Session would fail the storage's call (SESSION_DISPOSED) in a way no app meets.
    const twinsOf = (a) => (a.who !== 's' ? [a.who] : [a.op === 'revoke' ? a.except : a.current].filter((ref) => ref !== null && ref !== undefined));
    const usesLeft = new Map();
    for (const a of step.actions) for (const who of twinsOf(a)) usesLeft.set(who, (usesLeft.get(who) ?? 0) + 1);
    const openNow = (m) => m !== undefined && !m.closed;

    const doAction = async (a) => {
      if (a.who === 's') {
        const ref = a.op === 'revoke' ? a.except : a.current;
        const m = ref === null || ref === undefined || !openNow(sess[ref]) ? null : sess[ref];
        const user = norm(a.user);
        if (a.op === 'list') {
          const list = await storage.listUserSessions(a.user, m ? { current: m.s } : {});
          trace.push(`  list ${a.user} current=${ref} -> ${list.map((e) => e.id.slice(0, 6) + (e.current ? '*' : ''))}`);
          if (new Set(list.map((e) => e.id)).size !== list.length) fail('LIST-dup', `listing of ${a.user} names an ID twice`, si);
          if (list.filter((e) => e.current).length > 1) fail('LIST-current', 'several entries current', si);
          if (seqMode && m && list.some((e) => e.id === m.modelId) && !list.find((e) => e.id === m.modelId).current) {
            fail('LIST-current', `current session ${m.modelId.slice(0, 6)} listed but not flagged`, si);
          }
          return;
        }
        // revoke
        const exceptId = m ? m.modelId : undefined;
        const checked = seqMode && !(requestsInLine && sess.some(openNow));
        const before = checked ? await truth() : undefined;
        revokeGen.set(user, (revokeGen.get(user) ?? 0) + 1);
        revokeActive.set(user, (revokeActive.get(user) ?? 0) + 1);
        const keep = new Set(exceptId ? [exceptId] : []);
        legit.set(user, keep);
        maybe.set(user, new Set());
        let ret;
        try {
          ret = await storage.revokeUserSessions(a.user, m ? { except: m.s } : undefined);
        } finally {
          revokeActive.set(user, revokeActive.get(user) - 1);
        }
        trace.push(`  revoke ${a.user} except=${ref}(${exceptId?.slice(0, 6)}) -> ${ret}`);
        if (checked) {
          const after = await truth();
          const b = liveOf(before, user);
          const survivors = new Set([...b].filter((id) => keep.has(id)));
          const got = liveOf(after, user);
          const extra = [...got].filter((id) => !survivors.has(id));
          const missing = [...survivors].filter((id) => !got.has(id));
          if (extra.length) fail(m ? 'I3-extra' : 'I2-alive', `after revoke(${a.user}${m ? ', except' : ''}) still signed in as it: ${extra.map((x) => x.slice(0, 6))}`, si);
          if (missing.length) fail('I3-kept-missing', `except's session ${missing.map((x) => x.slice(0, 6))} ended`, si);
          if (ret !== b.size - survivors.size) fail('I2-count', `revoke(${a.user}) returned ${ret}, ${b.size - survivors.size} live sessions ended (before: ${[...b].map((x) => x.slice(0, 6))})`, si);
        }
        return;
      }
      if (requestsInLine && sess[a.who] === undefined) {
        await open(a.who);
        trace.push(`  #${a.who} open -> ${shown(sess[a.who])}`);
      }
      const m = sess[a.who];
      const s = m.s;
      switch (a.op) {
        case 'set':
          s.set('userId', a.user);
          trace.push(`  #${a.who} set userId=${JSON.stringify(a.user)}`);
          return;
        case 'unset':
          s.unset('userId');
          trace.push(`  #${a.who} unset userId`);
          return;
        case 'data':
          s.set('n', a.v);
          trace.push(`  #${a.who} set n`);
          return;
        case 'regen':
          s.regenerateId(a.del);
          trace.push(`  #${a.who} regenerateId(${a.del})`);
          return;
        case 'commit': {
          let userAt;
          try {
            userAt = norm(s.get('userId'));
          } catch {
            userAt = undefined;
          }
          const gen0 = userAt ? (revokeGen.get(userAt) ?? 0) : 0;
          const active0 = userAt ? (revokeActive.get(userAt) ?? 0) : 0;
          const header = await storage.commitSession(s);
          lastHeader = header;
          const overlap = userAt && (active0 > 0 || (revokeActive.get(userAt) ?? 0) > 0 || (revokeGen.get(userAt) ?? 0) !== gen0);
          if (expiring(header)) {
            trace.push(`  #${a.who} commit (user ${userAt}) -> expiring`);
            m.modelId = '';
            m.modelUser = undefined;
            return;
          }
          const pair = pairOf(header);
          const id = idOfPair(pair);
          known.set(id, pair);
          const signIn = userAt !== undefined && userAt !== m.modelUser;
          trace.push(`  #${a.who} commit (user ${userAt}${signIn ? ', sign-in' : ''}) -> ${id.slice(0, 6)}`);
          if (userAt !== undefined && legit.has(userAt)) {
            const ok = signIn || legit.get(userAt).has(m.modelId);
            const okMaybe = ok || maybe.get(userAt).has(m.modelId);
            if (overlap) {
              if (okMaybe) maybe.get(userAt).add(id);
            } else if (ok) legit.get(userAt).add(id);
            else if (okMaybe) maybe.get(userAt).add(id);
          }
          m.modelId = id;
          m.modelUser = userAt;
          return;
        }
        case 'destroy': {
          const ids = [m.modelId].filter(Boolean);
          const header = await storage.destroySession(s);
          lastHeader = header;
          for (const id of ids) destroyed.add(id);
          trace.push(`  #${a.who} destroy (${ids.map((x) => x.slice(0, 6))}) -> ${expiring(header) ? 'expiring' : header}`);
          m.modelId = '';
          m.modelUser = undefined;
          return;
        }
      }
    };
    const guarded = async (a) => {
      try {
        await doAction(a);
      } catch (e) {
        trace.push(`  #${a.who} ${a.op} threw ${e?.name} ${e?.code ?? ''} ${e?.message}`);
        if (!expectedThrow(e) && !(requestsInLine && refusedInLine(e))) fail(`THROW-${a.op}-${e?.name}-${e?.code ?? ''}`, String(e?.stack ?? e), si);
      }
      for (const who of requestsInLine ? twinsOf(a) : []) {
        usesLeft.set(who, usesLeft.get(who) - 1);
        if (usesLeft.get(who) === 0 && openNow(sess[who])) {
          sess[who].s.dispose(); // its request ends: the lease goes back
          sess[who].closed = true;
        }
      }
    };

    if (seqMode) {
      for (const a of step.actions) await guarded(a);
    } else {
      // par: each Session's chain and the storage's run at once.
      const groups = [...new Set(step.actions.map((a) => a.who))];
      await Promise.all(groups.map(async (g) => {
        for (const a of step.actions.filter((x) => x.who === g)) await guarded(a);
      }));
    }
    for (const m of sess) if (openNow(m)) m.s.dispose();
    if (lastHeader) browsers[step.b] = expiring(lastHeader) ? null : pairOf(lastHeader);

    // End-of-step invariants.
    const live = await truth();
    for (const u of ['ann', 'bob', 'cy', '7']) {
      const list = await storage.listUserSessions(u);
      const listed = new Set(list.map((e) => e.id));
      const truthU = liveOf(live, u);
      const phantom = [...listed].filter((id) => !truthU.has(id));
      const missing = [...truthU].filter((id) => !listed.has(id));
      if (phantom.length) {
        fail('I1-phantom', `listUserSessions(${u}) names ${phantom.map((id) => `${id.slice(0, 6)}(${live.has(id) ? `user ${live.get(id)}` : 'dead'})`)}`, si);
      }
      if (missing.length) fail('I1-missing', `listUserSessions(${u}) misses live ${missing.map((id) => id.slice(0, 6))}`, si);
      if (legit.has(u)) {
        const bad = [...truthU].filter((id) => !legit.get(u).has(id) && !maybe.get(u).has(id));
        if (bad.length) fail('I2-resurrected', `after revoke(${u}), ${bad.map((id) => id.slice(0, 6))} signed in as ${u} with no new sign-in`, si);
      }
    }
    for (const id of destroyed) {
      if (live.has(id)) fail(live.get(id) ? 'I4-signed-in' : 'I4b-reopened', `destroyed ${id.slice(0, 6)} opens again (user ${live.get(id)})`, si);
    }
    trace.push(`  truth: ${[...live].map(([id, u]) => `${id.slice(0, 6)}:${u}`).join(' ')}`);
    if (failures.length && stopAtFirst) break;
  }
  if (after) await after(storage, known, trace);
  return { failures, trace };
}

/** Shrinks `script` keeping a failure of signature `inv` on fresh storages of `newStorage` (runScript's `options`). */
export async function shrink(script, newStorage, inv, options = {}) {
  const fails = async (sc) => (await runScript(sc, newStorage, options)).failures.some((f) => f.inv === inv);
  let cur = structuredClone(script);
  const first = (await runScript(cur, newStorage, options)).failures.find((f) => f.inv === inv);
  if (first) cur = cur.slice(0, first.step + 1);
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = cur.length - 1; i >= 0; i--) {
      const cand = cur.filter((_, j) => j !== i);
      if (await fails(cand)) { cur = cand; changed = true; }
    }
    for (let i = 0; i < cur.length; i++) {
      for (let k = cur[i].actions.length - 1; k >= 0; k--) {
        const cand = structuredClone(cur);
        cand[i].actions.splice(k, 1);
        if (await fails(cand)) { cur = cand; changed = true; }
      }
      if (cur[i].mode === 'par') {
        const cand = structuredClone(cur);
        cand[i].mode = 'seq';
        if (await fails(cand)) { cur = cand; changed = true; }
      }
      if (cur[i].twins === 2 && !cur[i].actions.some((a) => a.who === 1 || a.except === 1 || a.current === 1)) {
        const cand = structuredClone(cur);
        cand[i].twins = 1;
        if (await fails(cand)) { cur = cand; changed = true; }
      }
      for (let k = 0; k < cur[i].actions.length; k++) {
        const a = cur[i].actions[k];
        for (const [key, simple] of [['user', 'ann'], ['except', null], ['current', null], ['del', false]]) {
          if (a[key] !== undefined && a[key] !== simple) {
            const cand = structuredClone(cur);
            cand[i].actions[k][key] = simple;
            if (await fails(cand)) { cur = cand; changed = true; }
          }
        }
      }
      if (cur[i].b !== 0) {
        const cand = structuredClone(cur);
        cand[i].b = 0;
        if (await fails(cand)) { cur = cand; changed = true; }
      }
    }
  }
  return cur;
}
