// Everything the trainer writes into models/<run-id>/, in one place: metrics
// lines, checkpoints (ONNX + analysis), resume state and the manifest that lists
// every file with its sha256. All writes are atomic (see files.ts).
import { existsSync, readFileSync, readdirSync, statSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cpus } from 'node:os';
import type { RunConfig } from '../../src/lib/train/run/config';
import { sha256File, writeAtomic } from './files';
import type { Weights } from '../../src/lib/analysis/types';
import type { EvalOutputs } from './session';
import { measure, exportOnnx, progressLosses, type LoggedMetrics } from './adapters';
import type { CheckpointAnalysis } from '../../src/lib/analysis/metrics';
import type { GemmKernelName } from '../../src/lib/train/cpu/wasm/fma';

const pad = (step: number): string => String(step).padStart(6, '0');

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export class RunWriter {
  private trainBitset: Uint8Array = new Uint8Array(0);
  private backend = '';
  /** The CPU twin's matmul micro-kernel (cpu/wasm/fma.ts), recorded so that --resume keeps it; null on WebGPU. */
  private matmulKernel: GemmKernelName | null = null;
  private metricsLines: string[] = [];
  private wallBefore = 0;

  /** Final-position logits of every logged step, kept outside models/ until finalize() needs them. */
  private readonly logitCache: string;

  constructor(
    readonly dir: string,
    readonly runId: string,
    readonly config: RunConfig,
    cacheRoot: string,
  ) {
    this.logitCache = join(cacheRoot, runId, 'logits');
  }

  private path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  hasManifest(): boolean {
    return existsSync(this.path('manifest.json'));
  }

  hasState(): boolean {
    return existsSync(this.path('state', 'latest.bin'));
  }

  /**
   * Delete a finished run's resume state (state/) and drop it from the manifest's file list; nothing else
   * changes. A run that is not finished keeps it: its state is what --resume continues from.
   */
  dropState(): void {
    const path = this.path('manifest.json');
    if (!existsSync(path)) throw new Error(`${path} does not exist: there is no run to drop the state of`);
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { status?: string; files?: { path: string }[] };
    if (manifest.status !== 'complete') throw new Error(`${this.runId} is not finished (status ${manifest.status}): its state is what --resume needs`);
    manifest.files = (manifest.files ?? []).filter((f) => !f.path.startsWith('state/'));
    writeAtomic(path, JSON.stringify(manifest, null, 1) + '\n');
    rmSync(this.path('state'), { recursive: true, force: true });
  }

  /**
   * The matmul micro-kernel the run in this folder was trained with, as its resume state (or else its
   * manifest) records it: 'simd128' for a CPU-twin run from before the choice was recorded (there was
   * only that kernel then), null for a WebGPU run or when nothing says.
   */
  recordedMatmulKernel(): GemmKernelName | null {
    const read = (path: string): { matmulKernel?: GemmKernelName; backend?: string } | null =>
      existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { matmulKernel?: GemmKernelName; backend?: string }) : null;
    const state = read(this.path('state', 'latest.json'));
    if (state?.matmulKernel) return state.matmulKernel;
    const m = read(this.path('manifest.json'));
    if (m?.matmulKernel) return m.matmulKernel;
    return m?.backend === 'cpu' ? 'simd128' : null;
  }

  readState(): Uint8Array {
    return new Uint8Array(readFileSync(this.path('state', 'latest.bin')));
  }

  /** Start writing. On resume, keep only metrics up to the resumed step (a killed run may have logged past its last state). */
  begin(resume: boolean, step: number, trainBitset: Uint8Array, backend: string, matmulKernel: GemmKernelName | null = null): void {
    this.trainBitset = trainBitset;
    this.backend = backend;
    this.matmulKernel = matmulKernel;
    const metricsPath = this.path('metrics.jsonl');
    if (resume && existsSync(metricsPath)) {
      this.metricsLines = readFileSync(metricsPath, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '' && (JSON.parse(line) as { step: number }).step <= step);
      if (this.hasManifest()) {
        const m = JSON.parse(readFileSync(this.path('manifest.json'), 'utf8')) as { wallSeconds?: number };
        this.wallBefore = m.wallSeconds ?? 0;
      }
      // Checkpoints past the resumed step belong to the killed attempt; the resumed run rewrites them.
      for (const sub of ['ckpt', 'analysis']) {
        if (!existsSync(this.path(sub))) continue;
        for (const f of readdirSync(this.path(sub))) {
          const s = Number(/step-(\d+)/.exec(f)?.[1]);
          if (Number.isFinite(s) && s > step) rmSync(this.path(sub, f));
        }
      }
      // The key frequencies of the latest checkpoint kept: finalize() needs them even if this attempt
      // writes no checkpoint (a run resumed at its last step only recomputes the progress measures).
      if (existsSync(this.path('analysis'))) {
        const last = readdirSync(this.path('analysis')).filter((f) => /^step-\d+\.json$/.test(f)).sort().at(-1);
        if (last) this.lastKeyFreqs = (JSON.parse(readFileSync(this.path('analysis', last), 'utf8')) as { keyFreqs: number[] }).keyFreqs;
      }
    } else {
      this.metricsLines = [];
      for (const sub of ['ckpt', 'analysis', 'state']) rmSync(this.path(sub), { recursive: true, force: true });
    }
    writeAtomic(metricsPath, this.metricsLines.map((l) => l + '\n').join(''));
  }

  /** Log one step's metrics; returns them with the checkpoint analysis of the same pass. */
  logMetrics(step: number, weights: Weights, out: EvalOutputs): LoggedMetrics & { analysis: CheckpointAnalysis } {
    const { metrics: m, analysis } = measure(weights, out, this.trainBitset);
    mkdirSync(this.logitCache, { recursive: true });
    writeFileSync(join(this.logitCache, `step-${pad(step)}.f32`), new Uint8Array(out.logits.buffer, out.logits.byteOffset, out.logits.byteLength));
    const line = JSON.stringify({ step, ...m });
    this.metricsLines.push(line);
    // Rewriting the whole file keeps it atomic; it is at most a few MB.
    writeAtomic(this.path('metrics.jsonl'), this.metricsLines.map((l) => l + '\n').join(''));
    return { ...m, analysis };
  }

  /** The key frequencies of the latest checkpoint written. */
  lastKeyFreqs: number[] = [];

  writeCheckpoint(step: number, weights: Weights, analysis: CheckpointAnalysis): void {
    writeAtomic(this.path('ckpt', `step-${pad(step)}.onnx`), exportOnnx(this.config, weights, { runId: this.runId, step: String(step) }));
    writeAtomic(this.path('analysis', `step-${pad(step)}.json`), JSON.stringify({ step, ...analysis }));
    this.lastKeyFreqs = analysis.keyFreqs;
  }

  /**
   * Restricted and excluded loss use the FINAL model's key frequencies at every step (as the paper
   * does), which are known only at the end: recompute them for every logged step whose logits are
   * cached. Steps without cached logits (a run resumed on another machine) keep the values computed
   * with the key frequencies detected at that step, and the manifest says how many were recomputed.
   */
  finalize(lossFreqs: number[]): { recomputed: number; logged: number } {
    let recomputed = 0;
    this.metricsLines = this.metricsLines.map((line) => {
      const m = JSON.parse(line) as { step: number; restrictedLoss: number; excludedLoss: number };
      const f = join(this.logitCache, `step-${pad(m.step)}.f32`);
      if (!existsSync(f)) return line;
      const buf = readFileSync(f);
      const logits = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      const l = progressLosses(this.config, logits, this.trainBitset, lossFreqs);
      recomputed++;
      return JSON.stringify({ ...m, restrictedLoss: l.restrictedLoss, excludedLoss: l.excludedLoss });
    });
    writeAtomic(this.path('metrics.jsonl'), this.metricsLines.map((l) => l + '\n').join(''));
    this.progressNote = { lossFreqs, recomputed, logged: this.metricsLines.length };
    return { recomputed, logged: this.metricsLines.length };
  }

  private progressNote: { lossFreqs: number[]; recomputed: number; logged: number } | null = null;

  writeState(state: Uint8Array, step: number): void {
    writeAtomic(this.path('state', 'latest.bin'), state);
    writeAtomic(this.path('state', 'latest.json'), JSON.stringify(this.matmulKernel ? { step, matmulKernel: this.matmulKernel } : { step }));
  }

  writeManifest(step: number, totalSteps: number, wallSeconds: number): void {
    const files: { path: string; sha256: string; bytes: number }[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d).sort()) {
        const full = join(d, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name !== 'manifest.json' && !name.endsWith('.tmp')) {
          files.push({ path: relative(this.dir, full), sha256: sha256File(full), bytes: statSync(full).size });
        }
      }
    };
    walk(this.dir);
    const checkpoints = files
      .filter((f) => f.path.startsWith('ckpt/'))
      .map((f) => Number(/step-(\d+)/.exec(f.path)?.[1]))
      .sort((a, b) => a - b)
      .map((s) => ({ step: s, onnx: `ckpt/step-${pad(s)}.onnx`, analysis: `analysis/step-${pad(s)}.json` }));
    const p = this.config.p;
    let nTrain = 0;
    for (let i = 0; i < p * p; i++) nTrain += (this.trainBitset[i >> 3] >> (i & 7)) & 1;
    const manifest = {
      schema: 1,
      runId: this.runId,
      title: this.config.title,
      description: this.config.description,
      config: this.config,
      status: step >= this.config.steps ? 'complete' : 'partial',
      step,
      targetSteps: totalSteps,
      wallSeconds: Math.round(this.wallBefore + wallSeconds),
      backend: this.backend,
      ...(this.matmulKernel ? { matmulKernel: this.matmulKernel } : {}),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
      command: `npm run train -- ${this.runId} --backend ${this.backend}${this.matmulKernel === 'simd128-fma' ? ' --fma on' : ''}`,
      progressMeasures: this.progressNote ?? { lossFreqs: null, note: 'run not finished: restricted/excluded loss use the key frequencies detected at each step' },
      split: { trainBitset: toBase64(this.trainBitset), nTrain, nTest: p * p - nTrain },
      files,
      checkpoints,
    };
    writeAtomic(this.path('manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  }
}
