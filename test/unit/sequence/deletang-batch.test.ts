// The Delétang format as a model reads it (src/lib/tasks/deletang-batch.ts), worked by hand: tokens, output
// positions, targets and mask; the scratchpad's interleaved row; argmax and pooled accuracy; evaluation sets.
import { describe, expect, it } from 'vitest';
import { reverseString, stackManipulation } from '../../../src/lib/tasks/deletang';
import {
  batchAccuracy, classesOf, evalBatch, feedNote, makeBatch, outputPositions, predictions, rowTargets, rowTokens, runningParity,
  scratchpadStart, sequenceLength, vocabOf,
} from '../../../src/lib/tasks/deletang-batch';

describe('Delétang batches', () => {
  it('reverse string 011: the input, three blanks (token 2), targets 110 at positions 3..5', () => {
    const s = reverseString.solve(Int32Array.of(0, 1, 1));
    const b = makeBatch('reverse-string', [s]);
    expect([...b.tokens]).toEqual([0, 1, 1, 2, 2, 2]);
    expect([...b.outPos]).toEqual([3, 4, 5]);
    expect([...b.targets]).toEqual([1, 1, 0]);
    expect([...b.mask]).toEqual([1, 1, 1]);
    expect(vocabOf('reverse-string')).toBe(3);
    expect(classesOf('reverse-string')).toBe(2);
  });

  it('stack manipulation: blanks are token 5; the mask stops after the end token', () => {
    // stack 1 0 (bottom to top), PUSH 1, POP, POP: the stack is [1]; output 1, end, 0, 0, 0, 0 (n + 1 = 6).
    const s = stackManipulation.solve(Int32Array.of(1, 0, 4, 2, 2));
    const b = makeBatch('stack-manipulation', [s]);
    expect([...b.tokens]).toEqual([1, 0, 4, 2, 2, 5, 5, 5, 5, 5, 5]);
    expect([...b.targets]).toEqual([1, 2, 0, 0, 0, 0]);
    expect([...b.mask]).toEqual([1, 1, 0, 0, 0, 0]);
  });

  it('the scratchpad hands each bit over with the last note (token = bit + 2·note), and scores the last note', () => {
    const s = { input: Int32Array.of(1, 0, 1, 1), output: Int32Array.of(1), mask: Uint8Array.of(1) };
    expect([...runningParity(s.input)]).toEqual([1, 1, 0, 1]);
    // bits 1 0 1 1 arriving with notes 0 (none yet) 1 1 0.
    expect([...rowTokens('parity-scratchpad', s)]).toEqual([1, 2, 3, 1]);
    expect([...outputPositions('parity-scratchpad', 4)]).toEqual([0, 1, 2, 3]);
    const t = rowTargets('parity-scratchpad', s);
    expect([...t.targets]).toEqual([1, 1, 0, 1]);
    expect([...t.mask]).toEqual([0, 0, 0, 1]);
    expect(sequenceLength('parity-scratchpad', 4)).toBe(4);
    expect(vocabOf('parity-scratchpad')).toBe(4);
  });

  it('at test time the notes fed back are the model\'s own: start with note 0 everywhere, hand each note on', () => {
    const b = makeBatch('parity-scratchpad', [{ input: Int32Array.of(1, 1, 0), output: Int32Array.of(0), mask: Uint8Array.of(1) }]);
    const tokens = scratchpadStart(b);
    expect([...tokens]).toEqual([1, 1, 0]);
    feedNote(tokens, b, 0, 0, 0); // a wrong note (the parity of "1" is 1) is handed on as it is
    feedNote(tokens, b, 0, 1, 1);
    feedNote(tokens, b, 0, 2, 1); // past the end: nothing to write
    expect([...tokens]).toEqual([1, 1, 2]);
  });

  it('predictions take the argmax at each output position; accuracy pools the scored positions of all rows', () => {
    const b = makeBatch('reverse-string', [reverseString.solve(Int32Array.of(0, 1)), reverseString.solve(Int32Array.of(1, 1))]);
    // Rows of 4 positions, 2 classes; outputs at 2, 3. Row 0 wants 1 0, row 1 wants 1 1.
    const logits = Float32Array.of(
      0, 0, 0, 0, /* out */ 0, 1, 1, 0, // row 0: predicts 1 0 (right, right)
      0, 0, 0, 0, /* out */ 1, 0, 0, 1, // row 1: predicts 0 1 (wrong, right)
    );
    const pred = predictions(logits, b, 2);
    expect([...pred]).toEqual([1, 0, 0, 1]);
    expect(batchAccuracy(pred, b)).toBe(0.75);
  });

  it('evaluation sets are fixed by (task, length) and shared by the scratchpad and plain parity check', () => {
    const a = evalBatch('parity-check', 7, 16);
    const b = evalBatch('parity-check', 7, 16);
    const c = evalBatch('parity-scratchpad', 7, 16);
    expect([...a.tokens]).toEqual([...b.tokens]);
    expect(c.samples.map((s) => [...s.input])).toEqual(a.samples.map((s) => [...s.input]));
    expect([...evalBatch('parity-check', 8, 16).tokens.subarray(0, 7)]).not.toEqual([...a.tokens.subarray(0, 7)]);
  });

  it('refuses a batch of mixed lengths', () => {
    expect(() => makeBatch('reverse-string', [reverseString.solve(Int32Array.of(0)), reverseString.solve(Int32Array.of(0, 1))])).toThrow(/one length/);
  });
});
