// Build-time reader of the Chomsky table's runs (models/<id>/ whose manifest has config.task "deletang"):
// manifest and curve.json, validated by their zod schemas (below; curve.json's in sequence.ts), so a broken file fails
// the build naming the file and the field. Which runs exist comes from models/, never from a list here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listRuns, runDir } from './load.node.ts';
import { RunDataError } from './parse';
import { CurveSchema } from './sequence';
import { cellsOf, FIT_THRESHOLD, type Cell, type DeletangRun } from './deletang';
import { PROBLEMS, type Problem } from '../tasks/deletang-batch';
import { z } from 'astro/zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
const count = z.number().int().nonnegative();

export const DeletangManifestSchema = z
  .object({
    schema: z.literal(1),
    runId: z.string(),
    title: z.string(),
    config: z
      .object({
        task: z.literal('deletang'),
        problem: z.enum(PROBLEMS as [Problem, ...Problem[]]),
        seed: count,
        model: z.object({ arch: z.enum(['transformer', 'rnn', 'lstm']), pe: z.enum(['sinusoidal', 'randomized']).optional(), maxPositions: count.optional() }).passthrough(),
        train: z.object({ maxLen: count, batch: count }).passthrough(),
      })
      .passthrough(),
    status: z.literal('complete'),
    stopped: z.enum(['plateau', 'max-steps']),
    step: count,
    stoppedAt: count,
    trainRangeAccuracy: z.number().min(0).max(1),
    trainSeconds: z.number().nonnegative(),
    evalSeconds: z.number().nonnegative(),
    machine: z.string(),
    files: z.array(z.object({ path: z.string().min(1), sha256, bytes: count })),
  })
  .passthrough();

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

function taskOf(id: string): unknown {
  const path = join(runDir(id), 'manifest.json');
  if (!existsSync(path)) return null;
  return (JSON.parse(readFileSync(path, 'utf8')) as { config?: { task?: unknown } }).config?.task;
}

/** One run's figure data. */
export function deletangRun(id: string, base = (import.meta.env?.BASE_URL as string | undefined) ?? '/'): DeletangRun {
  const dir = runDir(id);
  const m = readValid(join(dir, 'manifest.json'), DeletangManifestSchema, `${id}/manifest.json`);
  const c = readValid(join(dir, 'curve.json'), CurveSchema, `${id}/curve.json`);
  const onnx = m.files.find((f) => f.path === 'model.onnx');
  if (!onnx) throw new RunDataError(`${id}/manifest.json`, 'files: lists no model.onnx');
  const meanOf = (pts: { accuracy: number }[]) => pts.reduce((s, p) => s + p.accuracy, 0) / Math.max(pts.length, 1);
  const root = base.endsWith('/') ? base : `${base}/`;
  const model = m.config.model;
  const inRange = meanOf(c.points.filter((p) => p.length <= c.trainMaxLen));
  return {
    id,
    problem: m.config.problem,
    arch: model.arch === 'transformer' ? (model.pe === 'randomized' ? 'transformer-rpe' : 'transformer') : model.arch,
    seed: m.config.seed,
    url: `${root}models/${id}/model.onnx`,
    sha256: onnx.sha256,
    bytes: onnx.bytes,
    trainMaxLen: c.trainMaxLen,
    evalMaxLen: c.evalMaxLen,
    perLength: c.perLength,
    maxPositions: model.maxPositions ?? 0,
    step: m.step,
    stoppedAt: m.stoppedAt,
    trainSeconds: m.trainSeconds,
    machine: m.machine,
    points: c.points.map((p) => ({ length: p.length, accuracy: p.accuracy })),
    inRange,
    beyond: meanOf(c.points.filter((p) => p.length > c.trainMaxLen)),
    fit: inRange >= FIT_THRESHOLD,
    config: m.config,
  };
}

/** Every table run in models/. */
export function deletangRuns(): DeletangRun[] {
  return listRuns().filter((id) => taskOf(id) === 'deletang').map((id) => deletangRun(id));
}

/** The table's cells (task × architecture, the scratchpad as its own problem), in table order. */
export function deletangCells(): Cell[] {
  return cellsOf(deletangRuns());
}
