// The reference model of tests/js/storages-agree-model.js: what README promises a server-side storage does with the
// model's steps (Storages, Session, withSession, Session lifetime, Signing out everywhere), written from README, not
// the code. It answers each step's record as runSteps records it, but for times compared loosely (sign-in stamps run
// a few ms ahead of the clock: README, Signing out everywhere) and `who` of orphaned IDs.
const SLACK = 5; // ms a sign-in stamp may run ahead of the clock

export function referenceRun(steps, lifetime, t0) {
  const maxAge = lifetime.cookie?.maxAge !== undefined ? lifetime.cookie.maxAge * 1000 : null;
  const fixed = lifetime.cookie?.expires ? lifetime.cookie.expires.getTime() : null;
  const idle = lifetime.idleTimeout !== undefined ? lifetime.idleTimeout * 1000 : null;
  const abs = lifetime.absoluteTimeout !== undefined ? lifetime.absoluteTimeout * 1000 : null;
  const touch = idle === null ? null : lifetime.touchInterval !== undefined ? lifetime.touchInterval * 1000 : Math.min(idle, maxAge ?? Infinity) / 4;
  let now = t0;
  let nextId = 1;
  const records = new Map(); // id -> { n, uid, flash, created, touched, exp, signIn, listedAt }
  const device = [null, null, null];
  const times = [0, 1, 2].map(() => ({ write: null, start: null, signIn: null }));
  const out = [];
  const alive = (id) => {
    const r = id === null ? undefined : records.get(id);
    if (!r) return false;
    return now < r.exp && (idle === null || now < r.touched + idle) && (abs === null || now < r.created + abs);
  };
  const live = (user) => [...records.entries()].filter(([id, r]) => r.uid === user && alive(id));
  const idTo = new Map(); // ID -> the device whose last Set-Cookie named it (as runSteps names them)
  const whoOf = (id) => (idTo.has(id) ? `d${idTo.get(id)}` : 'other');
  const listOf = (user, current) =>
    live(user)
      .map(([id, r]) => ({ who: whoOf(id), createdAt: r.listedAt - t0, lastSeenAt: r.touched - t0, current: id === current }))
      .sort((x, y) => y.lastSeenAt - x.lastSeenAt || JSON.stringify(x).localeCompare(JSON.stringify(y)));
  const revoke = (user, exceptId) => {
    let count = 0;
    for (const [id] of live(user)) if (id !== exceptId) (records.delete(id), count++);
    // expired records of the user are ended too (not counted)
    for (const [id, r] of [...records]) if (r.uid === user && id !== exceptId && !alive(id)) records.delete(id);
    return count;
  };
  for (const s of steps) {
    if (s.op === 'adv') {
      now += s.ms;
      out.push({ t: now - t0 });
    } else if (s.op === 'to') {
      const base = times[s.d][s.base];
      if (base !== null && base + s.k + s.delta > now) now = base + s.k + s.delta;
      out.push({ t: now - t0 });
    } else if (s.op === 'copy') {
      device[s.to] = device[s.from];
      times[s.to] = { ...times[s.from] };
      out.push({});
    } else if (s.op === 'list') out.push({ list: listOf(s.user, null) });
    else if (s.op === 'revoke') out.push({ count: revoke(s.user, null) });
    else {
      const id0 = device[s.d];
      const fresh = !alive(id0);
      const r0 = fresh ? null : records.get(id0);
      const sess = fresh ? { n: null, uid: null, created: now, signIn: 0, listedAt: 0, touched: now } : { ...r0 };
      const rec = { n: sess.n, uid: sess.uid, flash: r0?.flash ?? null };
      let dirty = r0?.flash !== undefined && r0?.flash !== null && !fresh;
      let flash = null;
      let id = fresh ? null : id0;
      let deleteOld = false;
      let destroyed = false;
      let switched = false;
      for (const a of s.a.ops ?? [s.a]) {
        if (a.op === 'set') (sess.n = a.v), (dirty = true);
        else if (a.op === 'flash') (flash = a.v), (dirty = true);
        else if (a.op === 'signin') (sess.uid = a.user), (dirty = true); else if (a.op === 'signout') (sess.uid = null), (dirty = true);
        else if (a.op === 'regen') (deleteOld ||= a.del), (id = id === null ? null : 'regen'), (dirty = true);
        else if (a.op === 'logout') destroyed = true;
        else if (a.op === 'listMine') {
          if (sess.uid !== null) rec.list = listOf(sess.uid, fresh ? null : id0);
        } else if (a.op === 'revokeOthers') {
          if (sess.uid !== null) {
            rec.count = revoke(sess.uid, fresh ? null : id0);
            dirty = true;
          }
        }
        if (destroyed) break;
      }
      // A sign-in is a commit whose user is new in the request; a switch of user takes a new ID (README)
      if (sess.uid !== null && sess.uid !== rec.uid) {
        sess.signIn = sess.listedAt = now;
        switched = rec.uid !== null && !fresh;
      }
      if (destroyed) {
        if (!fresh) records.delete(id0);
        rec.setCookie = 'cleared';
        device[s.d] = null;
        times[s.d] = { write: null, start: null, signIn: null };
      } else if (dirty || (!fresh && idle !== null && now - sess.touched >= touch)) {
        const newId = fresh || id === 'regen' || switched ? `r${nextId++}` : id0;
        if (!fresh && newId !== id0 && (deleteOld || switched)) records.delete(id0);
        const exp = Math.min(maxAge === null ? Infinity : now + maxAge, fixed ?? Infinity);
        records.set(newId, { n: sess.n, uid: sess.uid, flash: flash ?? undefined, created: sess.created, touched: now, exp, signIn: sess.signIn, listedAt: sess.listedAt });
        if (fresh || times[s.d].start === null) times[s.d].start = now;
        times[s.d].write = now;
        if ((s.a.ops ?? [s.a]).some((o) => o.op === 'signin' && o.user !== rec.uid)) times[s.d].signIn = now;
        device[s.d] = newId;
        idTo.set(newId, s.d);
        rec.setCookie = 'set';
      } else rec.setCookie = 'none';
      out.push(rec);
    }
  }
  return out;
}

/** `actual` matches `expected` (the reference's record): times within SLACK, `other` entries not named. */
export function matches(expected, actual) {
  if (JSON.stringify(Object.keys(expected).sort()) !== JSON.stringify(Object.keys(actual).filter((k) => k !== 'error').sort())) return false;
  for (const key of Object.keys(expected)) {
    if (key !== 'list') {
      if (JSON.stringify(expected[key]) !== JSON.stringify(actual[key])) return false;
      continue;
    }
    const [e, a] = [expected.list, actual.list];
    if (e.length !== a.length) return false;
    const key2 = (x) => `${x.who}|${x.current}`;
    const as = [...a].sort((x, y) => (key2(x) < key2(y) ? -1 : 1));
    const es = [...e].sort((x, y) => (key2(x) < key2(y) ? -1 : 1));
    for (let i = 0; i < es.length; i++) {
      if (key2(es[i]) !== key2(as[i])) return false;
      if (Math.abs(es[i].lastSeenAt - as[i].lastSeenAt) > SLACK || Math.abs(es[i].createdAt - as[i].createdAt) > SLACK) return false;
    }
  }
  return true;
}
