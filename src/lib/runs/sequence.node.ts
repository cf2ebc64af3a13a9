// Build-time reader of the sequence-task runs (models/<id>/ whose config has task "sequence": the Chomsky
// chapter's models): manifest and curve.json, each validated by its zod schema (sequence.ts), so a broken
// file fails the build naming the file and the field. Which runs exist comes from models/, never from a
// list kept here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listRuns, runDir } from './load.node.ts';
import { RunDataError } from './parse';
import { CurveSchema, KIND_ORDER, LANG_ORDER, SequenceManifestSchema, type ChomskyRun } from './sequence';
import type { z } from 'astro/zod';

function readValid<T>(path: string, schema: z.ZodType<T>, source: string): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RunDataError(source, `cannot read: ${(e as Error).message}`);
  }
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  throw new RunDataError(source, r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; '));
}

function isSequenceRun(id: string): boolean {
  const json = JSON.parse(readFileSync(join(runDir(id), 'manifest.json'), 'utf8')) as { config?: { task?: unknown } };
  return json.config?.task === 'sequence';
}

/** One sequence run's figure data, or null while it has no manifest. */
export function chomskyRun(id: string, base = (import.meta.env?.BASE_URL as string | undefined) ?? '/'): ChomskyRun | null {
  const dir = runDir(id);
  if (!existsSync(join(dir, 'manifest.json'))) return null;
  const m = readValid(join(dir, 'manifest.json'), SequenceManifestSchema, `${id}/manifest.json`);
  const c = readValid(join(dir, 'curve.json'), CurveSchema, `${id}/curve.json`);
  const onnx = m.files.find((f) => f.path === 'model.onnx');
  if (!onnx) throw new RunDataError(`${id}/manifest.json`, 'files: lists no model.onnx');
  const meanOf = (pts: { accuracy: number }[]) => pts.reduce((s, p) => s + p.accuracy, 0) / Math.max(pts.length, 1);
  const root = base.endsWith('/') ? base : `${base}/`;
  const model = m.config.model;
  return {
    id,
    title: m.title,
    language: m.config.language,
    kind: model.arch === 'rnn' || model.arch === 'lstm' ? model.arch : model.pe === 'randomized' ? 'transformer-rpe' : 'transformer',
    url: `${root}models/${id}/model.onnx`,
    sha256: onnx.sha256,
    bytes: onnx.bytes,
    trainMaxLen: c.trainMaxLen,
    evalMaxLen: c.evalMaxLen,
    perLength: c.perLength,
    maxPositions: model.maxPositions ?? 0,
    steps: m.step,
    trainSeconds: m.trainSeconds,
    points: c.points.map((p) => ({ length: p.length, accuracy: p.accuracy })),
    inRange: meanOf(c.points.filter((p) => p.length <= c.trainMaxLen)),
    beyond: meanOf(c.points.filter((p) => p.length > c.trainMaxLen)),
    config: m.config,
  };
}

/** Every sequence run in models/, by language, then architecture (transformer, randomized positions, RNN). */
export function chomskyRuns(): ChomskyRun[] {
  return listRuns()
    .filter(isSequenceRun)
    .map((id) => chomskyRun(id))
    .filter((r): r is ChomskyRun => r !== null)
    .sort((a, b) => LANG_ORDER.indexOf(a.language) - LANG_ORDER.indexOf(b.language) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}
