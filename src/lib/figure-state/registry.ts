// The figure registry: one entry per figure of the essay, keyed by a stable id.
//
// An id never changes once published: it is in links, embeds and citations readers have made.
// Each entry carries the figure's URL-state schema (fields below + the shared presentation
// fields `controls` and `caption`), where it lives in the essay, and how its embed page mounts
// it. Entries for figures not built yet are fine: `widget` names the file in src/widgets/, and
// the gallery and embed pages list only entries whose widget file exists (see widgets.ts).

import { bool, defineSchema, int, intList, number, oneOf, text, type Schema, type StateOf } from './schema';

/** Fields every figure has: a classroom can hide the controls and/or the caption text. */
export const presentation = defineSchema({
  controls: bool(true),
  caption: bool(true),
});
export type Presentation = StateOf<typeof presentation>;

export interface FigureEntry<S extends Schema = Schema> {
  readonly id: string;
  readonly title: string;
  /** Slug of the chapter the figure appears in (content/chapters/<slug>.mdx). */
  readonly chapter: string;
  /** One or two sentences: the gallery card, the embed page's description and og:description. */
  readonly description: string;
  /** The widget's file name in src/widgets/, without ".svelte". */
  readonly widget: string;
  /** Serializable props the embed page passes to the widget (the essay's MDX passes its own). */
  readonly props: Readonly<Record<string, string | number | boolean>>;
  /** Suggested iframe size in CSS pixels: the embed page's content fits it (test/browser/embed.test.ts measures it). */
  readonly embed: { readonly width: number; readonly height: number };
  readonly schema: S & typeof presentation;
}

const ID = /^[a-z][a-z0-9-]{1,40}$/;

function defineFigure<const S extends Schema>(
  entry: Omit<FigureEntry<S>, 'schema' | 'props' | 'embed'> & {
    schema: S;
    props?: FigureEntry['props'];
    embed?: FigureEntry['embed'];
  },
): FigureEntry<S> {
  if (!ID.test(entry.id)) throw new Error(`invalid figure id: ${JSON.stringify(entry.id)}`);
  for (const name of Object.keys(presentation)) {
    if (Object.hasOwn(entry.schema, name)) throw new Error(`invalid field ${name} in ${entry.id}: reserved`);
  }
  return Object.freeze({
    props: {},
    embed: { width: 720, height: 560 },
    ...entry,
    schema: defineSchema({ ...entry.schema, ...presentation }),
  });
}

// Upper bounds for the fields of figures that show a trained model: any run up to the paper's p = 113
// (our shipped main run has p = 113; the live-training figure's runs are smaller). The URL layer checks these bounds; each widget then reduces a and b
// mod its run's p and clamps k to its run's (p - 1)/2, so a link stays valid if the run is retrained.
const P = 113;
// The Chomsky table's tasks and architectures (src/lib/tasks/deletang-batch.ts PROBLEMS, src/lib/runs/deletang.ts
// ARCH_ORDER; a unit test keeps them equal), written out so figure links pull no task code into the page.
export const TABLE_PROBLEMS = ['parity-check', 'even-pairs', 'cycle-navigation', 'reverse-string', 'stack-manipulation', 'duplicate-string', 'binary-addition', 'parity-scratchpad'] as const;
export const TABLE_ARCHS = ['transformer', 'transformer-rpe', 'rnn', 'lstm'] as const;
/** The live probe's longest input: 16× the table's training lengths, and within every model's 512 positions
 * (duplicate string reads 3n tokens, the scratchpad 2n). */
const PROBE_MAX_LEN = 160;
const K_MAX = (P - 1) / 2;
const STEP_MAX = 1_000_000;
// The Chomsky chapter's strings: the longest the models were evaluated on (LengthProbe's MAX).
const CHOMSKY_MAX_LEN = 64;

