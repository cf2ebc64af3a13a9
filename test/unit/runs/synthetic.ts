// Synthetic metrics with known phase boundaries, for the phase-detection and facts tests.
import type { MetricRow } from '../../../src/lib/runs/types';

export interface Shape {
  fit: number;
  peak: number;
  drop: number;
  grok: number;
  last: number;
  every?: number;
}

/** A grokking-shaped run: train acc 1 from `fit`, test loss rising to a peak at `peak`, flat, falling
 *  from `drop` (log-linearly) to 0.01 at `grok`, where test acc reaches 99.5%. */
export function grokRun(s: Shape): MetricRow[] {
  const rows: MetricRow[] = [];
  const every = s.every ?? 10;
  for (let step = 0; step <= s.last; step += every) {
    const trainAcc = step >= s.fit ? 1 : (step / s.fit) * 0.9;
    let testLoss: number;
    if (step <= s.peak) testLoss = 4.7 + (20 - 4.7) * (step / s.peak);
    else if (step < s.drop) testLoss = 20 - (step - s.peak) * (1 / (s.drop - s.peak)); // 20 → 19, nearly flat
    else if (step <= s.grok) testLoss = Math.exp(Math.log(19) + ((Math.log(0.01) - Math.log(19)) * (step - s.drop)) / (s.grok - s.drop));
    else testLoss = 0.005;
    const testAcc = step >= s.grok ? 0.995 : step >= s.drop ? 0.5 * ((step - s.drop) / (s.grok - s.drop)) : 0.01;
    rows.push({
      step, trainLoss: step >= s.fit ? 1e-6 : 1, testLoss, trainAcc, testAcc,
      restrictedLoss: step < s.peak ? 4.7 : Math.max(0.01, 4.7 - (step - s.peak) / 100),
      excludedLoss: step < s.peak ? 1e-6 : step < s.drop ? 1e-6 + (step - s.peak) / 100 : 3,
      weightNorm: step < s.drop ? 1000 : step < s.grok ? 1000 - (500 * (step - s.drop)) / (s.grok - s.drop) : 500,
      giniWE: 0.1, giniWL: 0.1, keyFreqs: [3, 7],
    });
  }
  return rows;
}
