/**
 * The review queue: which prompts the reader has met, which are due now, and which come later.
 * Pure: prompts and state in, sorted lists out.
 */
import { DAY_MS, isDue, type CardState } from './scheduler.ts';
import type { ReviewState } from './state.ts';

export interface QueueItem<P> {
  prompt: P;
  card: CardState;
}

export interface Queue<P> {
  /** Due now, most overdue first. */
  due: QueueItem<P>[];
  /** Met but not due yet, soonest first. */
  upcoming: QueueItem<P>[];
  /** Prompts the reader has not answered yet. */
  unseen: P[];
}

export function buildQueue<P extends { id: string }>(prompts: readonly P[], state: ReviewState, now: number): Queue<P> {
  const due: QueueItem<P>[] = [];
  const upcoming: QueueItem<P>[] = [];
  const unseen: P[] = [];
  for (const prompt of prompts) {
    const card = state.cards[prompt.id];
    if (!card) unseen.push(prompt);
    else (isDue(card, now) ? due : upcoming).push({ prompt, card });
  }
  const byDue = (x: QueueItem<P>, y: QueueItem<P>) => x.card.dueAt - y.card.dueAt;
  due.sort(byDue);
  upcoming.sort(byDue);
  return { due, upcoming, unseen };
}

/** How many known prompts are due (ids of prompts no longer in the essay do not count). */
export function dueCount(knownIds: ReadonlySet<string> | null, state: ReviewState, now: number): number {
  let n = 0;
  for (const [id, card] of Object.entries(state.cards)) if ((!knownIds || knownIds.has(id)) && isDue(card, now)) n++;
  return n;
}

/** "today", "tomorrow", "in 3 days", "3 days ago"... in whole calendar-agnostic days from now. */
export function relativeDays(at: number, now: number): string {
  const days = Math.round((at - now) / DAY_MS);
  if (at <= now && days === 0) return 'now';
  if (days === 0) return 'later today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** "Thu 3 Dec 2026": the reader's locale, with the year so a date a year out is unambiguous. */
export function formatDate(at: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(at);
}
