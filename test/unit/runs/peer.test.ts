import { describe, expect, it } from 'vitest';
import { parsePeerJsonl } from '../../../src/lib/runs/peer.node';
import { landmarks } from '../../../src/lib/runs/landmarks';

const line = (o: Record<string, unknown>) =>
  JSON.stringify({ step: 0, trainLoss: 4.7, testLoss: 4.7, trainAcc: 0, testAcc: 0, weightNorm: 1780, wall: 1, restrictedLoss: 4.7, excludedLoss: 4.7, keyFreqs: [3], ...o });

describe('the PyTorch peer metrics', () => {
  it('parse into landmark rows, with the wall time of the last line', () => {
    const run = parsePeerJsonl([line({}), line({ step: 100, trainAcc: 1, wall: 12.5 })].join('\n') + '\n', 'peer.jsonl');
    expect(run.rows).toHaveLength(2);
    expect(run.wallSeconds).toBe(12.5);
    expect(landmarks(run.rows).fit).toBe(100);
  });

  it('refuse a damaged file, naming the file, the line and the field', () => {
    expect(() => parsePeerJsonl('{oops', 'p.jsonl')).toThrow('p.jsonl:1: not JSON');
    expect(() => parsePeerJsonl(line({ testLoss: 'high' }), 'p.jsonl')).toThrow('p.jsonl:1: testLoss must be a number, got "high"');
    expect(() => parsePeerJsonl([line({ step: 5 }), line({ step: 5 })].join('\n'), 'p.jsonl')).toThrow('p.jsonl:2: step 5 after 5');
    expect(() => parsePeerJsonl(line({ keyFreqs: 'x' }), 'p.jsonl')).toThrow('keyFreqs must be a list of integers');
    expect(() => parsePeerJsonl('\n', 'p.jsonl')).toThrow('p.jsonl: no metrics');
  });
});
