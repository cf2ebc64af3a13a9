// The shipped runs in models/ (MODELS_DIR overrides the folder). These assert what the chapters state
// about our runs, against whatever the files hold now, so a retrained run that no longer shows what the
// prose says fails here. A missing models/main is a failure, not a skip: the essay needs it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeFacts } from '../../../src/lib/runs/facts';
import { pairsData, timelineData } from '../../../src/lib/runs/figure-data';
import { hasRun, loadRun, modelsDir, runDir } from '../../../src/lib/runs/load.node.ts';
import { publishedFiles } from '../../../src/lib/runs/serve-models.node.ts';
import { decodeBitset, countBits } from '../../../src/lib/analysis/bitset';

describe('models/main', () => {
  it('exists', () => {
    expect(hasRun('main'), `${join(modelsDir(), 'main', 'manifest.json')} is missing: train it with npm run train -- main`).toBe(true);
  });

  const run = hasRun('main') ? loadRun('main') : null;
  const f = run ? computeFacts(run) : null;

  it('loads and validates: manifest, every metrics line, every analysis file', () => {
    expect(run).not.toBeNull();
    const { manifest, metrics, checkpoints } = run!;
    expect(metrics.length).toBeGreaterThan(10);
    expect(checkpoints.length).toBe(manifest.checkpoints.length);
    const p = manifest.config.p;
    expect(countBits(decodeBitset(manifest.split.trainBitset, p * p), p * p)).toBe(manifest.split.nTrain);
  });

  it('ships files whose sha256 matches the manifest (what the page verifies before running them)', () => {
    const m = run!.manifest;
    const onnx = m.files.filter((x) => x.path.endsWith('.onnx'));
    // Every third checkpoint plus the last: the page checks each file it downloads anyway.
    const sample = onnx.filter((_, i) => i % 3 === 0 || i === onnx.length - 1);
    for (const file of sample) {
      const bytes = readFileSync(join(runDir('main'), file.path));
      expect(bytes.length, file.path).toBe(file.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), file.path).toBe(file.sha256);
    }
    expect(publishedFiles().filter((x) => x.startsWith('main/'))).toContain('main/manifest.json');
    expect(publishedFiles().some((x) => x.includes('/state/'))).toBe(false);
  });

  it('has phases in order, each where the rule says', () => {
    const ph = f!.phases;
    expect(ph.fit, 'train accuracy never reached 99.9%').not.toBeNull();
    const seq = [ph.fit, ph.memorizationEnd, ph.cleanupStart, ph.grokked].filter((s): s is number => s !== null);
    expect(seq).toEqual([...seq].sort((a, b) => a - b));
    expect(f!.at.fit!.trainAcc).toBeGreaterThanOrEqual(0.999);
    if (ph.grokked !== null) expect(f!.at.grokked!.testAcc).toBeGreaterThanOrEqual(0.99);
  });

  it('shows what chapter 1 says about memorization', () => {
    // Test loss rises above the uniform guess while the training set is fit.
    expect(f!.peakTestLoss).toBeGreaterThan(f!.uniformLoss);
    expect(f!.minTrainLossBeforeGrok).toBeLessThan(1e-3);
    expect(f!.at.memorizationEnd!.testAcc).toBeLessThan(f!.at.memorizationEnd!.trainAcc);
  });

  it('when complete, shows what chapters 3 and 4 say: grokked, weight norm falls in cleanup, restricted loss falls first', () => {
    if (run!.manifest.status !== 'complete') {
      // A run still training: the claims below are checked once it is done; meanwhile its facts must compute.
      expect(f!.steps).toBeLessThanOrEqual(f!.targetSteps);
      return;
    }
    const ph = f!.phases;
    expect(ph.grokked, 'the main run never reached 99% test accuracy').not.toBeNull();
    expect(f!.final.testAcc).toBeGreaterThanOrEqual(0.99);
    expect(f!.weightNorm.atGrokked!).toBeLessThan(f!.weightNorm.atCleanupStart!);
    expect(f!.hasProgressMeasures).toBe(true);
    // Restricted loss is already low when cleanup starts, while test loss is still near its peak.
    const atClean = f!.at.cleanupStart!;
    expect(atClean.restrictedLoss).toBeLessThan(atClean.testLoss / 2);
    expect(f!.excludedPeak!.value).toBeGreaterThan(f!.at.memorizationEnd!.excludedLoss);
    expect(f!.keyFreqs.length).toBeGreaterThan(0);
  });

  it('gives the figures small props', () => {
    const t = JSON.stringify(timelineData(run!));
    expect(t.length).toBeLessThan(120_000);
    const g = JSON.stringify(pairsData(run!));
    expect(g.length).toBeLessThan(400_000);
  });
});
