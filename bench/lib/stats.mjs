// Small statistics helpers shared by the Node and browser sides of the bench.

/** The q-quantile (0..1) of `values` (nearest rank on a sorted copy); NaN when empty. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** The median of `values`. */
export const median = (values) => quantile(values, 0.5);

/** The 95th percentile of `values`. */
export const p95 = (values) => quantile(values, 0.95);

/** `{ median, p95, n }` of `values`, rounded to 4 significant decimals. */
export function summary(values) {
  return { median: round(median(values)), p95: round(p95(values)), n: values.length };
}

/** Rounds to 4 decimals (keeps JSON small and stable). */
export function round(value) {
  return Number.isFinite(value) ? Math.round(value * 1e4) / 1e4 : value;
}
