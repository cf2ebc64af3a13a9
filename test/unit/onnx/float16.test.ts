import { describe, expect, it } from 'vitest';
import { float16ToFloat32Array, float32ToFloat16Array, fromFloat16Bits, toFloat16Bits } from '../../../src/lib/train/onnx/float16';
import { allPairsTokens, cpuForward } from '../../../src/lib/analysis/forward';
import { exportTransformer, readOnnx } from '../../../src/lib/train/onnx';
import type { Weights } from '../../../src/lib/analysis/types';
import { randomWeights, tinyDims } from './random-weights';
import { sessionFromBytes, tokensTensor } from './ort-node';

describe('float16 conversion', () => {
  it('encodes known values exactly and rounds to nearest even', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toFloat16Bits(2 ** -26)).toBe(0);
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
    expect(fromFloat16Bits(0x3555)).toBeCloseTo(0.333251953125, 12);
  });
  it('round-trips within half an ulp (relative 2^-11) over the normal range', () => {
    const xs = Float32Array.from({ length: 2000 }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 9) - 4));
    const back = float16ToFloat32Array(float32ToFloat16Array(xs));
    for (let i = 0; i < xs.length; i++) if (Math.abs(xs[i]) > 6.2e-5) expect(Math.abs(back[i] - xs[i]) / Math.abs(xs[i])).toBeLessThanOrEqual(2 ** -11);
  });
});

describe('fp16 transformer export', () => {
  it('is about half the size and computes the fp32 graph on fp16-rounded weights', async () => {
    const dims = tinyDims(11);
    const w = randomWeights(dims, 8);
    const full = exportTransformer(w, dims);
    const half = exportTransformer(w, dims, { weightType: 'float16' });
    expect(half.length).toBeLessThan(full.length);
    const big = tinyDims(31, { d_model: 64, n_heads: 4, d_head: 16, d_mlp: 256 });
    const wb = randomWeights(big, 2);
    expect(exportTransformer(wb, big, { weightType: 'float16' }).length).toBeLessThan(0.55 * exportTransformer(wb, big).length);
    const back = readOnnx(half);
    expect(back.metadata.weightType).toBe('float16');
    const rounded: Weights = {};
    for (const [k, t] of Object.entries(w)) rounded[k] = { shape: t.shape, data: float16ToFloat32Array(float32ToFloat16Array(t.data)) };
    for (const k of Object.keys(w)) expect(Array.from(back.weights[k].data)).toEqual(Array.from(rounded[k].data));
    const s = await sessionFromBytes(half);
    const p = dims.p;
    const out = await s.run({ tokens: tokensTensor(allPairsTokens(p), p * p) });
    const ref = cpuForward(rounded, allPairsTokens(p), p * p);
    const got = out.logits.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref.logits[i]) / (1 + Math.abs(ref.logits[i])));
    expect(worst).toBeLessThan(1e-4);
    await s.release();
  });
});
