// `npm run train -- deletang-…`: trains one run of the Chomsky chapter's table (task "deletang") on the CPU
// twin until its accuracy on the training lengths stops improving, and writes models/<run-id>/:
//   metrics.jsonl  { step, trainLoss } every logEvery steps; { step, trainRangeAccuracy } at every check
//   model.onnx     the kept weights in fp16 (src/lib/train/onnx/sequence-export.ts; dynamic sequence axis)
//   curve.json     { trainMaxLen, evalMaxLen, perLength, evalSeed, points: [{ length, accuracy, n }] }:
//                  pooled per-token accuracy at each input length on the shared evaluation strings
//   manifest.json  { schema, runId, title, description, config, status, stopped, step, stoppedAt, trainRangeAccuracy,
//                  trainSeconds, evalSeconds, wallSeconds, backend, machine, files[sha256] }
// What ships is the state of the best check (highest accuracy on the training lengths: model selection
// that never looks at the longer test lengths); `step` is the step it was taken at, `stoppedAt` the last.
// Resume: the state and the metrics so far are saved together in .cache/train/<run-id>/ at every check
// (metrics first, then best.bin when the check is the best so far, then latest.bin; on resume the metrics
// are cut back to latest's step), so a killed run continues bit for bit. The stopping rule's memory (best
// accuracy, checks since) is rebuilt from the saved metrics.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { CpuBackend } from '../../src/lib/train/cpu/backend';
import { exportSequenceModel } from '../../src/lib/train/onnx/sequence-export';
import type { DeletangRunConfig } from '../../src/lib/train/run/config';
import { DeletangTrainer } from '../../src/lib/train/sequence/deletang-trainer';
import { DELETANG_EVAL_SEED } from '../../src/lib/tasks/deletang-batch';
import type { TrainArgs } from './args';
import { sha256Hex, writeAtomic } from './files';

/** A check must beat the best so far by this much to count as improving. */
const MIN_GAIN = 0.001;

interface Line {
  step: number;
  trainLoss?: number;
  trainRangeAccuracy?: number;
  /** Training seconds so far, summed over sessions (at checks). */
  seconds?: number;
}

/** Best training-range accuracy so far and the checks since it last rose by MIN_GAIN. */
function stoppingMemory(lines: Line[]): { best: number; since: number } {
  let best = -1;
  let since = 0;
  for (const l of lines) {
    if (l.trainRangeAccuracy === undefined) continue;
    if (l.trainRangeAccuracy >= best + MIN_GAIN) {
      best = l.trainRangeAccuracy;
      since = 0;
    } else since++;
  }
  return { best, since };
}

