import { describe, expect, it } from 'vitest';
import { DAY_MS, isDue, nextInterval, schedule, SCHEDULE, type CardState } from '../../../src/lib/recall/scheduler.ts';

const T0 = Date.UTC(2026, 0, 10, 12);

/** Grades at the moment the card falls due, `grades.length` times, starting from a new card. */
function run(grades: ('remembered' | 'forgot')[]): CardState[] {
  const out: CardState[] = [];
  let card: CardState | undefined;
  let now = T0;
  for (const g of grades) {
    card = schedule(card, g, now);
    out.push(card);
    now = card.dueAt;
  }
  return out;
}

describe('scheduler', () => {
  it('schedules a first success a few days out and a first lapse tomorrow', () => {
    const ok = schedule(undefined, 'remembered', T0);
    expect(ok.intervalDays).toBe(3);
    expect(ok.dueAt).toBe(T0 + 3 * DAY_MS);
    expect(ok).toMatchObject({ reviews: 1, lapses: 0, lastAt: T0, lastGrade: 'remembered' });
    const bad = schedule(undefined, 'forgot', T0);
    expect(bad.intervalDays).toBe(1);
    expect(bad.dueAt).toBe(T0 + DAY_MS);
    expect(bad).toMatchObject({ reviews: 1, lapses: 1, lastGrade: 'forgot' });
  });

  it('grows the interval by 2.5× after each on-time success, up to a year', () => {
    const intervals = run(Array(9).fill('remembered')).map((c) => c.intervalDays);
    expect(intervals.slice(0, 5)).toEqual([3, 7.5, 18.75, 46.875, 117.1875]);
    expect(intervals.at(-1)).toBe(SCHEDULE.maxIntervalDays);
    for (let i = 1; i < intervals.length; i++) expect(intervals[i]).toBeGreaterThanOrEqual(intervals[i - 1]);
  });

  it('halves the interval after a lapse instead of starting over, never below a day', () => {
    const cards = run(['remembered', 'remembered', 'remembered', 'forgot', 'forgot', 'forgot', 'forgot', 'forgot']);
    expect(cards.map((c) => c.intervalDays)).toEqual([3, 7.5, 18.75, 9.375, 4.6875, 2.34375, 1.171875, 1]);
    expect(cards.at(-1)).toMatchObject({ reviews: 8, lapses: 5 });
    const recovered = schedule(cards.at(-1), 'remembered', cards.at(-1)!.dueAt);
    expect(recovered.intervalDays).toBe(2.5);
  });

  it('does not inflate the interval when a prompt is answered again early', () => {
    const first = schedule(undefined, 'remembered', T0);
    const sameDay = schedule(first, 'remembered', T0 + 60_000);
    expect(sameDay.intervalDays).toBe(3);
    const oneDayLater = schedule(first, 'remembered', T0 + DAY_MS);
    expect(oneDayLater.intervalDays).toBe(3); // 1 day × 2.5 < 3
    const twoDaysLater = schedule(first, 'remembered', T0 + 2 * DAY_MS);
    expect(twoDaysLater.intervalDays).toBe(5);
  });

  it('gives no bonus for answering late', () => {
    const first = schedule(undefined, 'remembered', T0);
    expect(nextInterval(first, 'remembered', T0 + 30 * DAY_MS)).toBe(7.5);
  });

  it('says when a card is due', () => {
    const c = schedule(undefined, 'remembered', T0);
    expect(isDue(c, c.dueAt - 1)).toBe(false);
    expect(isDue(c, c.dueAt)).toBe(true);
  });
});
