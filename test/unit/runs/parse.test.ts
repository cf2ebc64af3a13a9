import { describe, expect, it } from 'vitest';
import { parseMetricsJsonl, parseCheckpointRecord } from '../../../src/lib/runs/parse';
import { computeFacts } from '../../../src/lib/runs/facts';
import { thin, timelineData, liveRunData } from '../../../src/lib/runs/figure-data';
import { num, pct, sci, list } from '../../../src/lib/runs/format';
import { parseManifest } from '../../../src/lib/runs/manifest';
import { encodeBitset, createBitset } from '../../../src/lib/analysis/bitset';
import { grokRun } from './synthetic';

const line = (o: object) => JSON.stringify(o);
const good = { step: 0, trainLoss: 4, testLoss: 4, trainAcc: 0.1, testAcc: 0.1, restrictedLoss: 4, excludedLoss: 4, weightNorm: 10, giniWE: 0.1, giniWL: 0.1, keyFreqs: [] };

describe('metrics.jsonl', () => {
  it('parses rows and fills progress measures a basic run does not log with NaN', () => {
    const rows = parseMetricsJsonl([line(good), line({ step: 10, trainLoss: 1, testLoss: 5, trainAcc: 1, testAcc: 0, weightNorm: 9 })].join('\n') + '\n');
    expect(rows).toHaveLength(2);
    expect(rows[1].restrictedLoss).toBeNaN();
    expect(rows[1].keyFreqs).toEqual([]);
  });
  it('names the line and field of a bad value', () => {
    expect(() => parseMetricsJsonl([line(good), line({ ...good, step: 5, testLoss: 'x' })].join('\n'), 'main/metrics.jsonl')).toThrow(
      'invalid run data main/metrics.jsonl:2: testLoss: expected a number, got "x"',
    );
    expect(() => parseMetricsJsonl('{oops')).toThrow('metrics.jsonl:1: not valid JSON');
    expect(() => parseMetricsJsonl([line({ ...good, step: 5 }), line(good)].join('\n'))).toThrow('step 0 after step 5 (steps must increase)');
    expect(() => parseMetricsJsonl('\n')).toThrow('no metrics');
  });
});

describe('analysis files', () => {
  const p = 5;
  const rec = { step: 10, fourierWE: [1, 2, 3], fourierWL: [1, 2, 3], neuronFreq: [0, 1, 2, 2], keyFreqs: [2], correct: encodeBitset(createBitset(p * p)) };
  it('accepts a well-formed record', () => {
    expect(parseCheckpointRecord(rec, p, 4, 'a.json').keyFreqs).toEqual([2]);
  });
  it('rejects wrong lengths, naming the field', () => {
    expect(() => parseCheckpointRecord({ ...rec, fourierWE: [1, 2] }, p, 4, 'a.json')).toThrow('a.json: fourierWE: expected 3 numbers, got 2');
    expect(() => parseCheckpointRecord(rec, p, 8, 'a.json')).toThrow('neuronFreq: expected 8 entries (d_mlp), got 4');
    expect(() => parseCheckpointRecord({ ...rec, correct: 'AAAA' }, p, 4, 'a.json')).toThrow('correct: wrong length for p² = 25 bits');
  });
});

function manifestFor(p: number) {
  const bits = createBitset(p * p);
  for (let i = 0; i < p * p; i += 3) bits[i >> 3] |= 1 << (i & 7);
  const nTrain = Math.ceil((p * p) / 3);
  const sha = 'a'.repeat(64);
  return {
    schema: 1, runId: 'syn', title: 'Synthetic', description: 'd',
    config: { task: 'modadd', p, trainFrac: 0.33, seed: 0, model: { d_model: 8, n_heads: 1, d_head: 8, d_mlp: 4, n_ctx: 3 }, optim: { lr: 1e-3, weightDecay: 1, beta1: 0.9, beta2: 0.98, warmupSteps: 10 }, steps: 4000 },
    status: 'complete', step: 4000, wallSeconds: 12, backend: 'cpu', machine: 'test',
    split: { trainBitset: encodeBitset(bits), nTrain, nTest: p * p - nTrain },
    files: [{ path: 'metrics.jsonl', sha256: sha, bytes: 1 }, { path: 'ckpt/step-000100.onnx', sha256: sha, bytes: 100 }, { path: 'analysis/step-000100.json', sha256: sha, bytes: 1 }],
    checkpoints: [{ step: 100, onnx: 'ckpt/step-000100.onnx', analysis: 'analysis/step-000100.json' }],
  };
}

describe('manifest validation (src/lib/runs/manifest)', () => {
  it('names every broken field', () => {
    const m = manifestFor(7);
    expect(() => parseManifest({ ...m, split: { ...m.split, nTest: 1 } }, 'main/manifest.json')).toThrow(/split: nTrain \+ nTest = \d+, expected p² = 49/);
    expect(() => parseManifest({ ...m, checkpoints: [{ step: 100, onnx: 'ckpt/missing.onnx', analysis: 'analysis/step-000100.json' }] })).toThrow(
      'checkpoints.0.onnx: ckpt/missing.onnx is not listed in files',
    );
    expect(() => parseManifest({ ...m, config: { ...m.config, p: 8 } })).toThrow(/config.p: expected an odd modulus/);
  });
});

describe('facts and figure data', () => {
  const metrics = grokRun({ fit: 100, peak: 300, drop: 2000, grok: 2600, last: 4000 });
  const run = { id: 'syn', manifest: parseManifest(manifestFor(7)), metrics, checkpoints: [] };
  it('computes the numbers the prose prints', () => {
    const f = computeFacts(run);
    expect(f.phases.grokked).toBe(2600);
    expect(f.at.memorizationEnd?.step).toBe(300);
    expect(f.peakTestLoss).toBeCloseTo(20);
    expect(f.uniformLoss).toBeCloseTo(Math.log(8));
    expect(f.weightNorm.atCleanupStart).toBeGreaterThan(f.weightNorm.atGrokked ?? Infinity);
    expect(f.excludedPeak?.step).toBeGreaterThanOrEqual(300);
    expect(f.keyFreqs).toEqual([3, 7]);
    expect(f.hasProgressMeasures).toBe(true);
  });
  it('thins long metrics but keeps the phase boundaries and the last step', () => {
    const kept = thin(metrics, 50, [300, 2030]);
    expect(kept.length).toBeLessThanOrEqual(50);
    expect(kept.map((r) => r.step)).toEqual(expect.arrayContaining([0, 300, 2030, 4000]));
    const t = timelineData(run, 60);
    expect(t.series.step.length).toBeLessThanOrEqual(60);
    expect(t.series.testLoss.every((v) => v === null || Number.isFinite(v))).toBe(true);
  });
  it('points live figures at dist/models/<run>/ under the base URL', () => {
    const l = liveRunData(run, '/essay/');
    expect(l.checkpoints[0]).toEqual({ step: 100, url: '/essay/models/syn/ckpt/step-000100.onnx', sha256: 'a'.repeat(64), bytes: 100 });
  });
});

describe('formatting', () => {
  it('prints numbers for prose and a dash for missing values', () => {
    expect(num(12769)).toBe('12,769');
    expect(num(0.4234)).toBe('0.423');
    expect(num(null)).toBe('—');
    expect(num(NaN)).toBe('—');
    expect(pct(0.9987)).toBe('99.9%');
    expect(pct(0.5, 0)).toBe('50%');
    expect(sci(3.2e-7)).toBe('3.2 × 10⁻⁷');
    expect(list([14, 35, 41])).toBe('14, 35 and 41');
  });
});
