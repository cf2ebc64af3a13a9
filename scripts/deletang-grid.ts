// The Chomsky chapter's table as run configs: `npx tsx scripts/deletang-grid.ts --write` puts one entry per
// (task, architecture, seed) into scripts/runs.json (replacing the earlier deletang-* entries, keeping
// every other run), and `--list` prints the run ids in the order the queue trains them.
//
// Method (Delétang et al. 2023, scaled to two CPU cores): inputs of length 1..N with N = 10, one length per
// step drawn uniformly (their curriculum); scored at every input length 1..8N; three seeds per cell; Adam
// without weight decay, lr 1e-4 for transformers and 1e-3 for RNN and LSTM (both in their sweep of
// 1e-4..1e-3: at 1e-3 our transformer's training accuracy on parity swung between 62% and 86% and never
// settled; at 1e-4 it fit); batch 32 (theirs 128). Models are
// smaller than theirs (transformer: 2 layers, d_model 64, 4 heads, where they use 5 layers of 64 with 8;
// RNN and LSTM: 64 hidden units where they use 256). Training stops when the accuracy on the training
// lengths has not risen by 0.1 point in 8 checks 250 steps apart, or after 15,000 steps; the weights kept
// are those of the best check (model selection on the training lengths only, never on the longer ones).
// The scratchpad transformer (parity, its running parity handed back with each next bit) uses randomized
// positions: with sinusoidal ones it was exact up to length 10 and at chance from 11, the first position
// it had never seen (seed 1, tried and replaced).
import { readFileSync, writeFileSync } from 'node:fs';

export const N = 10;
export const TASK_IDS = ['parity-check', 'cycle-navigation', 'reverse-string', 'stack-manipulation', 'duplicate-string'] as const;
export const ARCHS = ['transformer', 'transformer-rpe', 'rnn', 'lstm'] as const;
export const SEEDS = [1, 2, 3] as const;

const NAMES: Record<string, string> = {
  'parity-check': 'parity check', 'cycle-navigation': 'cycle navigation', 'reverse-string': 'reverse string',
  'stack-manipulation': 'stack manipulation', 'duplicate-string': 'duplicate string', 'parity-scratchpad': 'parity with a scratchpad',
};

function model(arch: (typeof ARCHS)[number]) {
  if (arch === 'rnn') return { arch: 'rnn', d_hidden: 64 };
  if (arch === 'lstm') return { arch: 'lstm', d_hidden: 64, forgetBias: 1 };
  return { arch: 'transformer', d_model: 64, n_heads: 4, d_head: 16, d_mlp: 128, n_layers: 2, pe: arch === 'transformer' ? 'sinusoidal' : 'randomized', maxPositions: 512 };
}

const LABEL: Record<(typeof ARCHS)[number], string> = {
  transformer: 'Transformer (sinusoidal positions)', 'transformer-rpe': 'Transformer (randomized positions)', rnn: 'RNN', lstm: 'LSTM',
};

function entry(problem: string, arch: (typeof ARCHS)[number], seed: number) {
  const name = NAMES[problem];
  return {
    task: 'deletang',
    title: `${LABEL[arch]} on ${name}, seed ${seed}`,
    description: `Chomsky chapter table: ${LABEL[arch]} trained on ${name} (Delétang et al. 2023's format) with inputs of length 1-${N}, scored at lengths 1-${8 * N}.`,
    problem,
    seed,
    model: model(arch),
    train: { maxLen: N, batch: 32 },
    // The scratchpad answers one pass per input bit, so each length costs that many passes: 32 inputs a length.
    eval: { maxLen: 8 * N, perLength: problem === 'parity-scratchpad' ? 32 : 128 },
    stop: { every: 250, patience: 8 },
    optim: { lr: arch.startsWith('transformer') ? 1e-4 : 1e-3, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, warmupSteps: 0 },
    steps: 15000,
    logEvery: 50,
  };
}

export function gridIds(): string[] {
  const ids: string[] = [];
  for (const seed of SEEDS) {
    for (const t of TASK_IDS) for (const a of ARCHS) ids.push(`deletang-${t}-${a}-s${seed}`);
    ids.push(`deletang-parity-scratchpad-transformer-rpe-s${seed}`); // randomized positions: see below
  }
  return ids;
}

export function gridEntries(): Record<string, ReturnType<typeof entry>> {
  const out: Record<string, ReturnType<typeof entry>> = {};
  for (const id of gridIds()) {
    const m = /^deletang-(.+)-(transformer-rpe|transformer|rnn|lstm)-s(\d+)$/.exec(id)!;
    out[id] = entry(m[1], m[2] as (typeof ARCHS)[number], Number(m[3]));
  }
  return out;
}

if (process.argv[1]?.endsWith('deletang-grid.ts')) {
  if (process.argv.includes('--list')) console.log(gridIds().join('\n'));
  else if (process.argv.includes('--write')) {
    const path = new URL('./runs.json', import.meta.url);
    const text = readFileSync(path, 'utf8');
    const runs = JSON.parse(text) as Record<string, unknown>;
    if (Object.keys(runs).some((k) => k.startsWith('deletang-'))) {
      // Replace the earlier grid (this rewrites the whole file in JSON.stringify's layout).
      for (const k of Object.keys(runs)) if (k.startsWith('deletang-')) delete runs[k];
      writeFileSync(path, JSON.stringify({ ...runs, ...gridEntries() }, null, 2) + '\n');
    } else {
      // Append, leaving the other entries' layout as it is.
      const body = JSON.stringify(gridEntries(), null, 2).slice(1, -1).trimEnd();
      writeFileSync(path, text.trimEnd().replace(/\n}$/, `,${body}\n}\n`));
    }
    console.error(`wrote ${gridIds().length} deletang runs to scripts/runs.json`);
  } else console.error('usage: npx tsx scripts/deletang-grid.ts --write | --list');
}
