// The control and the small runs: the no-weight-decay control memorizes but does not grok in
// more steps than the main run needs; the tiny configuration groks; the train-fraction sweep covers its fractions.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadRun } from '../../../src/lib/runs/load.node';
import { detectPhases } from '../../../src/lib/runs/phases';
import { decodeBitset } from '../../../src/lib/analysis/bitset';
import { mirrorAccuracy } from '../../../src/lib/analysis/mirror';
import { parseRunConfig } from '../../../src/lib/train/run/config';

const MODELS = join(resolve(import.meta.dirname, '../../..'), 'models');

describe('the no-weight-decay control', () => {
  const main = loadRun('main', { dir: MODELS });
  const ctrl = loadRun('main-no-wd', { dir: MODELS });

  it('differs from the main run only in weight decay', () => {
    const c = parseRunConfig('main-no-wd', ctrl.manifest.config);
    const m = parseRunConfig('main', main.manifest.config);
    expect(c.optim.weightDecay).toBe(0);
    expect({ ...c.optim, weightDecay: 1 }).toEqual(m.optim);
    expect(c.seed).toBe(m.seed);
    // It may stop earlier than the main run, but only well after the main run has grokked.
    expect(c.steps).toBeLessThanOrEqual(m.steps);
    expect(c.steps).toBeGreaterThanOrEqual(detectPhases(main.metrics).grokked! + 1000);
    expect(c.model).toEqual(m.model);
    expect(ctrl.manifest.split.trainBitset).toBe(main.manifest.split.trainBitset);
    expect(ctrl.metrics[0].trainLoss).toBe(main.metrics[0].trainLoss); // same initialisation
  });

  it('memorizes but does not grok, in more steps than the main run needs to grok', () => {
    const ph = detectPhases(ctrl.metrics);
    expect(ph.fit).not.toBeNull();
    expect(ph.grokked).toBeNull();
    expect(detectPhases(main.metrics).grokked).not.toBeNull();
    const last = ctrl.metrics.at(-1)!;
    expect(last.trainAcc).toBe(1);
    expect(last.testAcc).toBeLessThan(0.5);
    const p = ctrl.manifest.config.p;
    const m = mirrorAccuracy(p, decodeBitset(ctrl.manifest.split.trainBitset, p * p), decodeBitset(ctrl.checkpoints.at(-1)!.correct, p * p));
    expect(m.mirrorHeldOut.accuracy).toBeLessThan(0.05);
    // Without weight decay nothing pulls the weights back: the norm ends above where it started.
    expect(last.weightNorm).toBeGreaterThan(ctrl.metrics[0].weightNorm);
  });
});

describe('the tiny configuration for training live', () => {
  it('groks: test accuracy reaches 99% well within its steps', () => {
    const run = loadRun('tiny-live', { dir: MODELS });
    expect(run.manifest.status).toBe('complete');
    const ph = detectPhases(run.metrics);
    expect(ph.grokked).not.toBeNull();
    expect(ph.grokked!).toBeLessThan(0.75 * parseRunConfig('tiny-live', run.manifest.config).steps);
  });
});

describe('the train-fraction sweep', () => {
  const ids = ['sweep-f30', 'sweep-f40', 'sweep-f50', 'sweep-f60', 'sweep-f70', 'sweep-f80'].filter((id) => existsSync(join(MODELS, id, 'manifest.json')));

  it('has at least five fractions of one configuration', () => {
    expect(ids.length).toBeGreaterThanOrEqual(5);
    const runs = ids.map((id) => loadRun(id, { dir: MODELS }));
    const fracs = runs.map((r) => r.manifest.config.trainFrac);
    expect(new Set(fracs).size).toBe(ids.length);
    const { trainFrac: _f, title: _t, description: _d, ...shared } = runs[0].manifest.config;
    for (const r of runs) {
      const { trainFrac: _f2, title: _t2, description: _d2, ...rest } = r.manifest.config;
      expect(rest).toEqual(shared);
      expect(r.manifest.status).toBe('complete');
    }
  });

  it('more data groks sooner: the largest fraction groks, and no smaller fraction groks earlier than it', () => {
    const runs = ids.map((id) => loadRun(id, { dir: MODELS })).sort((a, b) => a.manifest.config.trainFrac - b.manifest.config.trainFrac);
    const grok = runs.map((r) => detectPhases(r.metrics).grokked ?? Infinity);
    expect(grok.at(-1)).toBeLessThan(Infinity);
    for (const g of grok.slice(0, -1)) expect(g).toBeGreaterThanOrEqual(grok.at(-1)!);
  });
});
