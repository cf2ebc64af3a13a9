import { describe, expect, it } from 'vitest';
import { runs, withField } from '../run-configs';
import { ConfigError, parseRunConfig } from '../../../src/lib/train/run/config';
import { checkpointSteps, isLogStep } from '../../../src/lib/train/run/schedule';

const good = runs['ci-tiny'];

describe('run configs', () => {
  it('every committed run config is valid', () => {
    for (const [id, raw] of Object.entries(runs)) {
      if (id.startsWith('$') || ['sequence', 'deletang'].includes((raw as { task?: string }).task ?? '')) continue; // test/unit/sequence checks those
      const c = parseRunConfig(id, raw);
      expect(c.p).toBeGreaterThan(2);
      expect(checkpointSteps(c.checkpoints, c.steps).at(-1)).toBe(c.steps);
    }
  });

  it.each([
    ['p', 8, 'p must be a prime'],
    ['p', 'seven', 'p must be a finite number'],
    ['trainFrac', 1.5, 'trainFrac must be <= 1'],
    ['optim.lr', -1, 'optim.lr must be > 0'],
    ['model.d_mlp', 3.5, 'model.d_mlp must be an integer'],
    ['model.bogus', 1, 'model.bogus is not a known field'],
    ['task', 'parity', 'task must be "modadd"'],
    ['steps', 0, 'steps must be >= 1'],
    ['model.d_vocab_out', 9, 'model.d_vocab_out must be <= 8'],
    ['model.d_vocab_out', 6, 'model.d_vocab_out must be >= 7'],
  ])('a bad %s (%j) names the field', (field, value, message) => {
    expect(() => parseRunConfig('x', withField(good, field, value))).toThrow(ConfigError);
    expect(() => parseRunConfig('x', withField(good, field, value))).toThrow(`invalid config for run 'x': ${message}`);
  });

  it('rejects checkpoint steps beyond the run', () => {
    expect(() => parseRunConfig('x', withField(good, 'checkpoints', [5, 400]))).toThrow('checkpoints[1] must be an integer step in [0, 40]');
  });
});

describe('schedules', () => {
  it('mixes log-spaced and linear checkpoints, always with 0 and the end', () => {
    const s = checkpointSteps({ log: 10, linear: 10 }, 10_000);
    expect(s[0]).toBe(0);
    expect(s.at(-1)).toBe(10_000);
    expect(new Set(s).size).toBe(s.length);
    expect([...s].sort((a, b) => a - b)).toEqual(s);
    expect(s.filter((x) => x > 0 && x < 100).length).toBeGreaterThanOrEqual(3); // dense early
    expect(s).toContain(5000);
  });

  it('logs finer early', () => {
    const log = { every: 100, early: { until: 1000, every: 10 } };
    expect(isLogStep(log, 0, 5000)).toBe(true);
    expect(isLogStep(log, 30, 5000)).toBe(true);
    expect(isLogStep(log, 1030, 5000)).toBe(false);
    expect(isLogStep(log, 1100, 5000)).toBe(true);
    expect(isLogStep(log, 4999, 4999)).toBe(true);
  });
});
