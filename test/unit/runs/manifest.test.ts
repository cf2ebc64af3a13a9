import { describe, expect, it } from 'vitest';
import { checkpointAtOrBefore, manifestFile, ManifestError, parseManifest } from '../../../src/lib/runs/manifest';

const sha = 'a'.repeat(64);
function valid(): Record<string, unknown> {
  return {
    schema: 1,
    runId: 'tiny-p7',
    title: 'Tiny',
    description: 'A tiny run',
    config: { task: 'modadd', p: 7, trainFrac: 0.5, seed: 0, model: { d_model: 16, n_heads: 2, d_head: 8, d_mlp: 24, n_ctx: 3 }, steps: 100 },
    status: 'complete',
    step: 100,
    wallSeconds: 12,
    backend: 'cpu',
    machine: '2 × test',
    targetSteps: 100,
    split: { trainBitset: 'AAAAAAAAAA==', nTrain: 24, nTest: 25 },
    files: [
      { path: 'metrics.jsonl', sha256: sha, bytes: 10 },
      { path: 'ckpt/step-000000.onnx', sha256: sha, bytes: 10 },
      { path: 'analysis/step-000000.json', sha256: sha, bytes: 10 },
      { path: 'ckpt/step-000100.onnx', sha256: sha, bytes: 10 },
      { path: 'analysis/step-000100.json', sha256: sha, bytes: 10 },
    ],
    checkpoints: [
      { step: 0, onnx: 'ckpt/step-000000.onnx', analysis: 'analysis/step-000000.json' },
      { step: 100, onnx: 'ckpt/step-000100.onnx', analysis: 'analysis/step-000100.json' },
    ],
  };
}

function issues(json: unknown): string[] {
  try {
    parseManifest(json, 'models/tiny-p7/manifest.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    expect((e as Error).message).toMatch(/^invalid manifest models\/tiny-p7\/manifest.json: /);
    return (e as ManifestError).issues;
  }
  throw new Error('expected the manifest to be rejected');
}

describe('parseManifest', () => {
  it('accepts a valid manifest and keeps extra fields', () => {
    const m = parseManifest(valid());
    expect(m.config.p).toBe(7);
    expect((m as Record<string, unknown>).targetSteps).toBe(100);
    expect(manifestFile(m, 'ckpt/step-000100.onnx')?.bytes).toBe(10);
    expect(checkpointAtOrBefore(m, 99)?.step).toBe(0);
    expect(checkpointAtOrBefore(m, 1000)?.step).toBe(100);
  });

  it('names missing and malformed fields', () => {
    const m = valid();
    delete m.runId;
    (m.files as { sha256: string }[])[1].sha256 = 'XYZ';
    (m.config as { p: number }).p = 8;
    expect(issues(m)).toEqual(
      expect.arrayContaining(['runId: Required', 'files.1.sha256: expected 64 lowercase hex digits', 'config.p: expected an odd modulus']),
    );
  });

  it('checks cross-field consistency', () => {
    const m = valid();
    (m.split as { nTest: number }).nTest = 3;
    (m.checkpoints as { onnx: string }[])[1].onnx = 'ckpt/step-000200.onnx';
    (m.checkpoints as { step: number }[])[1].step = 0;
    expect(issues(m)).toEqual([
      'split: nTrain + nTest = 27, expected p² = 49',
      'checkpoints.1.onnx: ckpt/step-000200.onnx is not listed in files',
      'checkpoints.1.step: steps must increase',
    ]);
  });

  it('rejects paths escaping the run folder, bad status and non-objects', () => {
    const m = valid();
    (m.files as { path: string }[])[0].path = '../secret';
    m.status = 'done';
    expect(issues(m)).toEqual(
      expect.arrayContaining(['files.0.path: expected a relative path inside the run folder', "status: Invalid enum value. Expected 'complete' | 'partial', received 'done'"]),
    );
    expect(issues(null)).toEqual(['(root): Expected object, received null']);
  });
});
