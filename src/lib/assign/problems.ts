// What could not be read from an assignment address, in a form that is safe to show: kinds and numbers
// from this code, field names from the figure registry, never text taken from the address. Render as text.

export type StepReason =
  | 'unreadable' // not a step this page can read
  | 'unknown-kind' // a kind of step from a newer version of the site
  | 'unknown-figure' // a figure this site does not have
  | 'unknown-prompt' // a prompt this site does not have
  | 'figure-state' // some settings of the figure were reset (fields named)
  | 'note-cut'; // the note was longer than any the builder writes, and was cut

export type Problem =
  /** Longer than any address the builder writes: not read at all. */
  | { kind: 'too-long' }
  /** Nothing in it reads as an assignment. */
  | { kind: 'unreadable' }
  /** Cut short: `read` steps were read; `expected` is how many the lesson said it had, when known. */
  | { kind: 'truncated'; read: number; expected: number | null }
  /** Damaged in the middle: read up to the damage (counts as in 'truncated'). */
  | { kind: 'corrupt'; read: number; expected: number | null }
  /** Written by a newer version of the site. */
  | { kind: 'future'; version: number }
  | { kind: 'too-many-steps'; dropped: number }
  /** `step` is the step's number in the address (1-based). */
  | { kind: 'step'; step: number; reason: StepReason; fields?: readonly string[] };

const STEP_TEXT: Record<StepReason, string> = {
  unreadable: 'could not be read and was left out',
  'unknown-kind': 'is a kind of step this version of the site does not know, and was left out',
  'unknown-figure': 'shows a figure this site does not have, and was left out',
  'unknown-prompt': 'asks a question this site does not have, and was left out',
  'figure-state': 'had settings that were not understood; they were reset to the figure’s defaults',
  'note-cut': 'had a note longer than the builder allows; it was cut',
};

/** One sentence per problem, for the student page and the builder. */
export function describeProblem(p: Problem): string {
  switch (p.kind) {
    case 'too-long':
      return 'This address is longer than any assignment link the site makes, so it was not opened.';
    case 'unreadable':
      return 'This address does not hold an assignment this site can read. Ask for the link again.';
    case 'truncated':
      return p.expected !== null && p.expected > p.read
        ? `The address was cut short: ${p.read} of ${p.expected} steps could be read. Ask for the full link.`
        : `The address was cut short: ${p.read} ${p.read === 1 ? 'step' : 'steps'} could be read, and any after them are missing. Ask for the full link.`;
    case 'corrupt':
      return p.expected !== null && p.expected > p.read
        ? `The address was damaged: ${p.read} of ${p.expected} steps could be read before the damage. Ask for the link again.`
        : 'The address was damaged: only the steps before the damage are shown. Ask for the link again.';
    case 'future':
      return `This assignment was made by a newer version of the site (format ${p.version}); what this version understands is shown.`;
    case 'too-many-steps':
      return `The assignment had more steps than the site allows; the last ${p.dropped} were left out.`;
    case 'step': {
      const fields = p.fields?.length ? ` (${p.fields.slice(0, 4).join(', ')})` : '';
      return `Step ${p.step} ${STEP_TEXT[p.reason]}${p.reason === 'figure-state' ? fields : ''}.`;
    }
  }
}
