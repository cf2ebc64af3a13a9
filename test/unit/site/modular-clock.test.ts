import { describe, expect, it } from 'vitest';
import { angleOf, angleOfPoint, describe as sentence, mod, residueAt } from '../../../src/widgets/clock/ModularClock.state.svelte';

describe('modular clock arithmetic', () => {
  it('mod returns the representative in 0..p-1, also for negatives', () => {
    expect(mod(136, 113)).toBe(23);
    expect(mod(-1, 113)).toBe(112);
    expect(mod(113, 113)).toBe(0);
  });

  it('angleOf and residueAt are inverse on residues', () => {
    for (const x of [0, 1, 56, 57, 112]) expect(residueAt(angleOf(x, 113), 113)).toBe(x);
    expect(residueAt(2 * Math.PI - 1e-9, 113)).toBe(0);
  });

  it('angleOfPoint measures clockwise from 12 o’clock in SVG axes (y down)', () => {
    expect(angleOfPoint(0, -1)).toBeCloseTo(0);
    expect(angleOfPoint(1, 0)).toBeCloseTo(Math.PI / 2);
    expect(angleOfPoint(0, 1)).toBeCloseTo(Math.PI);
    expect(angleOfPoint(-1, 0)).toBeCloseTo((3 * Math.PI) / 2);
  });

  it('composes rotations: the angle of a + b is the sum of the angles, modulo a full turn', () => {
    const p = 113;
    for (const [a, b] of [
      [71, 65],
      [3, 4],
      [112, 112],
    ]) {
      const turned = (angleOf(a, p) + angleOf(b, p)) % (2 * Math.PI);
      expect(residueAt(turned, p)).toBe(mod(a + b, p));
    }
  });

  it('describes the sum in words, mentioning the full turn when it wraps', () => {
    expect(sentence(71, 65, 113)).toContain('one full turn of 113, and 23 more');
    expect(sentence(71, 65, 113)).toMatch(/71 \+ 65 mod 113 = 23\.$/);
    expect(sentence(3, 4, 113)).toContain('less than one full turn');
  });
});
