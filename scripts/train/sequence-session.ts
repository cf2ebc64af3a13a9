// `npm run train -- chomsky-…`: trains one sequence run (task "sequence") on the CPU twin and writes
// models/<run-id>/:
//   metrics.jsonl  { step, trainLoss } every logEvery steps
//   model.onnx     the final weights (src/lib/train/onnx/sequence-export.ts; dynamic sequence axis)
//   curve.json     { trainMaxLen, evalMaxLen, perLength, evalSeed, points: [{ length, accuracy, n }] }:
//                  accuracy at each length on the shared evaluation strings, measured by the trainer
//   manifest.json  { schema, runId, title, description, config, status, step, wallSeconds, backend, machine, files[sha256] }
// The resume state lives in .cache/train/<run-id>/latest.bin (not shipped). Every write is atomic.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { CpuBackend } from '../../src/lib/train/cpu/backend';
import { exportSequenceModel } from '../../src/lib/train/onnx/sequence-export';
import type { SequenceRunConfig } from '../../src/lib/train/run/config';
import { SequenceTrainer } from '../../src/lib/train/sequence/trainer';
import { EVAL_SEED } from '../../src/lib/tasks/sequence-eval';
import type { TrainArgs } from './args';
import { sha256Hex, writeAtomic } from './files';

export async function runSequence(args: TrainArgs, config: SequenceRunConfig, root: string): Promise<void> {
  const dir = args.out ?? join(root, 'models', args.runId);
  const statePath = join(root, '.cache', 'train', args.runId, 'latest.bin');
  if (!args.resume && existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`${dir} already holds a run; pass --resume to continue it, or delete the folder to start again`);
  }
  const totalSteps = args.steps ?? config.steps;
  const backend = new CpuBackend(); // tiny models: the CPU twin is the fastest here
  const trainer = args.resume && existsSync(statePath)
    ? SequenceTrainer.fromState(new Uint8Array(readFileSync(statePath)).buffer as ArrayBuffer, backend)
    : SequenceTrainer.create(config, backend);
  const metricsPath = join(dir, 'metrics.jsonl');
  let metrics = args.resume && existsSync(metricsPath) ? readFileSync(metricsPath, 'utf8') : '';
  const t0 = performance.now();
  let lastLog = performance.now();
  let window = 0;
  let count = 0;
  while (trainer.stepCount < totalSteps) {
    const loss = await trainer.step();
    if (!Number.isFinite(loss)) throw new Error(`training diverged at step ${trainer.stepCount}: loss ${loss}`);
    window += loss;
    count++;
    const step = trainer.stepCount;
    if (step % config.logEvery === 0 || step === totalSteps) {
      metrics += JSON.stringify({ step, trainLoss: window / count }) + '\n';
      window = 0;
      count = 0;
      if (!args.quiet && performance.now() - lastLog > 5000) {
        console.error(`${args.runId} step ${step}/${totalSteps} loss ${metrics.trimEnd().split('\n').pop()}`);
        lastLog = performance.now();
      }
    }
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  writeAtomic(statePath, new Uint8Array(await trainer.saveState()));
  const points = await trainer.accuracyCurve();
  const curve = { trainMaxLen: config.train.maxLen, evalMaxLen: config.eval.maxLen, perLength: config.eval.perLength, evalSeed: EVAL_SEED, points };
  const onnx = exportSequenceModel(await trainer.weights(), config.model, { runId: args.runId, step: String(trainer.stepCount) });
  const files: Record<string, string | Uint8Array> = {
    'metrics.jsonl': metrics,
    'model.onnx': onnx,
    'curve.json': JSON.stringify(curve, null, 1) + '\n',
  };
  for (const [name, data] of Object.entries(files)) writeAtomic(join(dir, name), data);
  const manifest = {
    schema: 1, runId: args.runId, title: config.title, description: config.description, config,
    status: trainer.stepCount >= config.steps ? 'complete' : 'partial', step: trainer.stepCount,
    wallSeconds: Math.round((performance.now() - t0) / 100) / 10, trainSeconds: Math.round(trainSeconds * 10) / 10,
    backend: 'cpu', machine: `${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores, shared)`,
    files: Object.entries(files).map(([path, data]) => ({ path, sha256: sha256Hex(data), bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength })),
  };
  writeAtomic(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  trainer.dispose();
  if (!args.quiet) console.error(`done: ${args.runId} at step ${trainer.stepCount} in ${manifest.wallSeconds} s -> ${dir}`);
}