export const figures = {
  clock: defineFigure({
    id: 'clock',
    title: 'Addition as two rotations',
    chapter: '01-memorization',
    description: 'Adding a and b mod p is turning a clock with p positions by a, then by b: past a full turn, the hand wraps around.',
    widget: 'ModularClock',
    embed: { width: 680, height: 480 },
    // p is the clock's size, a prop of the widget (not reader state); defaults match the widget's.
    schema: { a: int(0, P - 1, 71), b: int(0, P - 1, 65) },
  }),
  'training-timeline': defineFigure({
    id: 'training-timeline',
    title: 'Training, step by step',
    chapter: '01-memorization',
    description: 'Train and test loss and accuracy over training; scrub the current step to move every figure of the page with it.',
    widget: 'TrainingTimeline',
    embed: { width: 760, height: 520 },
    // x: the step axis; the toggles add curves (defaults match the widget's props).
    schema: {
      step: int(0, STEP_MAX, 0),
      x: oneOf(['linear', 'log'], 'linear'),
      restricted: bool(false),
      excluded: bool(false),
      norm: bool(false),
      acc: bool(false),
    },
  }),
  'pairs-grid': defineFigure({
    id: 'pairs-grid',
    title: 'Every pair (a, b)',
    chapter: '01-memorization',
    description: 'All p × p inputs: which were seen in training and which the model gets right at the current step. Select a cell to inspect it.',
    widget: 'PairsGrid',
    embed: { width: 640, height: 900 },
    schema: {
      step: int(0, STEP_MAX, 0),
      a: int(-1, P - 1, -1), // -1: no cell selected
      b: int(-1, P - 1, -1),
      view: oneOf(['split', 'correct'], 'correct'),
    },
  }),
  'ask-model': defineFigure({
    id: 'ask-model',
    title: 'Ask the model',
    chapter: '01-memorization',
    description: 'Choose a and b and see what the trained transformer answers at a chosen step, with its confidence over all p answers.',
    widget: 'AskModel',
    embed: { width: 640, height: 520 },
    schema: { a: int(0, P - 1, 12), b: int(0, P - 1, 5), step: int(0, STEP_MAX, 0) },
  }),
  rotations: defineFigure({
    id: 'rotations',
    title: 'Addition as rotation',
    chapter: '02-algorithm',
    description: 'Embed a and b as rotations of the unit circle at frequency k; composing the rotations adds the angles.',
    widget: 'Rotations',
    embed: { width: 640, height: 990 },
    schema: { a: int(0, P - 1, 12), b: int(0, P - 1, 105), k: int(1, K_MAX, 14) },
  }),
  'trig-steps': defineFigure({
    id: 'trig-steps',
    title: 'The identities, with your numbers',
    chapter: '02-algorithm',
    description: 'The product identities that turn the angles of a and b into the angle of a + b, evaluated step by step for a chosen a, b and frequency k.',
    widget: 'TrigSteps',
    embed: { width: 680, height: 960 },
    schema: { line: int(1, 5, 1) }, // a, b, k are the rotations figure's (shared on the page)
  }),
  'logit-curve': defineFigure({
    id: 'logit-curve',
    title: 'The logit curve',
    chapter: '02-algorithm',
    description: 'cos(w(a+b−c)) over every answer c for each key frequency and their sum, which peaks sharply at (a+b) mod p, beside the real model\'s logits.',
    widget: 'LogitCurve',
    embed: { width: 760, height: 580 },
    schema: { step: int(0, STEP_MAX, 0), model: bool(true) },
  }),
  'neuron-heatmaps': defineFigure({
    id: 'neuron-heatmaps',
    title: 'Neurons that each know one frequency',
    chapter: '02-algorithm',
    description: 'Activations of a few MLP neurons over all pairs (a, b), computed live from a checkpoint, with each neuron\'s 2-D Fourier power.',
    widget: 'NeuronHeatmaps',
    embed: { width: 760, height: 840 },
    schema: { step: int(0, STEP_MAX, 0) },
  }),
  'fourier-spectrum': defineFigure({
    id: 'fourier-spectrum',
    title: 'The embedding in the Fourier basis',
    chapter: '02-algorithm',
    description: 'The norm of each Fourier frequency in the embedding and the neuron-to-logit map: a few key frequencies stand out.',
    widget: 'FourierSpectrum',
    embed: { width: 760, height: 560 },
    schema: { step: int(0, STEP_MAX, 0), matrix: oneOf(['we', 'wl'], 'we') },
  }),
  'progress-measures': defineFigure({
    id: 'progress-measures',
    title: 'Progress measures',
    chapter: '03-circuit-formation',
    description: 'Restricted and excluded loss, weight norm and Gini over training: the circuit forms long before test loss falls.',
    widget: 'ProgressMeasures',
    embed: { width: 760, height: 710 },
    schema: {
      step: int(0, STEP_MAX, 0),
      freqs: intList({ min: 1, max: K_MAX, maxLength: K_MAX }, []), // empty: the run's key frequencies
    },
  }),
  seeds: defineFigure({
    id: 'seeds',
    title: 'Three seeds, one mechanism',
    chapter: '03-circuit-formation',
    description: 'The main run\'s setup trained from three seeds: the same three phases each time, a different handful of key frequencies.',
    widget: 'SeedsCompare',
    embed: { width: 900, height: 520 },
    schema: {}, // drawn at build time: only the shared presentation fields
  }),
  'weight-decay': defineFigure({
    id: 'weight-decay',
    title: 'What weight decay does',
    chapter: '04-cleanup',
    description: 'Runs that differ only in weight decay: without it the model memorizes and stays there.',
    widget: 'WeightDecayCompare',
    embed: { width: 760, height: 480 },
    schema: { step: int(0, STEP_MAX, 0), y: oneOf(['loss', 'norm', 'acc'], 'loss') },
  }),
  'data-fraction': defineFigure({
    id: 'data-fraction',
    title: 'How much data it takes',
    chapter: '04-cleanup',
    description: 'Runs trained on different fractions of all pairs: the less data, the later the model groks.',
    widget: 'DataFraction',
    embed: { width: 760, height: 660 },
    schema: { frac: number(0.05, 1, 0.3), paper: bool(true) },
  }),
  'train-live': defineFigure({
    id: 'train-live',
    title: 'Train it yourself',
    chapter: '04-cleanup',
    description: 'Train a small transformer on addition mod p in your browser (WebGPU, or the CPU in a worker) and watch it memorize, then grok.',
    widget: 'TrainLive',
    embed: { width: 760, height: 990 },
    // The reader's settings; defaults are the shipped run tiny-live (p must be one of the widget's primes).
    schema: {
      p: int(13, 59, 47), trainFrac: number(0.1, 0.9, 0.5), weightDecay: number(0, 10, 1), lr: number(0.0001, 0.1, 0.003),
      seed: int(0, 999_999, 0), size: oneOf(['tiny', 'small'], 'tiny'),
    },
  }),
  'chomsky-levels': defineFigure({
    id: 'chomsky-levels',
    title: 'The Chomsky hierarchy',
    chapter: '05-chomsky',
    description: 'Each level of the Chomsky hierarchy with the machine that recognizes it, an example language, and the tasks Delétang et al. placed there.',
    widget: 'ChomskyLevels',
    embed: { width: 720, height: 600 },
    schema: {}, // a static diagram: only the shared presentation fields
  }),
  'length-probe': defineFigure({
    id: 'length-probe',
    title: 'Every prefix, every model',
    chapter: '05-chomsky',
    description: 'Type brackets and watch two trained transformers and an RNN judge whether every prefix is balanced, past the lengths they saw in training (Dyck-1, not one of Delétang et al.\'s tasks).',
    widget: 'LengthProbe',
    embed: { width: 900, height: 480 },
    // The typed string, in either language's symbols (the widget reads 0/( as 0 and 1/) as 1, so
    // a string written for one language still means the same tokens in the other).
    schema: {
      lang: oneOf(['parity', 'dyck1'], 'dyck1'),
      text: text({ alphabet: '01()', maxLength: CHOMSKY_MAX_LEN }, '(()(()))()((()())(()))(())'),
    },
  }),
  'length-curve': defineFigure({
    id: 'length-curve',
    title: 'Accuracy against length',
    chapter: '05-chomsky',
    description: 'Accuracy at each string length for the balanced-bracket models, measured live in the page on fresh strings beside what the trainer measured.',
    widget: 'LengthCurve',
    embed: { width: 760, height: 590 },
    schema: { lang: oneOf(['parity', 'dyck1'], 'dyck1') },
  }),
  'task-probe': defineFigure({
    id: 'task-probe',
    title: 'Every task, every model, any length',
    chapter: '05-chomsky',
    description: 'Type or generate an input for a task of the Chomsky table and watch a transformer (two kinds of positions), an RNN and an LSTM answer it live; a length slider shows where each breaks.',
    widget: 'TaskProbe',
    embed: { width: 900, height: 640 },
    // The task, the typed input (one key per token: src/lib/tasks/deletang-keys.ts) and the slider's length.
    schema: {
      task: oneOf(TABLE_PROBLEMS.filter((p) => p !== 'parity-scratchpad'), 'parity-check'),
      text: text({ alphabet: '01lsrpab.', maxLength: PROBE_MAX_LEN }, '1011010011'), // src/lib/tasks/deletang-keys.ts ALL_KEYS
      length: int(1, PROBE_MAX_LEN, 40),
    },
  }),
  'scratchpad-compare': defineFigure({
    id: 'scratchpad-compare',
    title: 'A transformer that writes its work down',
    chapter: '05-chomsky',
    description: 'Parity check: the plain transformer beside the same transformer trained to write its running parity after every bit, accuracy at every input length up to eight times the longest trained.',
    widget: 'ScratchpadCompare',
    embed: { width: 720, height: 480 },
    schema: {}, // a static chart: only the shared presentation fields
  }),
  'chomsky-table': defineFigure({
    id: 'chomsky-table',
    title: 'Their table and ours',
    chapter: '05-chomsky',
    description: 'Delétang et al.\'s table in miniature: five tasks, four architectures, three seeds each, trained here and tested on inputs up to 8× longer, beside the paper\'s scores.',
    widget: 'DeletangTable',
    embed: { width: 960, height: 1240 },
    // The selected cell: its curve shows below the table.
    schema: { task: oneOf(TABLE_PROBLEMS, 'parity-check'), arch: oneOf(TABLE_ARCHS, 'transformer') },
  }),
} as const satisfies Record<string, FigureEntry>;

export type FigureId = keyof typeof figures;
export type FigureSchema<Id extends FigureId> = (typeof figures)[Id]['schema'];
export type FigureState<Id extends FigureId> = StateOf<FigureSchema<Id>>;

export const figureIds = Object.keys(figures) as FigureId[];

/** Lookup by an untrusted string (e.g. a route parameter): only own keys, so "__proto__" misses. */
export function getFigure(id: string): FigureEntry | undefined {
  return Object.hasOwn(figures, id) ? (figures as Record<string, FigureEntry>)[id] : undefined;
}

export function isFigureId(id: string): id is FigureId {
  return Object.hasOwn(figures, id);
}
