// An outside reference: the PyTorch golden fixture (test/fixtures/golden/transformer-v1.json, written by
// scripts/golden/transformer_golden.py in float64) gives the final-position outputs of a tiny
// transformer on 73 pairs. The plain-TS forward and the exported ONNX model in onnxruntime-web must both match
// it: |err| ≤ 1e-5 + 1e-4·|ref| per element.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuForward } from '../../../src/lib/analysis/forward';
import type { Weights } from '../../../src/lib/analysis/types';
import { exportTransformer } from '../../../src/lib/train/onnx';
import { sessionFromBytes, tokensTensor } from './ort-node';

interface Rec {
  shape: number[];
  data: number[];
}
interface Fixture {
  config: { p: number; d_model: number; n_heads: number; d_head: number; d_mlp: number; n_ctx: number };
  trainPairs: number[];
  weights: Record<string, Rec>;
  logits: Rec;
  attn: Rec;
  mlpPost: Rec;
  resid: Rec;
}

const fx = JSON.parse(readFileSync(new URL('../../fixtures/golden/transformer-v1.json', import.meta.url), 'utf8')) as Fixture;
const weights: Weights = Object.fromEntries(Object.entries(fx.weights).map(([k, r]) => [k, { shape: r.shape, data: Float32Array.from(r.data) }]));
const p = fx.config.p;
const n = fx.trainPairs.length;
const tokens = fx.trainPairs.flatMap((i) => [Math.floor(i / p), i % p, p]);

function worst(got: ArrayLike<number>, want: number[]): number {
  expect(got.length).toBe(want.length);
  let w = 0;
  for (let i = 0; i < want.length; i++) w = Math.max(w, Math.abs(got[i] - want[i]) - 1e-4 * Math.abs(want[i]));
  return w; // must stay ≤ 1e-5
}

describe('PyTorch golden fixture', () => {
  it('the plain-TS forward matches PyTorch', () => {
    const out = cpuForward(weights, tokens, n);
    expect(worst(out.logits, fx.logits.data)).toBeLessThanOrEqual(1e-5);
    expect(worst(out.attn, fx.attn.data)).toBeLessThanOrEqual(1e-5);
    expect(worst(out.mlpPost, fx.mlpPost.data)).toBeLessThanOrEqual(1e-5);
    expect(worst(out.residFinal, fx.resid.data)).toBeLessThanOrEqual(1e-5);
  });

  it('the exported ONNX model matches PyTorch in onnxruntime-web', async () => {
    const s = await sessionFromBytes(exportTransformer(weights, fx.config));
    const out = await s.run({ tokens: tokensTensor(tokens, n) });
    expect(worst(out.logits.data as Float32Array, fx.logits.data)).toBeLessThanOrEqual(1e-5);
    expect(worst(out.attn.data as Float32Array, fx.attn.data)).toBeLessThanOrEqual(1e-5);
    expect(worst(out.mlp_post.data as Float32Array, fx.mlpPost.data)).toBeLessThanOrEqual(1e-5);
    expect(worst(out.resid_final.data as Float32Array, fx.resid.data)).toBeLessThanOrEqual(1e-5);
    await s.release();
  });
});
