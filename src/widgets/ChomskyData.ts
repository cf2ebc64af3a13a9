// What the Chomsky chapter's figures get from models/chomsky-*/ (read at build time by ChomskyData.node.ts),
// and the paper's numbers beside them.

export type Lang = 'parity' | 'dyck1';

export interface ChomskyRun {
  id: string;
  title: string;
  language: Lang;
  /** 'transformer' (sinusoidal positions), 'transformer-rpe' (randomized positions), 'rnn'. */
  kind: 'transformer' | 'transformer-rpe' | 'rnn';
  url: string;
  sha256: string;
  bytes: number;
  trainMaxLen: number;
  evalMaxLen: number;
  perLength: number;
  maxPositions: number;
  steps: number;
  trainSeconds: number;
  points: { length: number; accuracy: number }[];
  /** Mean accuracy over the training lengths and over the unseen ones (the paper's score). */
  inRange: number;
  beyond: number;
  /** The run config (for evalBatch in the page). */
  config: unknown;
}

export const KIND_LABEL: Record<ChomskyRun['kind'], string> = {
  transformer: 'Transformer (sinusoidal positions)',
  'transformer-rpe': 'Transformer (randomized positions)',
  rnn: 'RNN',
};

/** Delétang et al. (2023), Table 2 as collected in SCIENCE.md: transformer length-generalization scores (%). */
export const PAPER_TABLE: { task: string; level: string; transformer: number; rnn?: number }[] = [
  { task: 'Parity check', level: 'Regular', transformer: 52.0, rnn: 100 },
  { task: 'Modular arithmetic', level: 'Regular', transformer: 24.2 },
  { task: 'Reverse string', level: 'Deterministic context-free', transformer: 62.3 },
  { task: 'Stack manipulation', level: 'Deterministic context-free', transformer: 57.5 },
  { task: 'Duplicate string', level: 'Context-sensitive', transformer: 52.8 },
  { task: 'Odds first', level: 'Context-sensitive', transformer: 52.8 },
];
