// The Delétang et al. (2023) tasks against examples worked by hand from their definitions, and the
// properties every sampler must have (lengths, alphabets, masks, determinism per seed).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/tasks/prng';
import {
  binaryAddition, blank, cycleNavigation, duplicateString, evenPairs, modelInput, parityCheck, reverseString, sampleAccuracy, stackManipulation, TASKS,
} from '../../../src/lib/tasks/deletang';

const t = (s: string) => Int32Array.from(s.split(' ').filter(Boolean).map(Number));
const out = (task: (typeof TASKS)[number], input: string) => Array.from(task.solve(t(input)).output);
const mask = (task: (typeof TASKS)[number], input: string) => Array.from(task.solve(t(input)).mask);

describe('regular tasks, by hand', () => {
  it('parity check: 1 0 1 0 1 0 0 has three 1s (odd); 0 1 1 1 1 has four (even)', () => {
    expect(out(parityCheck, '1 0 1 0 1 0 0')).toEqual([1]);
    expect(out(parityCheck, '0 1 1 1 1')).toEqual([0]);
  });
  it("even pairs: 0 0 1 1 1 0 has one '01' and one '10' (even); 0 1 0 1 0 0 1 has five unequal neighbours (odd)", () => {
    expect(out(evenPairs, '0 0 1 1 1 0')).toEqual([0]);
    expect(out(evenPairs, '0 1 0 1 0 0 1')).toEqual([1]);
    expect(out(evenPairs, '1')).toEqual([0]);
  });
  it('cycle navigation (tokens −1, 0, +1 = 0, 1, 2): +1 −1 0 −1 −1 ends at −2 = 3; +1 +1 +1 −1 ends at 2', () => {
    expect(out(cycleNavigation, '2 0 1 0 0')).toEqual([3]);
    expect(out(cycleNavigation, '2 2 2 0')).toEqual([2]);
    expect(out(cycleNavigation, '2 2 2 2 2')).toEqual([0]);
  });
});

describe('deterministic context-free tasks, by hand', () => {
  it('reverse string: 0 1 1 0 1 0 → 0 1 0 1 1 0', () => {
    expect(out(reverseString, '0 1 1 0 1 0')).toEqual([0, 1, 0, 1, 1, 0]);
  });
  it('stack manipulation: stack 0 1 1 0, PUSH 1, POP, POP → 1 1 0 end, padded to n + 1', () => {
    // tokens: 0, 1 = stack symbols; 2 = POP, 3 = PUSH 0, 4 = PUSH 1
    expect(out(stackManipulation, '0 1 1 0 4 2 2')).toEqual([1, 1, 0, 2, 0, 0, 0, 0]);
    expect(mask(stackManipulation, '0 1 1 0 4 2 2')).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });
  it('stack manipulation: popping an empty stack does nothing; the empty stack is just the end token', () => {
    expect(out(stackManipulation, '1 1 0 2 2 2 2')).toEqual([2, 0, 0, 0, 0, 0, 0, 0]);
    expect(mask(stackManipulation, '1 1 0 2 2 2 2')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('context-sensitive tasks, by hand', () => {
  it('duplicate string: 1 0 1 → 1 0 1 1 0 1', () => {
    expect(out(duplicateString, '1 0 1')).toEqual([1, 0, 1, 1, 0, 1]);
  });
  it('binary addition, little-endian: 0 0 1 + 0 1 1 0 1 is 4 + 22 = 26 = 0 1 0 1 1, then end and padding', () => {
    // '+' is token 2
    expect(out(binaryAddition, '0 0 1 2 0 1 1 0 1')).toEqual([0, 1, 0, 1, 1, 2, 0, 0, 0, 0]);
    expect(mask(binaryAddition, '0 0 1 2 0 1 1 0 1')).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
  });
  it('binary addition: 1 0 0 1 + 0 0 0 0 0 1 is 9 + 32 = 41 = 1 0 0 1 0 1', () => {
    expect(out(binaryAddition, '1 0 0 1 2 0 0 0 0 0 1').slice(0, 7)).toEqual([1, 0, 0, 1, 0, 1, 2]);
  });
});

describe('every task', () => {
  it.each(TASKS.map((task) => [task.id, task] as const))('%s: samples of each length have the stated shape, alphabet and answer', (_, task) => {
    const rng = new Rng(7, task.id);
    for (const n of [1, 2, 3, 7, 16, 40]) {
      for (let r = 0; r < 20; r++) {
        const s = task.sample(rng, n);
        expect(s.input.length).toBe(n);
        expect(s.output.length).toBe(task.outputLength(n));
        expect(s.mask.length).toBe(s.output.length);
        for (const x of s.input) expect(x >= 0 && x < task.inputSize).toBe(true);
        for (const y of s.output) expect(y >= 0 && y < task.outputSize).toBe(true);
        expect(Array.from(task.solve(s.input).output)).toEqual(Array.from(s.output));
        expect(sampleAccuracy(s, s.output)).toBe(1);
      }
    }
    expect(task.inputSymbols).toHaveLength(task.inputSize);
    expect(task.outputSymbols).toHaveLength(task.outputSize);
  });

  it('draws the same strings from the same seed and stream', () => {
    for (const task of TASKS) {
      const a = task.sample(new Rng(3, 'x'), 12);
      const b = task.sample(new Rng(3, 'x'), 12);
      expect(Array.from(a.input)).toEqual(Array.from(b.input));
    }
  });

  it('a model reads the input, then one blank per output position', () => {
    const s = reverseString.solve(t('1 0 0'));
    expect(Array.from(modelInput(reverseString, s))).toEqual([1, 0, 0, blank(reverseString), blank(reverseString), blank(reverseString)]);
    expect(sampleAccuracy(s, [0, 0, 0])).toBeCloseTo(2 / 3);
  });

  it('covers the levels the chapter needs: ≥ 2 regular, ≥ 2 deterministic context-free, ≥ 1 context-sensitive', () => {
    const by = (l: string) => TASKS.filter((x) => x.level === l).length;
    expect(by('regular')).toBeGreaterThanOrEqual(2);
    expect(by('dcf')).toBeGreaterThanOrEqual(2);
    expect(by('cs')).toBeGreaterThanOrEqual(1);
  });
});
