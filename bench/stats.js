// Small helpers shared by the Node and workerd benches.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Order of the implementations in round `round`: rotated, so none always runs first or last. */
export function rotate(list, round) {
  const k = round % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/** Microseconds, 3 significant digits-ish. */
export function formatMicros(us) {
  return us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2);
}

export function formatRatio(r) {
  return r >= 10 ? `${r.toFixed(1)}x` : `${r.toFixed(2)}x`;
}

export function formatBytes(n) {
  return n >= 1024 ? `${(n / 1024).toFixed(1)} KiB (${n} B)` : `${n} B`;
}
