// The committed run configs (scripts/runs.json) for config tests, and one-field edits of them.
import { readFileSync } from 'node:fs';

export const runs = JSON.parse(readFileSync(new URL('../../scripts/runs.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;

/** A copy of `config` with one field replaced: "lr" or "model.d_model" (one level deep). */
export function withField(config: Record<string, unknown>, path: string, value: unknown): unknown {
  const copy = structuredClone(config) as Record<string, Record<string, unknown>>;
  const [head, tail] = path.split('.');
  if (tail) copy[head][tail] = value;
  else (copy as Record<string, unknown>)[head] = value;
  return copy;
}
