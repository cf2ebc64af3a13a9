// performance.mark() around the steps of loading a live model, for scripts/bench/figures-warmup.ts
// (read back with performance.getEntriesByType('mark'), names starting 'gg:'). A no-op where there is
// no User Timing API (Node tests); never throws.
export function mark(name: string, detail?: unknown): void {
  try {
    globalThis.performance?.mark?.(`gg:${name}`, detail === undefined ? undefined : { detail });
  } catch {
    /* marks are diagnostics only */
  }
}
