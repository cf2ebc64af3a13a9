/**
 * Recall answers that state the shape of our data are checked against the shipped main run, the way the prose
 * is (test/unit/runs). Each case names the prompt whose answer it backs: retrain the run, and a prompt whose
 * answer no longer holds fails here by name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeFacts, rowAt } from '../../../src/lib/runs/facts.ts';
import { loadRun } from '../../../src/lib/runs/load.node.ts';
import { promptFileSchema, type Prompt } from '../../../src/lib/recall/schema.ts';

const dir = join(import.meta.dirname, '../../../content/recall');
const prompts = new Map(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => promptFileSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))).prompts)
    .map((p) => [p.id, p] as const),
);
const run = loadRun('main', { analysis: false });
const f = computeFacts(run);
const rows = run.metrics;
const at = (step: number) => rowAt(rows, step);
const stepOf = (id: string): number => {
  const step = (prompts.get(id) as Extract<Prompt, { kind: 'predict' }>).step;
  if (step === undefined) throw new Error(`${id} names no step`);
  return step;
};
const ph = f.phases as { fit: number; memorizationEnd: number; cleanupStart: number; grokked: number };

describe('recall answers agree with the shipped main run', () => {
  it('every prompt named below exists', () => {
    for (const id of ['mem-end-of-phase-1', 'mem-predict-early-losses', 'cf-restricted-loss-shows', 'cf-excluded-loss', 'cf-gini', 'cf-order-of-falls', 'cf-predict-progress-measures', 'cu-weight-norm', 'cu-predict-weight-norm', 'cu-why-sudden']) {
      expect(prompts.has(id), id).toBe(true);
    }
    for (const k of Object.keys(ph)) expect(ph[k as keyof typeof ph], k).not.toBeNull();
  });

  it('mem-end-of-phase-1: at the end of memorization train loss is far below 0.01 and test loss above ln p', () => {
    const r = at(ph.memorizationEnd);
    expect(r.trainLoss).toBeLessThan(1e-3);
    expect(r.testLoss).toBeGreaterThan(f.uniformLoss);
  });

  it('mem-predict-early-losses: at its step train loss has collapsed and test loss is above the uniform guess', () => {
    const r = at(stepOf('mem-predict-early-losses'));
    expect(r.trainLoss).toBeLessThan(0.01);
    expect(r.testLoss).toBeGreaterThan(f.uniformLoss);
  });

  it('cf-restricted-loss-shows, cf-order-of-falls: train loss, then restricted loss, then test loss fall below 1 and 0.1', () => {
    const first = (k: 'trainLoss' | 'restrictedLoss' | 'testLoss', t: number) => rows.find((r) => r[k] < t)?.step ?? Infinity;
    for (const t of [1, 0.1]) {
      expect(first('trainLoss', t)).toBeLessThan(first('restrictedLoss', t));
      expect(first('restrictedLoss', t)).toBeLessThan(first('testLoss', t));
    }
  });

  it('cf-excluded-loss: excluded loss rises during circuit formation', () => {
    expect(at(ph.cleanupStart).excludedLoss).toBeGreaterThan(10 * at(ph.memorizationEnd).excludedLoss);
  });

  it('cf-gini: the Gini coefficient of W_E rises as the circuit forms, and ends far above its start', () => {
    expect(at(ph.cleanupStart).giniWE).toBeGreaterThan(at(ph.memorizationEnd).giniWE);
    expect(f.final.giniWE).toBeGreaterThan(2 * f.init.giniWE);
  });

  it('cf-predict-progress-measures: at its step restricted loss is falling, excluded loss rising, test loss still high', () => {
    const s = stepOf('cf-predict-progress-measures');
    expect(at(s).restrictedLoss).toBeLessThan(at(ph.memorizationEnd).restrictedLoss);
    expect(at(s).excludedLoss).toBeGreaterThan(at(ph.memorizationEnd).excludedLoss);
    expect(at(s).testLoss).toBeGreaterThan(1);
  });

  it('cu-weight-norm: the weight norm falls in every phase after memorization, fastest during the phase the answer names', () => {
    const w = f.weightNorm;
    expect(w.fallPer1000.circuit).toBeGreaterThan(0);
    expect(w.fallPer1000.cleanup).toBeGreaterThan(0);
    expect(w.fallPer1000.after).toBeGreaterThan(0);
    const answer = (prompts.get('cu-weight-norm') as Prompt).a ?? '';
    const named = { circuit: /fastest during circuit formation/, cleanup: /fastest during cleanup/, after: /fastest after cleanup/ }[w.fastestFall!];
    expect(answer, `the weight norm falls fastest ${w.fastestFall}`).toMatch(named);
    // "nearly flat" must match the end of the run (under 2% per 1,000 steps); "still falling" the opposite.
    if (/flat/.test(answer) && !/never/.test(answer)) expect(w.tailChangePer1000).toBeLessThan(0.02);
    if (/still falling|never flat/.test(answer)) expect(w.tailChangePer1000).toBeGreaterThanOrEqual(0.02);
  });

  it('cu-predict-weight-norm: at its step the weight norm is well below its value when cleanup began, and test loss near train loss', () => {
    const s = stepOf('cu-predict-weight-norm');
    expect(at(s).weightNorm).toBeLessThan(0.5 * at(ph.cleanupStart).weightNorm); // "well under half"
    expect(f.weightNorm.tailChangePer1000).toBeLessThan(0.02); // "almost stopped falling"
    expect(at(s).testLoss).toBeLessThan(10 * at(s).trainLoss); // "to the level of the train loss"
    expect(at(s).testLoss).toBeLessThan(0.01 * at(ph.cleanupStart).testLoss);
  });

  it('cu-why-sudden: test loss falls by orders of magnitude over cleanup, which is shorter than circuit formation', () => {
    expect(at(ph.grokked).testLoss).toBeLessThan(0.01 * at(ph.cleanupStart).testLoss);
    expect(ph.grokked - ph.cleanupStart).toBeLessThan(ph.cleanupStart - ph.memorizationEnd);
  });
});
