// npm run train -- <run-id> [--backend webgpu|cpu] [--threads N] [--fma on|off|auto] [--steps N] [--resume]
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
import { gemmKernelName, useGemmKernel } from '../src/lib/train/cpu/wasm/gemm';
import { FmaUnavailableError, resolveGemmKernel, type GemmKernelName } from '../src/lib/train/cpu/wasm/fma';
import { enableRelaxedSimd } from '../src/lib/train/cpu/wasm/fma.node.ts';

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

/**
 * The CPU twin's matmul micro-kernel for this run (cpu/wasm/fma.ts). A new run: --fma (default off: the
 * shipped CPU runs were trained without fused multiply-add, and retraining one from step 0 reproduces
 * it). A resumed run: the kernel it recorded, since the other one rounds differently and the result
 * would no longer be the uninterrupted run's; an --fma that contradicts the record, or a recorded fused
 * kernel this machine cannot run, is refused.
 */
function chooseMatmulKernel(args: TrainArgs, recorded: GemmKernelName | null): GemmKernelName {
  const flag = (k: GemmKernelName) => (k === 'simd128-fma' ? '--fma on' : '--fma off');
  if (args.fma !== undefined && args.fma !== 'off') enableRelaxedSimd();
  if (args.fma === undefined && recorded === 'simd128-fma') enableRelaxedSimd();
  let wanted: 'simd128' | 'simd128-fma';
  try {
    wanted = args.fma !== undefined ? resolveGemmKernel(args.fma) : recorded === 'simd128-fma' ? resolveGemmKernel('on') : 'simd128';
  } catch (e) {
    if (!(e instanceof FmaUnavailableError)) throw e;
    throw new CliError(args.fma === undefined
      ? `${args.runId} was trained with fused multiply-add (its matmulKernel is simd128-fma) and ${e.message.replace(/: use .*$/, '')}: it cannot be continued bit for bit here`
      : e.message);
  }
  useGemmKernel(wanted);
  const now = gemmKernelName();
  if (recorded && now !== recorded) {
    throw new CliError(
      `${args.runId} was trained with the ${recorded} matmul kernel; ${args.fma !== undefined ? `--fma ${args.fma} gives ${now} here` : `this runtime has ${now}`}, ` +
        `which rounds differently, so the resumed run would not be the uninterrupted one. ` +
        `Resume ${recorded === 'scalar' ? 'on a runtime without WebAssembly SIMD' : `with ${flag(recorded)} (or without --fma)`}, or train it again from step 0`,
    );
  }
  return now;
}

async function main(args: TrainArgs): Promise<void> {
  const config = loadConfig(args.runId);
  if (args.dropState && config.task !== 'modadd') throw new CliError(`${args.runId} is a sequence run: its resume state is kept in .cache/train, never in models/`);
  if (args.fma !== undefined && config.task !== 'modadd') throw new CliError(`--fma is for modular-addition runs; ${args.runId} is a ${config.task} run (its CPU twin uses the plain kernel)`);
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
  const matmulKernel = args.backend === 'cpu' ? chooseMatmulKernel(args, args.resume ? writer.recordedMatmulKernel() : null) : null;
  // The CPU twin's products on args.threads threads: bit-identical to one thread, so a run may be
  // resumed with another count.
  startGemmThreads(args.threads);
  const session: TrainSession = await createSession(config, args.backend, state);
  const ckptSteps = new Set(checkpointSteps(config.checkpoints, config.steps));
  ckptSteps.add(totalSteps);
  writer.begin(args.resume, session.step, session.trainBitset, args.backend, matmulKernel);

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
