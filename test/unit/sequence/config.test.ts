import { describe, expect, it } from 'vitest';
import { runs, withField } from '../run-configs';
import { ConfigError, parseAnyRunConfig, parseRunConfig } from '../../../src/lib/train/run/config';

const chomsky = Object.keys(runs).filter((k) => k.startsWith('chomsky-'));
const good = runs['chomsky-dyck-transformer'];

describe('sequence run configs', () => {
  it('every chomsky-* run is a valid sequence config; modadd runs still parse as before', () => {
    expect(chomsky.length).toBeGreaterThanOrEqual(3);
    for (const id of chomsky) {
      const c = parseAnyRunConfig(id, runs[id]);
      expect(c.task).toBe('sequence');
      if (c.task === 'sequence') expect(c.eval.maxLen).toBeGreaterThanOrEqual(4 * c.train.maxLen);
    }
    const m = parseAnyRunConfig('ci-tiny', runs['ci-tiny']);
    expect(m).toEqual(parseRunConfig('ci-tiny', runs['ci-tiny']));
  });

  it.each([
    ['language', 'anbn', 'language must be one of "parity", "dyck1"'],
    ['model.pe', 'learned', 'model.pe must be one of "sinusoidal", "randomized"'],
    ['model.maxPositions', 32, 'model.maxPositions must be >= eval.maxLen (64)'],
    ['model.d_model', 33, 'model.d_model must be even'],
    ['train.batch', 0, 'train.batch must be >= 1'],
    ['eval.maxLen', 8, 'eval.maxLen must be >= 16'],
    ['model.n_ctx', 3, 'model.n_ctx is not a known field'],
  ])('a bad %s (%j) names the field', (field, value, message) => {
    expect(() => parseAnyRunConfig('x', withField(good, field, value))).toThrow(ConfigError);
    expect(() => parseAnyRunConfig('x', withField(good, field, value))).toThrow(`invalid config for run 'x': ${message}`);
  });

  it('an unknown task names every kind; parseRunConfig still only takes modadd', () => {
    expect(() => parseAnyRunConfig('x', { ...good, task: 'chess' })).toThrow('task must be "modadd", "sequence" or "deletang"');
    expect(() => parseRunConfig('x', good)).toThrow(ConfigError);
  });
});

const table = Object.keys(runs).filter((k) => k.startsWith('deletang-'));
const cell = 'deletang-reverse-string-lstm-s1';
const pad = 'deletang-parity-scratchpad-transformer-rpe-s1';

describe('deletang run configs (the Chomsky table)', () => {
  it('every deletang-* run is valid, tests at ≥ 8× its training lengths, and each (task, model) has ≥ 3 seeds', () => {
    const seeds = new Map<string, number>();
    for (const id of table) {
      const c = parseAnyRunConfig(id, runs[id]);
      expect(c.task).toBe('deletang');
      if (c.task !== 'deletang') continue;
      expect(c.eval.maxLen).toBeGreaterThanOrEqual(8 * c.train.maxLen);
      const key = id.replace(/-s\d+$/, '');
      seeds.set(key, (seeds.get(key) ?? 0) + 1);
    }
    expect(seeds.size).toBeGreaterThanOrEqual(21); // 5 tasks × 4 models + the scratchpad
    for (const [key, n] of seeds) expect(n, key).toBeGreaterThanOrEqual(3);
  });

  it.each([
    [cell, 'problem', 'sorting', 'problem must be one of "parity-check"'],
    [cell, 'model.forgetBias', 'one', 'model.forgetBias must be a finite number'],
    [cell, 'stop.patience', 0, 'stop.patience must be >= 1'],
    [cell, 'train.maxLen', 0, 'train.maxLen must be >= 1'],
    [pad, 'model.maxPositions', 50, 'model.maxPositions must be >= the longest evaluated sequence (80)'],
    ['deletang-parity-check-rnn-s1', 'problem', 'parity-scratchpad', 'model.arch must be "transformer" for the scratchpad'],
  ])('%s: a bad %s (%j) names the field', (id, field, value, message) => {
    expect(() => parseAnyRunConfig('x', withField(runs[id], field, value))).toThrow(`invalid config for run 'x': ${message}`);
  });
});