export async function runDeletang(args: TrainArgs, config: DeletangRunConfig, root: string): Promise<void> {
  const dir = args.out ?? join(root, 'models', args.runId);
  const cache = join(root, '.cache', 'train', args.runId);
  const statePath = join(cache, 'latest.bin');
  const bestPath = join(cache, 'best.bin');
  const cachedMetrics = join(cache, 'metrics.jsonl');
  if (!args.resume && existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`${dir} already holds a run; pass --resume to continue it, or delete the folder to start again`);
  }
  const maxSteps = args.steps ?? config.steps;
  const backend = new CpuBackend();
  const resuming = args.resume && existsSync(statePath);
  if (args.resume && !resuming && !args.quiet) console.error(`${args.runId}: no saved state, starting from step 0`);
  const trainer = resuming
    ? DeletangTrainer.fromState(new Uint8Array(readFileSync(statePath)).buffer as ArrayBuffer, backend)
    : DeletangTrainer.create(config, backend);
  const lines: Line[] = resuming && existsSync(cachedMetrics)
    ? readFileSync(cachedMetrics, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line).filter((l) => l.step <= trainer.stepCount)
    : [];
  let { best, since } = stoppingMemory(lines);
  // Seconds trained in earlier sessions: from the saved checks, else (runs finished before checks carried
  // them) from the shipped manifest.
  const manifestPath = join(dir, 'manifest.json');
  const earlier = [...lines].reverse().find((l) => l.seconds !== undefined)?.seconds
    ?? (resuming && existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { trainSeconds?: number }).trainSeconds ?? 0 : 0);
  const t0 = performance.now();
  const trainedSeconds = () => earlier + (performance.now() - t0) / 1000;
  let lastLog = performance.now();
  let window = 0;
  let count = 0;
  let stopped: 'plateau' | 'max-steps' | null = since >= config.stop.patience ? 'plateau' : null;
  while (!stopped && trainer.stepCount < maxSteps) {
    const loss = await trainer.step();
    if (!Number.isFinite(loss)) throw new Error(`training diverged at step ${trainer.stepCount}: loss ${loss}`);
    window += loss;
    count++;
    const step = trainer.stepCount;
    if (step % config.logEvery === 0) {
      lines.push({ step, trainLoss: window / count });
      window = 0;
      count = 0;
    }
    if (step % config.stop.every === 0) {
      const acc = await trainer.trainRangeAccuracy();
      lines.push({ step, trainRangeAccuracy: acc, seconds: Math.round(trainedSeconds() * 10) / 10 });
      const state = new Uint8Array(await trainer.saveState());
      writeAtomic(cachedMetrics, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      if (acc >= best + MIN_GAIN) {
        best = acc;
        since = 0;
        writeAtomic(bestPath, state);
      } else since++;
      if (since >= config.stop.patience) stopped = 'plateau';
      writeAtomic(statePath, state);
      if (!args.quiet && performance.now() - lastLog > 5000) {
        console.error(`${args.runId} step ${step}/${maxSteps} train-range accuracy ${acc.toFixed(3)} (best ${best.toFixed(3)}, ${since} checks since)`);
        lastLog = performance.now();
      }
    }
  }
  if (!stopped && trainer.stepCount >= config.steps) stopped = 'max-steps';
  const trainSeconds = trainedSeconds();
  const stoppedAt = trainer.stepCount;
  writeAtomic(cachedMetrics, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  writeAtomic(statePath, new Uint8Array(await trainer.saveState()));
  trainer.dispose();
  if (!existsSync(bestPath)) throw new Error(`${args.runId}: no check was made (stop.every ${config.stop.every} > ${stoppedAt} steps)`);
  const kept = DeletangTrainer.fromState(new Uint8Array(readFileSync(bestPath)).buffer as ArrayBuffer, new CpuBackend());

  const e0 = performance.now();
  const points = [];
  if (config.problem === 'parity-scratchpad') {
    // Every length from one batch at the longest (DeletangTrainer.scratchpadCurve: exact for a causal model).
    (await kept.scratchpadCurve()).forEach((accuracy, i) => points.push({ length: i + 1, accuracy, n: config.eval.perLength }));
  } else {
    for (let n = 1; n <= config.eval.maxLen; n++) points.push({ length: n, accuracy: await kept.accuracyAt(n), n: config.eval.perLength });
  }
  const evalSeconds = (performance.now() - e0) / 1000;
  const curve = { trainMaxLen: config.train.maxLen, evalMaxLen: config.eval.maxLen, perLength: config.eval.perLength, evalSeed: DELETANG_EVAL_SEED, points };
  // fp16 weights (cast to fp32 in the graph): half the bytes, within models/' budget; the curve above is the
  // engine's (fp32), and test/unit/shipped/deletang.test.ts scores these files against it.
  const onnx = exportSequenceModel(await kept.weights(), config.model, { runId: args.runId, step: String(kept.stepCount), problem: config.problem }, { weightType: 'float16' });
  const files: Record<string, string | Uint8Array> = {
    'metrics.jsonl': lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
    'model.onnx': onnx,
    'curve.json': JSON.stringify(curve, null, 1) + '\n',
  };
  for (const [name, data] of Object.entries(files)) writeAtomic(join(dir, name), data);
  const round1 = (s: number) => Math.round(s * 10) / 10;
  const manifest = {
    schema: 1, runId: args.runId, title: config.title, description: config.description, config,
    status: stopped ? 'complete' : 'partial', stopped, step: kept.stepCount, stoppedAt, trainRangeAccuracy: best,
    trainSeconds: round1(trainSeconds), evalSeconds: round1(evalSeconds), wallSeconds: round1((performance.now() - t0) / 1000), weightType: 'float16',
    backend: 'cpu', machine: `${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores, shared)`,
    files: Object.entries(files).map(([path, data]) => ({ path, sha256: sha256Hex(data), bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength })),
  };
  writeAtomic(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  kept.dispose();
  if (!args.quiet) console.error(`done: ${args.runId}: kept step ${kept.stepCount} of ${stoppedAt} (${stopped ?? 'partial'}) in ${manifest.wallSeconds} s -> ${dir}`);
}
