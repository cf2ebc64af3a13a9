// The exported ONNX model must compute what the plain-TS reference forward computes, in onnxruntime-web (WASM).
// Tolerance: |onnx − ref| ≤ 1e-4 · (1 + |ref|) per element (fp32 in ORT vs float64 accumulation in the reference).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allPairsTokens, cpuForward } from '../../../src/lib/analysis/forward';
import { exportTransformer, exportTransformerOnnx, readOnnx, GraphBuilder } from '../../../src/lib/train/onnx';
import { randomWeights, tinyDims } from './random-weights';
import { sessionFromBytes, tokensTensor } from './ort-node';

const TOL = 1e-4;

function maxRelErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
  return worst;
}

function pythonOnnxAvailable(): boolean {
  if (!existsSync('/usr/bin/python3')) return false;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('transformer ONNX export', () => {
  for (const [p, over, seed] of [
    [7, {}, 1],
    [13, { d_model: 12, n_heads: 3, d_head: 4, d_mlp: 20 }, 2],
    [11, { d_out: 11 }, 3], // the paper's unembedding: the p answers only
  ] as const) {
    it(`matches the reference forward on all p² pairs (p=${p})`, async () => {
      const dims = tinyDims(p, over);
      const w = randomWeights(dims, seed);
      const bytes = exportTransformer(w, { ...dims, d_vocab_out: dims.d_out });
      const session = await sessionFromBytes(bytes);
      expect([...session.inputNames]).toEqual(['tokens']);
      expect([...session.outputNames].sort()).toEqual(['attn', 'logits', 'mlp_post', 'resid_final']);
      const tokens = allPairsTokens(p);
      const ref = cpuForward(w, tokens, p * p);
      const out = await session.run({ tokens: tokensTensor(tokens, p * p) });
      expect(out.logits.dims).toEqual([p * p, dims.d_out]);
      expect(out.attn.dims).toEqual([p * p, dims.n_heads, 3]);
      expect(out.mlp_post.dims).toEqual([p * p, dims.d_mlp]);
      expect(out.resid_final.dims).toEqual([p * p, dims.d_model]);
      expect(maxRelErr(out.logits.data as Float32Array, ref.logits)).toBeLessThan(TOL);
      expect(maxRelErr(out.attn.data as Float32Array, ref.attn)).toBeLessThan(TOL);
      expect(maxRelErr(out.mlp_post.data as Float32Array, ref.mlpPost)).toBeLessThan(TOL);
      expect(maxRelErr(out.resid_final.data as Float32Array, ref.residFinal)).toBeLessThan(TOL);
      // attention rows are distributions
      const attn = out.attn.data as Float32Array;
      for (let r = 0; r < attn.length; r += 3) expect(attn[r] + attn[r + 1] + attn[r + 2]).toBeCloseTo(1, 5);
      await session.release();
    });
  }

  it('keeps the parameter names and shapes so weights read back exactly', () => {
    const dims = tinyDims(7);
    const w = randomWeights(dims, 5);
    const back = readOnnx(exportTransformerOnnx(w, { metadata: { step: '100' } }));
    expect(back.irVersion).toBe(8);
    expect(back.opset).toBe(17);
    expect(back.metadata.step).toBe('100');
    expect(JSON.parse(back.metadata.dims)).toEqual(dims);
    for (const name of Object.keys(w)) {
      expect(back.weights[name].shape).toEqual(w[name].shape);
      expect(Array.from(back.weights[name].data)).toEqual(Array.from(w[name].data));
    }
  });

  it('rejects weights that do not fit the config', () => {
    const dims = tinyDims(7);
    const w = randomWeights(dims, 5);
    expect(() => exportTransformer(w, { ...dims, d_mlp: 99 })).toThrow(/weight W_in: shape \[24,16\], expected \[99,16\]/);
    const { W_U: _drop, ...missing } = w;
    expect(() => exportTransformer(missing, dims)).toThrow(/missing weight W_U/);
  });

  it('graph builder refuses undefined inputs and duplicate names', () => {
    const g = new GraphBuilder('t');
    const x = g.input('x', 'float32', [2]);
    expect(() => g.relu('nope')).toThrow(/input nope is undefined/);
    g.relu(x, 'y');
    expect(() => g.relu(x, 'y')).toThrow(/duplicate value name y/);
    expect(() => g.output('z', 'float32', [2])).toThrow(/not produced/);
  });

  const hasOnnx = pythonOnnxAvailable();
  if (!hasOnnx) console.warn('skipping onnx.checker test: /usr/bin/python3 with the onnx module (Debian python3-onnx) is not installed');
  it.skipIf(!hasOnnx)('passes onnx.checker.check_model (python3-onnx)', () => {
    const dims = tinyDims(11);
    const file = join(mkdtempSync(join(tmpdir(), 'onnx-check-')), 'model.onnx');
    writeFileSync(file, exportTransformer(randomWeights(dims, 3), dims));
    const script = [
      'import onnx, sys',
      'm = onnx.load(sys.argv[1])',
      'onnx.checker.check_model(m, full_check=True)',
      'print(m.ir_version, m.opset_import[0].version, [o.name for o in m.graph.output])',
    ].join('\n');
    const out = execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' });
    expect(out.trim()).toBe("8 17 ['logits', 'attn', 'mlp_post', 'resid_final']");
  });
});
