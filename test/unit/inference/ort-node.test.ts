// The Node loader and file fetch: load an exported checkpoint from disk through ModelRuntime, verified.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileFetch, loadOrtNode } from '../../../src/lib/inference/ort-node.node';
import { ModelRuntime } from '../../../src/lib/inference/runtime';
import { CheckpointError } from '../../../src/lib/inference/errors';
import { sha256Hex } from '../../../src/lib/inference/sha256';
import { exportTransformer } from '../../../src/lib/train/onnx';
import { randomWeights, tinyDims } from '../onnx/random-weights';

describe('Node runtime over local files', () => {
  it('loads and verifies a checkpoint from disk, and reports a missing one', async () => {
    const dims = tinyDims(7);
    const bytes = exportTransformer(randomWeights(dims, 2), dims);
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    writeFileSync(join(dir, 'm.onnx'), bytes);
    const rt = new ModelRuntime({ loadOrt: loadOrtNode, backend: 'wasm', fetchImpl: fileFetch });
    const path = relative(process.cwd(), join(dir, 'm.onnx'));
    const m = await rt.load(path, { p: 7, expected: { sha256: await sha256Hex(bytes), bytes: bytes.length } });
    const out = await m.runAllPairs({ chunkSize: 20 });
    expect(out.logits.length).toBe(49 * 8);
    expect(Number.isFinite(out.logits[0])).toBe(true);
    const fileUrl = `file://${join(dir, 'm.onnx')}`;
    expect((await rt.load(fileUrl, { p: 7 })).bytes).toEqual(bytes);
    const e = await rt.load(`file://${join(dir, 'nope.onnx')}`, { p: 7 }).catch((x: unknown) => x);
    expect((e as CheckpointError).kind).toBe('missing');
    await rt.dispose();
  });
});
