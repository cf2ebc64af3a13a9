// The shipped Chomsky runs: files match their manifest, and each curve.json (measured by our trainer on the
// CPU twin) is recomputed here from model.onnx with ONNX Runtime on the same seeded strings.
// Tolerance: the two engines round differently, so a string whose two logits nearly tie can flip;
// we allow 3 strings of the 64 at any one length and 1 percentage point on the mean over lengths.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { loadOrtNode } from '../../../src/lib/inference/ort-node.node';
import { parseAnyRunConfig, type SequenceRunConfig } from '../../../src/lib/train/run/config';
import { accuracyAt } from '../../../src/widgets/chomsky/ChomskyRuntime';

const MODELS = join(import.meta.dirname, '../../../models');
const runs = readdirSync(MODELS).filter((d) => d.startsWith('chomsky-') && existsSync(join(MODELS, d, 'manifest.json')));

interface Manifest {
  runId: string;
  config: unknown;
  files: { path: string; sha256: string; bytes: number }[];
}
interface Curve {
  trainMaxLen: number;
  perLength: number;
  points: { length: number; accuracy: number; n: number }[];
}

describe('shipped chomsky runs', () => {
  it('ships the Dyck-1 runs of both architectures, under 3 MB in all', () => {
    for (const id of ['chomsky-dyck-rnn', 'chomsky-dyck-transformer', 'chomsky-dyck-transformer-rpe']) expect(runs).toContain(id);
    let bytes = 0;
    for (const r of runs) for (const f of readdirSync(join(MODELS, r))) bytes += readFileSync(join(MODELS, r, f)).byteLength;
    expect(bytes).toBeLessThan(3e6);
  });

  it.each(runs)('%s: files match the manifest; the curve is recomputed from model.onnx', async (id) => {
    const dir = join(MODELS, id);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    for (const f of manifest.files) {
      const data = readFileSync(join(dir, f.path));
      expect(createHash('sha256').update(data).digest('hex'), f.path).toBe(f.sha256);
    }
    const config = parseAnyRunConfig(id, manifest.config) as SequenceRunConfig;
    const curve = JSON.parse(readFileSync(join(dir, 'curve.json'), 'utf8')) as Curve;
    expect(curve.points.at(-1)!.length).toBeGreaterThanOrEqual(4 * curve.trainMaxLen);
    const ort = await loadOrtNode();
    const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(join(dir, 'model.onnx'))));
    let diff = 0;
    for (const p of curve.points) {
      const acc = await accuracyAt(ort, session, config, p.length, p.n);
      expect(Math.abs(acc - p.accuracy), `length ${p.length}`).toBeLessThanOrEqual(3 / p.n + 1e-9);
      diff += Math.abs(acc - p.accuracy);
    }
    expect(diff / curve.points.length).toBeLessThanOrEqual(0.01);
    await session.release();
  });
});
