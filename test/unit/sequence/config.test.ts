import { describe, expect, it } from 'vitest';
import { runs, withField } from '../run-configs';
import { ConfigError, parseAnyRunConfig, parseRunConfig } from '../../../src/lib/train/run/config';

const chomsky = Object.keys(runs).filter((k) => k.startsWith('chomsky-'));
const good = runs['chomsky-parity-transformer'];

describe('sequence run configs', () => {
  it('every chomsky-* run is a valid sequence config; modadd runs still parse as before', () => {
    expect(chomsky.length).toBeGreaterThanOrEqual(4);
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

  it('an unknown task names both kinds; parseRunConfig still only takes modadd', () => {
    expect(() => parseAnyRunConfig('x', { ...good, task: 'chess' })).toThrow('task must be "modadd" or "sequence"');
    expect(() => parseRunConfig('x', good)).toThrow(ConfigError);
  });
});
