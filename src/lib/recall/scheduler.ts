/**
 * Spaced-review scheduler: pure functions from (previous card state, grade, now) to the next card state.
 *
 * The schedule is a two-button variant of SM-2 (Wozniak 1990, the algorithm behind Anki), tuned the way
 * Quantum Country tunes it for prompts embedded in an essay (Matuschak & Nielsen, "How to write good prompts"
 * and "Quantum Country" notes): a reader grades only "forgot" or "remembered", so there is no per-card ease
 * factor, just one interval that grows geometrically on success and shrinks (but does not reset) on a lapse.
 *
 * Times are milliseconds since the epoch; intervals are in days. No Date objects, no clocks: the caller passes
 * `now`, so tests and the page's injectable clock decide what time it is.
 */

export type Grade = 'forgot' | 'remembered';

/** What the scheduler knows about one prompt. Serialized as is (see state.ts). */
export interface CardState {
  /** Days from the last review to the next one. */
  intervalDays: number;
  /** When the prompt is next due (ms since epoch). */
  dueAt: number;
  /** When it was last graded (ms since epoch). */
  lastAt: number;
  /** How many times it has been graded, lapses included. */
  reviews: number;
  /** How many of those were "forgot". */
  lapses: number;
  lastGrade: Grade;
}

export const DAY_MS = 86_400_000;

/**
 * The constants, and why.
 * - firstIntervalDays 3: remembered on first sight (in the essay, minutes after reading the passage) says little
 *   about long-term memory, so the first review comes after a few days, when recalling takes some effort (the
 *   testing effect is strongest then) but most readers still succeed. Quantum Country uses 5 days; Anki's SM-2
 *   graduates new cards after 1 then 6 days; 3 is between, for an essay read over a week or two.
 * - firstLapseDays 1: forgot on first sight means the idea did not stick at all: see it again tomorrow.
 * - growth 2.5: SM-2's default ease factor. 3 → 7.5 → 19 → 47 → 117 → 293 days: six successful reviews carry a
 *   prompt close to a year, about Quantum Country's ladder (5 days, 2 weeks, 1 month, 2 months, 4 months...).
 * - lapseFactor 0.5: a lapse after a long interval still means partial memory, so the interval halves instead of
 *   starting over (Quantum Country steps back one rung; SM-2's reset to 1 day makes readers re-answer prompts
 *   they nearly know many times, which is the main reason people abandon review).
 * - minIntervalDays 1: never due again within the same day; a review the same day tests short-term memory.
 * - maxIntervalDays 365: a yearly check keeps the queue honest without burdening it.
 */
export const SCHEDULE = {
  firstIntervalDays: 3,
  firstLapseDays: 1,
  growth: 2.5,
  lapseFactor: 0.5,
  minIntervalDays: 1,
  maxIntervalDays: 365,
} as const;

export type ScheduleConstants = typeof SCHEDULE;

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * The interval after grading. For a prompt seen before:
 * - remembered on time or late: interval × growth;
 * - remembered early (re-reading the essay before the prompt is due): grow from the time that actually passed,
 *   never below the current interval, so tapping "remembered" twice in a row does not inflate the schedule;
 * - forgot: interval × lapseFactor.
 */
export function nextInterval(
  prev: CardState | undefined,
  grade: Grade,
  now: number,
  k: ScheduleConstants = SCHEDULE,
): number {
  if (!prev) return grade === 'remembered' ? k.firstIntervalDays : k.firstLapseDays;
  const raw =
    grade === 'forgot'
      ? prev.intervalDays * k.lapseFactor
      : Math.max(prev.intervalDays, Math.min(prev.intervalDays, Math.max(0, now - prev.lastAt) / DAY_MS) * k.growth);
  return clamp(raw, k.minIntervalDays, k.maxIntervalDays);
}

/** The card state after grading `grade` at `now`. */
export function schedule(
  prev: CardState | undefined,
  grade: Grade,
  now: number,
  k: ScheduleConstants = SCHEDULE,
): CardState {
  const intervalDays = nextInterval(prev, grade, now, k);
  return {
    intervalDays,
    dueAt: now + Math.round(intervalDays * DAY_MS),
    lastAt: now,
    reviews: (prev?.reviews ?? 0) + 1,
    lapses: (prev?.lapses ?? 0) + (grade === 'forgot' ? 1 : 0),
    lastGrade: grade,
  };
}

export const isDue = (card: CardState, now: number): boolean => card.dueAt <= now;
