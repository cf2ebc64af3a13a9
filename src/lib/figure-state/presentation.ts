// Page-level embed options that are not part of any one figure's state.
// `theme` is read from the embed page's query: light | dark | auto (default: follow the reader's OS).

export const themes = ['light', 'dark', 'auto'] as const;
export type Theme = (typeof themes)[number];

export function parseTheme(query: URLSearchParams | string): Theme {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query;
  const all = params.getAll('theme');
  if (all.length !== 1) return 'auto';
  const value = all[0];
  return (themes as readonly string[]).includes(value) ? (value as Theme) : 'auto';
}
