// The warm-up's decisions (src/widgets/charts/warm-up.ts): which figure is nearest, what counts as
// saving data, and which hints are usable. The timing itself is measured in scripts/bench/figures-warmup.ts.
import { describe, expect, it } from 'vitest';
import { distanceToViewport, nearest, parseHint, savesData } from '../../../src/widgets/charts/warm-up';
import { liveHint } from '../../../src/widgets/charts/live-model';

const el = (top: number, height = 400) => ({ getBoundingClientRect: () => ({ top, bottom: top + height }) }) as unknown as Element;
const win = (saveData: boolean | undefined, reducedData: boolean) =>
  ({ navigator: { connection: saveData === undefined ? undefined : { saveData } }, matchMedia: () => ({ matches: reducedData }) }) as unknown as Window;

describe('warm-up', () => {
  it('measures the distance from the viewport', () => {
    expect(distanceToViewport({ top: 100, bottom: 500 }, 900)).toBe(0);
    expect(distanceToViewport({ top: 2700, bottom: 3100 }, 900)).toBe(1800);
    expect(distanceToViewport({ top: -1000, bottom: -200 }, 900)).toBe(200);
  });

  it('picks the figure nearest to the viewport, above or below', () => {
    const below = el(3000), above = el(-700), far = el(9000);
    expect(nearest([far, below, above], 900)).toBe(above);
    expect(nearest([far, below], 900)).toBe(below);
    expect(nearest([], 900)).toBeNull();
  });

  it('respects Save-Data and prefers-reduced-data', () => {
    expect(savesData(win(true, false))).toBe(true);
    expect(savesData(win(undefined, true))).toBe(true);
    expect(savesData(win(false, false))).toBe(false);
    expect(savesData(win(undefined, false))).toBe(false);
  });

  it('round-trips the hint a figure writes, and ignores broken ones', () => {
    const ref = { step: 100, url: '/models/main/ckpt/step-000100.onnx', sha256: 'ab'.repeat(32), bytes: 429873 };
    expect(parseHint(liveHint(ref, 59))).toEqual({ url: ref.url, sha256: ref.sha256, bytes: ref.bytes, p: 59 });
    expect(liveHint(undefined, 59)).toBeUndefined();
    expect(parseHint(undefined)).toBeNull();
    expect(parseHint('{"url":"/x.onnx"}')).toBeNull();
    expect(parseHint('not json')).toBeNull();
  });
});
