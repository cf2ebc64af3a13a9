// When to log metrics and when to write checkpoints. Pure functions of the
// config, so the trainer, its resume logic and the tests agree on the steps.
import type { CheckpointSchedule, LogSchedule } from './config';

/** True if metrics are logged after `step` (step 0 = the initialisation). */
export function isLogStep(log: LogSchedule, step: number, totalSteps: number): boolean {
  if (step === 0 || step === totalSteps) return true;
  if (log.early && step <= log.early.until && step % log.early.every === 0) return true;
  return step % log.every === 0;
}

/**
 * The sorted checkpoint steps, always including 0 (the initialisation, which the
 * Gini comparison needs) and the last step. `{log, linear}` mixes log-spaced steps
 * (dense early, where memorization happens fast) with evenly spaced ones (for the
 * slow circuit formation and cleanup later).
 */
export function checkpointSteps(schedule: CheckpointSchedule, totalSteps: number): number[] {
  const steps = new Set<number>([0, totalSteps]);
  if (Array.isArray(schedule)) {
    for (const s of schedule) steps.add(s);
  } else if ('every' in schedule) {
    for (let s = schedule.every; s < totalSteps; s += schedule.every) steps.add(s);
  } else {
    const { log, linear } = schedule;
    for (let i = 0; i < log; i++) {
      const s = Math.round(Math.exp((Math.log(10) + (i / Math.max(1, log - 1)) * (Math.log(totalSteps) - Math.log(10)))));
      steps.add(Math.min(totalSteps, Math.max(1, s)));
    }
    for (let i = 1; i < linear; i++) steps.add(Math.round((i * totalSteps) / linear));
  }
  return [...steps].filter((s) => s >= 0 && s <= totalSteps).sort((a, b) => a - b);
}
