// The sequence-task runs (the Chomsky chapter's models): the zod schemas of their manifest and curve.json,
// what the chapter's figures get from them (read at build time by sequence.node.ts), and the paper's
// numbers beside them. Browser-safe: widgets import the types and labels from here.
import { z } from 'astro/zod';

/** A sequence run's config, as the trainer validated it (src/lib/train/run/config.ts): widgets take the type from here. */
export type { SequenceRunConfig } from '../train/run/config';

export const LANG_ORDER = ['parity', 'dyck1'] as const;
export type Lang = (typeof LANG_ORDER)[number];
export const KIND_ORDER = ['transformer', 'transformer-rpe', 'rnn', 'lstm'] as const;
/** Kinds that read no positions (recurrent networks). */
export const isRecurrent = (kind: (typeof KIND_ORDER)[number]) => kind === 'rnn' || kind === 'lstm';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
const count = z.number().int().nonnegative();

export const SequenceManifestSchema = z
  .object({
    schema: z.literal(1),
    runId: z.string(),
    title: z.string(),
    config: z
      .object({
        task: z.literal('sequence'),
        language: z.enum(LANG_ORDER),
        model: z.object({ arch: z.string(), pe: z.string().optional(), maxPositions: count.optional() }).passthrough(),
      })
      .passthrough(),
    status: z.enum(['complete', 'partial']),
    step: count,
    trainSeconds: z.number().nonnegative(),
    files: z.array(z.object({ path: z.string().min(1), sha256, bytes: count })),
  })
  .passthrough();

export const CurveSchema = z.object({
  trainMaxLen: count,
  evalMaxLen: count,
  perLength: count,
  points: z.array(z.object({ length: count, accuracy: z.number().min(0).max(1) }).passthrough()).min(1),
}).passthrough();

export interface ChomskyRun {
  id: string;
  title: string;
  language: Lang;
  /** 'transformer' (sinusoidal positions), 'transformer-rpe' (randomized positions), 'rnn' (Elman), 'lstm'. */
  kind: (typeof KIND_ORDER)[number];
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
  lstm: 'LSTM',
};
