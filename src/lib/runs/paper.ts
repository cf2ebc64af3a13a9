// Numbers reported by Nanda et al. (2023), "Progress measures for grokking via mechanistic
// interpretability" (arXiv 2301.05217), read from the paper (content/references.json cites it). Shown beside our runs
// as a cited comparison, never as our own results.

export const PAPER = {
  p: 113,
  trainFrac: 0.3,
  nTrain: 3830,
  nTest: 8939,
  /** Phase boundaries drawn in their figures (epochs = full-batch steps). */
  phases: { memorizationEnd: 1400, cleanupStart: 9400, cleanupEnd: 14000 },
  keyFreqs: [14, 35, 41, 42, 52],
  /** Epochs trained in the main run (the analysis used epoch 40,000). */
  epochs: [40000, 50000],
  /** A public replication of the same setup: test loss peaks at about this value and epoch. */
  replicationTestPeak: { value: 34, step: 1400 },
  /** Epoch at which test loss first falls below 0.1, by train fraction (their sweep). */
  sweep: [
    { trainFrac: 0.25, step: 21848 },
    { trainFrac: 0.3, step: 7930 },
    { trainFrac: 0.4, step: 3109 },
    { trainFrac: 0.5, step: 956 },
    { trainFrac: 0.6, step: 440 },
    { trainFrac: 0.7, step: 222 },
    { trainFrac: 0.8, step: 252 },
    { trainFrac: 0.9, step: 222 },
  ],
  /** Train loss falls below 1e-3 within this many epochs in every run of the sweep. */
  sweepFitRange: [340, 530],
} as const;
