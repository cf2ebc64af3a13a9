import { describe, expect, it } from 'vitest';
import { createBitset, setBit } from '../../../src/lib/analysis/bitset';
import { mirrorAccuracy } from '../../../src/lib/analysis/mirror';

describe('mirrorAccuracy', () => {
  it('splits held-out pairs by whether (b, a) was trained on', () => {
    const p = 3;
    const train = createBitset(9);
    setBit(train, 0 * 3 + 1); // (0,1) trained, so (1,0) is a mirror-trained test pair
    const correct = createBitset(9);
    setBit(correct, 1 * 3 + 0); // (1,0) right
    setBit(correct, 2 * 3 + 2); // (2,2) right: its own mirror, held out
    const m = mirrorAccuracy(p, train, correct);
    expect(m.mirrorTrained).toEqual({ correct: 1, total: 1, accuracy: 1 });
    expect(m.mirrorHeldOut.total).toBe(7);
    expect(m.mirrorHeldOut.correct).toBe(1);
  });
});
