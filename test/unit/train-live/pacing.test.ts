// Pacer keeps WebGPU batches short on the main thread, grows worker batches, never crosses an
// evaluation step; the metrics export and the comparison with the shipped run.
import { describe, expect, it } from 'vitest';
import { Pacer, MAX_BATCH } from '../../../src/lib/train/browser/pacing';
import { argmaxRows, compareWithShipped, metricsDoc, parseShippedMetrics } from '../../../src/lib/train/browser/metrics-export';
import { liveTrainConfig, TINY_LIVE_DEFAULTS } from '../../../src/lib/train/browser/config';
import type { LiveSnapshot } from '../../../src/lib/train/browser/snapshot';

describe('Pacer', () => {
  it('webgpu: main-thread recording of one batch stays near 10 ms', () => {
    const p = new Pacer('webgpu');
    for (let i = 0; i < 10; i++) p.observe({ step: 0, loss: 1, ms: 4 * p.batch, blockMs: 2 * p.batch }, p.batch);
    expect(p.batch).toBe(5);
  });
  it('worker: grows at most 2x per batch, capped', () => {
    const p = new Pacer('worker');
    p.observe({ step: 0, loss: 1, ms: 1, blockMs: 0 }, 1);
    expect(p.batch).toBe(2);
    for (let i = 0; i < 20; i++) p.observe({ step: 0, loss: 1, ms: 1, blockMs: 0 }, p.batch);
    expect(p.batch).toBe(MAX_BATCH);
  });
  it('never crosses an evaluation step or the limit', () => {
    const p = new Pacer('worker');
    for (let i = 0; i < 20; i++) p.observe({ step: 0, loss: 1, ms: 1, blockMs: 0 }, p.batch);
    expect(p.next(201, 5000)).toBe(19); // next evaluation at 220
    expect(p.next(3, 5000)).toBe(2); // at 5
    expect(p.next(4990, 5000)).toBe(10);
    expect(p.next(5000, 5000)).toBe(0);
  });
});

const snap = (step: number, testLoss: number, testAcc: number): LiveSnapshot => ({
  step, trainLoss: 1, testLoss, trainAcc: 1, testAcc, restrictedLoss: NaN, keyFreqs: [], fourierWE: [1, 2], correct: new Uint8Array([255, 1]),
});

describe('metrics export', () => {
  it('keeps the metrics.jsonl field names and the final predictions', () => {
    const doc = metricsDoc(liveTrainConfig(TINY_LIVE_DEFAULTS), 'WebGPU', [{ step: 5, loss: 3 }], [snap(0, 3, 0), snap(5, 2, 0.5)], [1, 2]);
    expect(doc.metrics[1]).toEqual({ step: 5, trainLoss: 1, testLoss: 2, trainAcc: 1, testAcc: 0.5, restrictedLoss: NaN, keyFreqs: [] });
    expect(doc.final).toMatchObject({ step: 5, predictions: [1, 2], fourierWE: [1, 2] });
    expect(typeof doc.final?.correct).toBe('string');
  });
  it('argmaxRows', () => {
    expect(argmaxRows(new Float32Array([0, 2, 1, 5, 0, 0]), 3)).toEqual([1, 0]);
  });
  it('parses metrics.jsonl and compares at shared steps', () => {
    const sh = parseShippedMetrics('{"step":0,"trainLoss":3,"testLoss":3.1,"testAcc":0,"restrictedLoss":3}\n{"step":5,"trainLoss":2,"testLoss":2.5,"testAcc":0.25,"restrictedLoss":2}\n');
    const c = compareWithShipped([snap(0, 3, 0), snap(5, 2, 0.5), snap(10, 1, 1)], sh);
    expect(c.steps).toBe(2);
    expect(c.maxLoss).toBeCloseTo(0.5, 12);
    expect(c.maxAcc).toBeCloseTo(0.25, 12);
    expect(() => parseShippedMetrics('{"x":1}')).toThrow('invalid metrics line 1: no step');
  });
});
