// The builder's draft as runes state: every edit is saved to this browser (draft.ts); a draft that
// could not be read is never overwritten (edits then stay in the page, with a message), and a full
// storage keeps the draft in the page with a message. A removed step can be put back (undo).

import { browserStorage } from '../recall/storage';
import { DRAFT_KEY, loadDraft, saveDraft, shuffleQuestions } from './draft';
import { cleanNote, cleanTitle, emptyLesson, LIMITS, type Lesson, type Step } from './lesson';
import { removeRecord, savedMessage } from './stored';

export class DraftStore {
  lesson = $state<Lesson>(emptyLesson());
  /** The stored text that could not be read (kept in storage until the teacher discards it). */
  unreadable = $state<string | null>(null);
  message = $state('');
  removed = $state<{ step: Step; at: number } | null>(null);
  #storage = browserStorage();

  load(): void {
    const loaded = loadDraft(this.#storage);
    this.unreadable = loaded.status === 'corrupt' ? loaded.raw : null;
    if (loaded.status === 'unavailable') this.message = savedMessage({ ok: false, reason: 'unavailable' }, 'your assignment');
    if (loaded.value) this.lesson = loaded.value;
  }

  /** Another tab added a step: take the stored draft, unless this page holds unsaved edits. */
  reloadFromOtherTab(): void {
    if (this.unreadable === null && this.message === '') this.load();
  }

  #save(): void {
    if (this.unreadable !== null) {
      this.message = 'Your edits are kept in this page only until you download or discard the saved assignment that could not be read.';
      return;
    }
    this.message = savedMessage(saveDraft(this.#storage, $state.snapshot(this.lesson)), 'your assignment');
  }

  retry(): void {
    this.#save();
  }

  setTitle(title: string): void {
    this.lesson.title = cleanTitle(title);
    this.#save();
  }

  setNote(i: number, note: string): void {
    this.lesson.steps[i].note = cleanNote(note);
    this.#save();
  }

  setQuery(i: number, query: string): void {
    const s = this.lesson.steps[i];
    if (s.kind === 'figure') s.query = query;
    this.#save();
  }

  add(step: Step): boolean {
    if (this.lesson.steps.length >= LIMITS.steps) {
      this.message = `An assignment holds at most ${LIMITS.steps} steps.`;
      return false;
    }
    this.lesson.steps.push(step);
    this.#save();
    return true;
  }

  move(i: number, by: -1 | 1): void {
    const j = i + by;
    const steps = this.lesson.steps;
    if (j < 0 || j >= steps.length) return;
    [steps[i], steps[j]] = [steps[j], steps[i]];
    this.#save();
  }

  /** Questions in a new random order; figures keep their places. */
  shuffle(random: () => number = Math.random): void {
    this.lesson.steps = shuffleQuestions($state.snapshot(this.lesson.steps) as Step[], random);
    this.#save();
  }

  remove(i: number): void {
    const [step] = this.lesson.steps.splice(i, 1);
    this.removed = { step: $state.snapshot(step) as Step, at: i };
    this.#save();
  }

  undoRemove(): void {
    if (!this.removed) return;
    this.lesson.steps.splice(Math.min(this.removed.at, this.lesson.steps.length), 0, this.removed.step);
    this.removed = null;
    this.#save();
  }

  /** Replace the draft (only used when it is empty: opening a copy of an assignment). */
  replace(lesson: Lesson): void {
    this.lesson = lesson;
    this.removed = null;
    this.#save();
  }

  discardUnreadable(): void {
    const r = removeRecord(this.#storage, DRAFT_KEY);
    if (!r.ok) {
      this.message = savedMessage(r, 'your assignment');
      return;
    }
    this.unreadable = null;
    this.message = '';
    this.#save();
  }
}
