// Command-line arguments of `npm run train -- <run-id> [--backend webgpu|cpu] [--threads N] [--fma on|off|auto] [--steps N] [--resume] [--drop-state]`.
import type { FmaChoice } from '../../src/lib/train/cpu/wasm/fma';

export type BackendName = 'webgpu' | 'cpu';

export interface TrainArgs {
  runId: string;
  backend: BackendName;
  /** Stop after this many total steps (default: the config's `steps`). */
  steps?: number;
  resume: boolean;
  /** Write into this folder instead of models/<run-id> (tests use it). */
  out?: string;
  quiet: boolean;
  /** Train nothing: delete a finished run's resume state and list it no more in its manifest. */
  dropState: boolean;
  /** Threads for the CPU twin's matmul (default 1); results are bit-identical for any count. */
  threads: number;
  /**
   * The CPU twin's matmul micro-kernel: fused multiply-add (relaxed-simd) on, off, or where available.
   * Undefined when not given: a new run then uses off, a resumed run the kernel its manifest records.
   */
  fma?: FmaChoice;
}

export class UsageError extends Error {}

const USAGE = 'usage: npm run train -- <run-id> [--backend webgpu|cpu] [--threads N] [--fma on|off|auto] [--steps N] [--resume] [--out DIR] [--quiet] [--drop-state]';

export function parseArgs(argv: string[]): TrainArgs {
  const positional: string[] = [];
  const args: Partial<TrainArgs> & { resume: boolean; quiet: boolean; dropState: boolean } = { resume: false, quiet: false, dropState: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value. ${USAGE}`);
      return v;
    };
    if (a === '--resume') args.resume = true;
    else if (a === '--quiet') args.quiet = true;
    else if (a === '--drop-state') args.dropState = true;
    else if (a === '--backend') {
      const b = value();
      if (b !== 'webgpu' && b !== 'cpu') throw new UsageError(`--backend must be webgpu or cpu, got '${b}'`);
      args.backend = b;
    } else if (a === '--steps') {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`--steps must be a non-negative integer, got '${v}'`);
      args.steps = n;
    } else if (a === '--threads') {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--threads must be a whole number from 1 to 64, got '${v}'`);
      args.threads = n;
    } else if (a === '--fma') {
      const v = value();
      if (v !== 'on' && v !== 'off' && v !== 'auto') throw new UsageError(`--fma must be on, off or auto, got '${v}'`);
      args.fma = v;
    } else if (a === '--out') args.out = value();
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}. ${USAGE}`);
    else positional.push(a);
  }
  if (args.dropState && (args.resume || args.steps !== undefined)) throw new UsageError(`--drop-state trains nothing: it takes no --resume or --steps. ${USAGE}`);
  if (args.threads !== undefined && args.threads > 1 && args.backend !== 'cpu') throw new UsageError(`--threads is for the CPU twin: add --backend cpu. ${USAGE}`);
  if (args.fma !== undefined && args.backend !== 'cpu') throw new UsageError(`--fma is for the CPU twin: add --backend cpu. ${USAGE}`);
  if (args.fma !== undefined && args.dropState) throw new UsageError(`--drop-state trains nothing: it takes no --fma. ${USAGE}`);
  if (positional.length !== 1) throw new UsageError(positional.length ? `expected one run id, got ${positional.join(' ')}. ${USAGE}` : USAGE);
  return { runId: positional[0], backend: args.backend ?? 'webgpu', steps: args.steps, resume: args.resume, out: args.out, quiet: args.quiet, dropState: args.dropState, threads: args.threads ?? 1, fma: args.fma };
}
