// What went wrong while reading a figure's state from the address, in a form that is safe to
// show: `field` is always a name from the figure's own schema (never text taken from the URL),
// or null for problems that are not about one known field. Render with text, never as HTML.

export type NoticeReason =
  | 'invalid' // wrong type or syntax (e.g. "abc" for a number, a list where one value is expected)
  | 'out-of-range' // a number outside the field's bounds, or too large to be exact
  | 'repeated' // the same setting given more than once
  | 'too-long' // a value, or the whole address, longer than anything we write
  | 'unknown'; // settings for this figure that it does not have

export interface Notice {
  readonly field: string | null;
  readonly reason: NoticeReason;
}

const REASON_TEXT: Record<NoticeReason, string> = {
  invalid: 'not a valid value',
  'out-of-range': 'out of range',
  repeated: 'given more than once',
  'too-long': 'too long',
  unknown: 'unknown setting',
};

/** One short sentence for readers, e.g. "Some settings in the address were reset: a (out of range)." */
export function formatNotices(notices: readonly Notice[]): string {
  if (notices.length === 0) return '';
  const parts = notices.map((n) => (n.field === null ? REASON_TEXT[n.reason] : `${n.field} (${REASON_TEXT[n.reason]})`));
  const unique = [...new Set(parts)];
  const shown = unique.slice(0, 4).join(', ');
  const more = unique.length > 4 ? `, and ${unique.length - 4} more` : '';
  return `Some settings in the address were not understood and were reset to their defaults: ${shown}${more}.`;
}
