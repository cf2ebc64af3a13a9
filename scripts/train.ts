// npm run train -- <run-id> [--backend webgpu|cpu] [--threads N] [--steps N] [--resume]
// npm run train -- <run-id> --drop-state      (a finished run: delete its resume state, to ship it smaller)
//
// Trains one run from scripts/runs.json and writes into models/<run-id>/:
//   metrics.jsonl (one line per logged step), ckpt/step-XXXXXX.onnx,
//   analysis/step-XXXXXX.json, state/latest.bin (resume) and manifest.json
//   (config, files with sha256). Every file is written atomically. Bad input
//   (unknown run id, malformed config, unavailable backend) prints one line and
//   exits with code 2 before any file is touched.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, UsageError, type TrainArgs } from './train/args';
import { ConfigError, parseAnyRunConfig, type AnyRunConfig } from '../src/lib/train/run/config';
import { checkpointSteps, isLogStep } from '../src/lib/train/run/schedule';
import { ProgressBar } from './train/progress';
import { RunWriter } from './train/run-writer';
import { createSession, BackendUnavailableError } from './train/modadd-session';
import type { TrainSession } from './train/session';
import { startGemmThreads } from '../src/lib/train/cpu/wasm/gemm-pool.node.ts';

const ROOT = resolve(import.meta.dirname, '..');
// TRAIN_RUNS_FILE lets tests point the CLI at a config file of their own.
const RUNS_FILE = process.env.TRAIN_RUNS_FILE ?? join(ROOT, 'scripts', 'runs.json');

class CliError extends Error {}

function loadConfig(runId: string): AnyRunConfig {
  let all: unknown;
  try {
    all = JSON.parse(readFileSync(RUNS_FILE, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read ${RUNS_FILE}: ${(e as Error).message}`);
  }
  if (typeof all !== 'object' || all === null || Array.isArray(all)) throw new CliError(`${RUNS_FILE} must hold an object keyed by run id`);
  const runs = all as Record<string, unknown>;
  if (!(runId in runs) || runId.startsWith('$')) {
    const known = Object.keys(runs).filter((k) => !k.startsWith('$'));
    throw new CliError(`unknown run id '${runId}' (known: ${known.join(', ')})`);
  }
  return parseAnyRunConfig(runId, runs[runId]);
}

async function main(args: TrainArgs): Promise<void> {
  const config = loadConfig(args.runId);
  if (args.dropState && config.task !== 'modadd') throw new CliError(`${args.runId} is a sequence run: its resume state is kept in .cache/train, never in models/`);
  if (config.task === 'sequence') return (await import('./train/sequence-session')).runSequence(args, config, ROOT);
  if (config.task === 'deletang') return (await import('./train/deletang-session')).runDeletang(args, config, ROOT);
  const dir = resolve(args.out ?? join(ROOT, 'models', args.runId));
  const totalSteps = args.steps ?? config.steps;
  const writer = new RunWriter(dir, args.runId, config, join(ROOT, '.cache', 'train'));
  if (args.dropState) {
    try {
      writer.dropState();
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    if (!args.quiet) console.error(`${args.runId}: resume state deleted; to train it further, train it again from step 0`);
    return;
  }
  if (args.resume && !writer.hasState()) throw new CliError(`nothing to resume: ${join(dir, 'state', 'latest.bin')} does not exist`);
  if (!args.resume && writer.hasManifest()) {
    throw new CliError(`${dir} already holds a run; pass --resume to continue it, or delete the folder to start again`);
  }

  const state = args.resume ? writer.readState() : undefined;
  // The CPU twin's products on args.threads threads: bit-identical to one thread, so a run may be
  // resumed with another count.
  startGemmThreads(args.threads);
  const session: TrainSession = await createSession(config, args.backend, state);
  const ckptSteps = new Set(checkpointSteps(config.checkpoints, config.steps));
  ckptSteps.add(totalSteps);
  writer.begin(args.resume, session.step, session.trainBitset, args.backend);

  const bar = new ProgressBar(session.step, process.stderr, !args.quiet);
  let lastMetrics: { trainLoss?: number; testLoss?: number; testAcc?: number } = {};
  const t0 = performance.now();
  const stateEveryMs = 60_000;
  let lastStateSave = performance.now();

  const record = async (step: number): Promise<void> => {
    const wantLog = isLogStep(config.log, step, totalSteps);
    const wantCkpt = ckptSteps.has(step);
    if (!wantLog && !wantCkpt) return;
    const evalOut = await session.evaluateAllPairs();
    const weights = await session.weights();
    const m = writer.logMetrics(step, weights, evalOut);
    lastMetrics = m;
    if (wantCkpt) {
      writer.writeCheckpoint(step, weights, m.analysis);
      writer.writeState(await session.saveState(), step);
      lastStateSave = performance.now();
      writer.writeManifest(step, totalSteps, (performance.now() - t0) / 1000);
    }
  };

  if (session.step === 0) await record(0);
  while (session.step < totalSteps) {
    const loss = await session.trainStep();
    if (!Number.isFinite(loss)) throw new CliError(`training diverged at step ${session.step}: loss ${loss}`);
    const step = session.step;
    await record(step);
    if (performance.now() - lastStateSave > stateEveryMs) {
      writer.writeState(await session.saveState(), step);
      lastStateSave = performance.now();
    }
    bar.update({ step, total: totalSteps, trainLoss: lastMetrics.trainLoss ?? loss, testLoss: lastMetrics.testLoss, testAcc: lastMetrics.testAcc });
  }
  bar.update({ step: session.step, total: totalSteps, ...lastMetrics }, true);
  bar.done();
  writer.writeState(await session.saveState(), session.step);
  if (session.step >= config.steps && config.analysis === 'full') {
    const { recomputed, logged } = writer.finalize(writer.lastKeyFreqs);
    if (!args.quiet) console.error(`restricted/excluded loss recomputed with the final key frequencies [${writer.lastKeyFreqs.join(', ')}] at ${recomputed} of ${logged} logged steps`);
  }
  writer.writeManifest(session.step, totalSteps, (performance.now() - t0) / 1000);
  session.dispose();
  if (!args.quiet) console.error(`done: ${args.runId} at step ${session.step} in ${((performance.now() - t0) / 1000).toFixed(1)} s -> ${dir}`);
}

let args: TrainArgs;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`train: ${(e as Error).message}`);
  process.exit(2);
}
main(args).then(
  () => process.exit(0),
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof CliError || e instanceof BackendUnavailableError) {
      console.error(`train: ${(e as Error).message}`);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  },
);
