// Validation of the text files of a run (metrics.jsonl, analysis/step-*.json). Errors name the file,
// the line and the field ("metrics.jsonl:12: testLoss: expected a number, got \"x\""), so a broken run
// fails the build with a message that says what to fix. The manifest itself is validated by
// parseManifest from ./manifest (one schema for the build and the page).
import type { CheckpointRecord, MetricRow } from './types';

export class RunDataError extends Error {
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`invalid run data ${source}: ${problem}`);
    this.name = 'RunDataError';
  }
}

const NUMBER_FIELDS = ['trainLoss', 'testLoss', 'trainAcc', 'testAcc', 'weightNorm'] as const;
/** Logged only by runs with analysis 'full'; NaN otherwise. */
const OPTIONAL_NUMBER_FIELDS = ['restrictedLoss', 'excludedLoss', 'giniWE', 'giniWL'] as const;

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 30 ? `${s.slice(0, 27)}...` : s;
}

function intList(v: unknown, where: string, field: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) throw new RunDataError(where, `${field}: expected an array of integers, got ${show(v)}`);
  return v as number[];
}

function numList(v: unknown, where: string, field: string, length?: number): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new RunDataError(where, `${field}: expected an array of numbers, got ${show(v)}`);
  if (length !== undefined && v.length !== length) throw new RunDataError(where, `${field}: expected ${length} numbers, got ${v.length}`);
  return v as number[];
}

export function parseMetricRow(obj: unknown, where: string): MetricRow {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new RunDataError(where, `expected an object, got ${show(obj)}`);
  const o = obj as Record<string, unknown>;
  if (!Number.isInteger(o.step) || (o.step as number) < 0) throw new RunDataError(where, `step: expected a non-negative integer, got ${show(o.step)}`);
  const row: Record<string, unknown> = { step: o.step };
  for (const f of NUMBER_FIELDS) {
    if (typeof o[f] !== 'number' || !Number.isFinite(o[f])) throw new RunDataError(where, `${f}: expected a number, got ${show(o[f])}`);
    row[f] = o[f];
  }
  for (const f of OPTIONAL_NUMBER_FIELDS) {
    if (o[f] === undefined || o[f] === null) row[f] = NaN;
    else if (typeof o[f] !== 'number') throw new RunDataError(where, `${f}: expected a number, got ${show(o[f])}`);
    else row[f] = o[f];
  }
  row.keyFreqs = o.keyFreqs === undefined ? [] : intList(o.keyFreqs, where, 'keyFreqs');
  return row as unknown as MetricRow;
}

/** metrics.jsonl → rows sorted by step (steps must increase). */
export function parseMetricsJsonl(text: string, source = 'metrics.jsonl'): MetricRow[] {
  const rows: MetricRow[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${source}:${i + 1}`;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new RunDataError(where, 'not valid JSON');
    }
    const row = parseMetricRow(obj, where);
    const prev = rows[rows.length - 1];
    if (prev && row.step <= prev.step) throw new RunDataError(where, `step ${row.step} after step ${prev.step} (steps must increase)`);
    rows.push(row);
  });
  if (rows.length === 0) throw new RunDataError(source, 'no metrics');
  return rows;
}

function neuronFreqs(v: unknown, dMlp: number, source: string): number[] {
  const list = intList(v, source, 'neuronFreq');
  if (list.length !== dMlp) throw new RunDataError(source, `neuronFreq: expected ${dMlp} entries (d_mlp), got ${list.length}`);
  return list;
}

/** analysis/step-XXXXXX.json for modulus p and d_mlp neurons. */
export function parseCheckpointRecord(obj: unknown, p: number, dMlp: number, source: string): CheckpointRecord {
  if (typeof obj !== 'object' || obj === null) throw new RunDataError(source, 'expected an object');
  const o = obj as Record<string, unknown>;
  if (!Number.isInteger(o.step)) throw new RunDataError(source, `step: expected an integer, got ${show(o.step)}`);
  const nFreq = (p + 1) / 2;
  if (typeof o.correct !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(o.correct)) throw new RunDataError(source, 'correct: expected a base64 bitset');
  if (o.correct.length !== 4 * Math.ceil(Math.ceil((p * p) / 8) / 3)) throw new RunDataError(source, `correct: wrong length for p² = ${p * p} bits`);
  return {
    step: o.step as number,
    fourierWE: numList(o.fourierWE, source, 'fourierWE', nFreq),
    fourierWL: numList(o.fourierWL, source, 'fourierWL', nFreq),
    neuronFreq: neuronFreqs(o.neuronFreq, dMlp, source),
    keyFreqs: intList(o.keyFreqs, source, 'keyFreqs'),
    correct: o.correct,
  };
}
