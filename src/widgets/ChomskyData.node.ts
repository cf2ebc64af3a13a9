// Build-time reader of models/chomsky-*/ (manifest, curve.json) for the chapter's prose and figures.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelsDir } from '../lib/runs/load.node.ts';
import type { ChomskyRun, Lang } from './ChomskyData';

export const CHOMSKY_IDS = [
  'chomsky-parity-transformer', 'chomsky-parity-transformer-rpe', 'chomsky-parity-rnn',
  'chomsky-dyck-transformer', 'chomsky-dyck-transformer-rpe', 'chomsky-dyck-rnn',
] as const;

interface Manifest {
  title: string;
  step: number;
  trainSeconds: number;
  config: { language: Lang; model: { arch: string; pe?: string; maxPositions?: number } };
  files: { path: string; sha256: string; bytes: number }[];
}

export function chomskyRun(id: string, base = (import.meta.env?.BASE_URL as string | undefined) ?? '/'): ChomskyRun | null {
  const dir = join(modelsDir(), id);
  if (!existsSync(join(dir, 'manifest.json'))) return null;
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const c = JSON.parse(readFileSync(join(dir, 'curve.json'), 'utf8')) as {
    trainMaxLen: number; evalMaxLen: number; perLength: number; points: { length: number; accuracy: number }[];
  };
  const onnx = m.files.find((f) => f.path === 'model.onnx');
  if (!onnx) throw new Error(`${id}: manifest lists no model.onnx`);
  const meanOf = (pts: { accuracy: number }[]) => pts.reduce((s, p) => s + p.accuracy, 0) / Math.max(pts.length, 1);
  const root = base.endsWith('/') ? base : `${base}/`;
  const model = m.config.model;
  return {
    id, title: m.title, language: m.config.language,
    kind: model.arch === 'rnn' ? 'rnn' : model.pe === 'randomized' ? 'transformer-rpe' : 'transformer',
    url: `${root}models/${id}/model.onnx`, sha256: onnx.sha256, bytes: onnx.bytes,
    trainMaxLen: c.trainMaxLen, evalMaxLen: c.evalMaxLen, perLength: c.perLength, maxPositions: model.maxPositions ?? 0,
    steps: m.step, trainSeconds: m.trainSeconds,
    points: c.points.map((p) => ({ length: p.length, accuracy: p.accuracy })),
    inRange: meanOf(c.points.filter((p) => p.length <= c.trainMaxLen)),
    beyond: meanOf(c.points.filter((p) => p.length > c.trainMaxLen)),
    config: m.config,
  };
}

export function chomskyRuns(): ChomskyRun[] {
  return CHOMSKY_IDS.map((id) => chomskyRun(id)).filter((r): r is ChomskyRun => r !== null);
}
