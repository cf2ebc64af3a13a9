// The load average, for benchmarks that must run on a quiet machine: a figure taken with the 1-minute
// load above 1.5 is not a result (scripts/bench/README.md). waitForQuiet() waits for the machine to
// settle before a benchmark starts; loadNote() is printed beside every figure.
import { loadavg } from 'node:os';

export const QUIET = 1.5;

export function loadNote(): string {
  const l = loadavg()[0];
  return `load ${l.toFixed(2)}${l > QUIET ? ` — ABOVE ${QUIET}: not a quiet-machine figure` : ''}`;
}

/** Resolves once the 1-minute load is below `below` (default 0.5), or after `maxSeconds`, saying which. */
export async function waitForQuiet(below = 0.5, maxSeconds = 240): Promise<string> {
  const t0 = Date.now();
  while (loadavg()[0] >= below && Date.now() - t0 < maxSeconds * 1000) await new Promise((r) => setTimeout(r, 5000));
  const waited = Math.round((Date.now() - t0) / 1000);
  return loadavg()[0] < below ? `quiet after ${waited} s (${loadNote()})` : `still busy after ${waited} s (${loadNote()})`;
}

/**
 * The start of a benchmark: wait (up to `maxSeconds`) for the 1-minute load to fall below 1.5; if it does
 * not, say loudly that the figures are not quiet-machine results, and with `strict` refuse (exit 2).
 */
export async function requireQuiet(options: { strict?: boolean; maxSeconds?: number } = {}): Promise<void> {
  const said = await waitForQuiet(QUIET, options.maxSeconds ?? 120);
  if (loadavg()[0] < QUIET) {
    console.log(`# ${said}`);
    return;
  }
  const msg = `load average ${loadavg()[0].toFixed(2)} is above ${QUIET}: these figures are NOT quiet-machine results`;
  if (options.strict) {
    console.error(`bench: ${msg} (--strict: refusing to run)`);
    process.exit(2);
  }
  console.log(`# WARNING: ${msg}`);
}
