import { describe, expect, it } from 'vitest';
import { detectPhases, phaseAt } from '../../../src/lib/runs/phases';
import { bandLabel, phaseBands } from '../../../src/widgets/charts/phase-bands';
import { grokRun } from './synthetic';

describe('detectPhases', () => {
  it('finds the boundaries of a grokking-shaped run', () => {
    const rows = grokRun({ fit: 100, peak: 300, drop: 2000, grok: 2600, last: 4000 });
    const ph = detectPhases(rows);
    expect(ph.fit).toBe(100);
    expect(ph.memorizationEnd).toBe(300);
    expect(ph.grokked).toBe(2600);
    // 10% of the log drop from 20 to 0.01 is passed within ~60 steps of the start of the fall.
    expect(ph.cleanupStart).toBeGreaterThanOrEqual(2000);
    expect(ph.cleanupStart).toBeLessThanOrEqual(2080);
  });

  it('puts the end of memorization no earlier than the fit, even if test loss peaked before', () => {
    const rows = grokRun({ fit: 500, peak: 200, drop: 2000, grok: 2600, last: 3000 });
    const ph = detectPhases(rows);
    expect(ph.memorizationEnd).toBeGreaterThanOrEqual(500);
  });

  it('leaves cleanup and grokked null for a run that never groks (the no-weight-decay control)', () => {
    const rows = grokRun({ fit: 100, peak: 300, drop: 9e9, grok: 9e9 + 1, last: 2000 });
    const ph = detectPhases(rows);
    expect(ph).toEqual({ fit: 100, memorizationEnd: expect.any(Number), cleanupStart: null, grokked: null });
  });

  it('returns all null before the training set is fit', () => {
    const rows = grokRun({ fit: 5000, peak: 6000, drop: 7000, grok: 8000, last: 1000 });
    expect(detectPhases(rows)).toEqual({ fit: null, memorizationEnd: null, cleanupStart: null, grokked: null });
  });

  it('rejects metrics whose steps do not increase', () => {
    const rows = grokRun({ fit: 100, peak: 300, drop: 2000, grok: 2600, last: 400 });
    rows[3] = { ...rows[3], step: rows[1].step };
    expect(() => detectPhases(rows)).toThrow(/steps must increase/);
  });

  it('names the phase of any step and shades bands that tile the run', () => {
    const ph = { fit: 100, memorizationEnd: 300, cleanupStart: 2000, grokked: 2600 };
    expect([0, 299, 300, 1999, 2000, 2600, 2601].map((s) => phaseAt(ph, s))).toEqual([
      'memorization', 'memorization', 'circuit', 'circuit', 'cleanup', 'cleanup', 'after',
    ]);
    expect(phaseBands(ph, 4000).map((b) => [b.name, b.from, b.to])).toEqual([
      ['memorization', 0, 300], ['circuit', 300, 2000], ['cleanup', 2000, 2600],
    ]);
    expect(phaseBands({ fit: 100, memorizationEnd: 300, cleanupStart: null, grokked: null }, 900).map((b) => b.name)).toEqual(['memorization', 'circuit']);
  });
});

describe('bandLabel', () => {
  it('gives the full name where it fits, a short one where only that fits, and none in a sliver', () => {
    const band = { name: 'memorization', label: 'Memorization' } as const;
    expect(bandLabel(band, 200)).toBe('Memorization');
    expect(bandLabel(band, 60)).toBe('Memo.');
    expect(bandLabel(band, 20)).toBeNull();
    expect(bandLabel({ name: 'circuit', label: 'Circuit formation' }, 60)).toBe('Circuit');
  });
});
