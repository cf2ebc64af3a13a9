// The graph builder beyond the transformer: float and negative-int attributes (LayerNormalization's epsilon
// and axis, which the Chomsky models need), run in onnxruntime-web.
import { describe, expect, it } from 'vitest';
import { attr, GraphBuilder } from '../../../src/lib/train/onnx';
import { nodeOrt, sessionFromBytes } from './ort-node';

describe('GraphBuilder', () => {
  it('encodes float and negative int attributes correctly (LayerNormalization, LeakyRelu)', async () => {
    const g = new GraphBuilder('ln');
    const x = g.input('x', 'float32', ['batch', 4]);
    const scale = g.float('scale', [4], Float32Array.of(1, 2, 3, 4));
    const bias = g.float('bias', [4], Float32Array.of(0, 0, 0, 1));
    const ln = g.node('LayerNormalization', [x, scale, bias], { axis: attr.int(-1), epsilon: attr.float(0.5) }, ['ln'])[0];
    g.node('LeakyRelu', [ln], { alpha: attr.float(0.25) }, ['y']);
    g.output('y', 'float32', ['batch', 4]);
    const s = await sessionFromBytes(g.toBytes());
    const ort = nodeOrt();
    const xs = [1, 2, 3, 6];
    const out = await s.run({ x: new ort.Tensor('float32', Float32Array.from(xs), [1, 4]) });
    const mean = 3;
    const variance = xs.reduce((a, v) => a + (v - mean) ** 2, 0) / 4;
    const want = xs.map((v, i) => {
      const n = ((v - mean) / Math.sqrt(variance + 0.5)) * [1, 2, 3, 4][i] + [0, 0, 0, 1][i];
      return n > 0 ? n : 0.25 * n;
    });
    expect(Array.from(out.y.data as Float32Array)).toEqual(want.map((v) => expect.closeTo(v, 5)));
    await s.release();
  });
});
