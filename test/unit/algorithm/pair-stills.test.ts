// Build-time answers of the shipped main run (src/lib/runs/algorithm.node.ts): "ask the model" and the logit
// curve without JavaScript. Computed by the TypeScript forward pass from the final checkpoint's ONNX file.
import { describe, expect, it } from 'vitest';
import { runData } from '../../../src/lib/runs/facts.node';
import { answerStill, logitStill } from '../../../src/lib/runs/algorithm.node';
import { answerProbs, ASK_MODEL_PAIR, topK } from '../../../src/lib/analysis/ranking';

const run = runData('main');

describe.skipIf(!run)('pair stills of the main run', () => {
  const p = run!.manifest.config.p;
  const last = run!.manifest.checkpoints.at(-1)!.step;

  it('"ask the model": the final checkpoint answers (a + b) mod p for the starting pair, ranked', () => {
    const s = answerStill('main')!;
    expect(s).toMatchObject({ a: ASK_MODEL_PAIR.a, b: ASK_MODEL_PAIR.b, step: last });
    expect(s.ranked).toHaveLength(8);
    expect(s.ranked[0].answer).toBe((s.a + s.b) % p);
    expect(s.ranked[0].prob).toBeGreaterThan(0.9);
    for (let i = 1; i < s.ranked.length; i++) expect(s.ranked[i].prob).toBeLessThanOrEqual(s.ranked[i - 1].prob);
  });

  it('pairs out of range are clamped as the widget clamps them', () => {
    const s = answerStill('main', { a: 500, b: 3 })!;
    expect([s.a, s.b]).toEqual([p - 1, 3]);
  });

  it('the logit curve: p logits peaking at (a + b) mod p, ranked the same way as the answers', () => {
    const l = logitStill('main', ASK_MODEL_PAIR.a, ASK_MODEL_PAIR.b)!;
    expect(l.logits).toHaveLength(p);
    expect(l.step).toBe(last);
    const ranked = topK(answerProbs(Float32Array.from(l.logits), 0, p, p), 8);
    expect(ranked.map((r) => r.answer)).toEqual(answerStill('main')!.ranked.map((r) => r.answer));
  });
});

describe('a run that is not in models/', () => {
  it('has no stills', () => {
    expect(answerStill('no-such-run')).toBeNull();
    expect(logitStill('no-such-run', 1, 2)).toBeNull();
  });
});
