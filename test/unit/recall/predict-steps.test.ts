/**
 * "Predict, then check" prompts name a training step of our runs and, in `phase`, the phase their text says that
 * step is in. Both are checked against the shipped runs: the step is logged (the curves have a point there) and is
 * a checkpoint (the checkpoint-based figures show exactly that step), in every run the figure draws, and it lies in
 * the claimed phase of the main run, by the same rule that shades the phases in the figures (src/lib/runs/phases.ts).
 * Retrain a run and this test names every prompt whose step no longer fits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPhases, phaseAt } from '../../../src/lib/runs/phases.ts';
import { loadRun } from '../../../src/lib/runs/load.node.ts';
import { promptFileSchema, type Prompt } from '../../../src/lib/recall/schema.ts';

const dir = join(import.meta.dirname, '../../../content/recall');
const predicts = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => promptFileSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))).prompts)
  .filter((p): p is Extract<Prompt, { kind: 'predict' }> => p.kind === 'predict')
  .filter((p): p is typeof p & { step: number } => p.step !== undefined); // prompts on figures without training steps (chapter 5) are checked in test/unit/shipped/deletang-prompts.test.ts

/** The runs each figure a predict prompt may point at draws (see the chapters' MDX). */
const RUNS_OF_FIGURE: Record<string, string[]> = {
  'training-timeline': ['main'],
  'pairs-grid': ['main'],
  'ask-model': ['main'],
  'fourier-spectrum': ['main'],
  'neuron-heatmaps': ['main'],
  'progress-measures': ['main'],
  'weight-decay': ['main', 'main-no-wd'],
};

const runs = new Map(
  [...new Set(Object.values(RUNS_OF_FIGURE).flat())].map((id) => {
    const run = loadRun(id, { analysis: false });
    return [id, { logged: new Set(run.metrics.map((r) => r.step)), checkpoints: new Set(run.manifest.checkpoints.map((c) => c.step)), run }];
  }),
);
const mainRun = runs.get('main')!.run;
const phases = detectPhases(mainRun.metrics);

describe('predict prompts against our runs', () => {
  it('exist', () => {
    expect(predicts.length).toBeGreaterThan(0);
  });

  it.each(predicts.map((p) => [p.id, p] as const))('%s: its step is logged and a checkpoint in every run its figure draws', (_id, p) => {
    const ids = RUNS_OF_FIGURE[p.figure];
    expect(ids, `figure ${p.figure}: add the runs it draws to RUNS_OF_FIGURE`).toBeDefined();
    for (const id of ids ?? []) {
      const r = runs.get(id)!;
      expect(r.logged.has(p.step), `${id} logs no step ${p.step} (last: ${Math.max(...r.logged)})`).toBe(true);
      expect(r.checkpoints.has(p.step), `${id} has no checkpoint at step ${p.step}`).toBe(true);
    }
  });

  it.each(predicts.map((p) => [p.id, p] as const))('%s: its step lies in the phase it claims', (_id, p) => {
    expect(phaseAt(phases, p.step), `phases of main: ${JSON.stringify(phases)}`).toBe(p.phase);
  });
});
