// Pure helpers of the live-training figure's view.
import { describe, expect, it } from 'vitest';
import { nearestPrime, niceCeil } from '../../../src/widgets/train-live/view';

describe('train-live view helpers', () => {
  it('niceCeil: the next 1, 2 or 5 × 10^k', () => {
    expect([0, 1, 2, 3, 7, 10, 11, 100, 101, 130, 230, 500, 501, 4321, 5000].map(niceCeil)).toEqual([1, 1, 2, 5, 10, 10, 20, 100, 200, 200, 500, 500, 1000, 5000, 5000]);
  });
  it('nearestPrime: ties go to the smaller', () => {
    expect(nearestPrime(30, [29, 31])).toBe(29);
    expect(nearestPrime(100, [13, 47, 59])).toBe(59);
  });
});
