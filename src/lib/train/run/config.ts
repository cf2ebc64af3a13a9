// Run configs: the one committed place is scripts/runs.json, keyed by run id.
// This module validates one entry and says exactly which field is wrong, so a
// bad config fails before any file is touched (see scripts/train.ts).
import { PROBLEMS, sequenceLength, type Problem } from '../../tasks/deletang-batch';

/** The modular-addition transformer's sizes, as in a run config's "model" (models/transformer.ts builds it). */
interface ModelConfig {
  d_model: number;
  n_heads: number;
  d_head: number;
  d_mlp: number;
  n_ctx: number;
  /**
   * W_U's columns: p (the p answers; the paper's model as the essay describes it) or p + 1 (also '=', as
   * the paper's public code trains; the runs trained before the p = 113 main run). Default p + 1.
   */
  d_vocab_out?: number;
}

/** AdamW + warm-up settings, as in a run config's "optim" (optim.ts). */
export interface OptimConfig {
  lr: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Linear warm-up length (PyTorch LambdaLR min(t/warmupSteps, 1), t = updates already taken). 0 = none. */
  warmupSteps: number;
}

/** Which steps get a full checkpoint (ONNX + analysis + resume state). */
export type CheckpointSchedule = number[] | { every: number } | { log: number; linear: number };

/** Log every `every` steps; every `early.every` steps up to `early.until` (finer early, where things move fast). */
export interface LogSchedule {
  every: number;
  early?: { until: number; every: number };
}

interface ModAddRunConfig {
  task: 'modadd';
  title: string;
  description: string;
  p: number;
  trainFrac: number;
  seed: number;
  model: ModelConfig;
  optim: OptimConfig;
  steps: number;
  log: LogSchedule;
  checkpoints: CheckpointSchedule;
  /** Which analysis the run logs: 'full' (progress measures) or 'basic' (losses, accuracy, weight norm). */
  analysis?: 'full' | 'basic';
}

/** The sequence models of the Chomsky chapter (src/lib/train/sequence). */
export type SequenceModelConfig =
  | {
      arch: 'transformer';
      d_model: number;
      n_heads: number;
      d_head: number;
      d_mlp: number;
      n_layers: number;
      /** How positions are encoded: fixed sinusoids at 0..L-1, or Ruoss et al.'s randomized subset of 0..maxPositions-1. */
      pe: 'sinusoidal' | 'randomized';
      /** Rows of the sinusoid table; every evaluated length must fit. */
      maxPositions: number;
    }
  | { arch: 'rnn'; d_hidden: number }
  /** PyTorch's nn.LSTM, one layer (models/lstm.ts); `forgetBias` is added to the forget gate's bias at
   * init (Haiku's hk.LSTM, which Delétang et al. used, adds a constant 1 there). */
  | { arch: 'lstm'; d_hidden: number; forgetBias?: number };

export interface SequenceRunConfig {
  task: 'sequence';
  title: string;
  description: string;
  language: 'parity' | 'dyck1';
  seed: number;
  model: SequenceModelConfig;
  /** Training strings have length `maxLen` (every prefix is labelled, so lengths 1..maxLen are all trained). */
  train: { maxLen: number; batch: number };
  /** The accuracy-by-length curve: lengths 1..maxLen, `perLength` fresh strings each. */
  eval: { maxLen: number; perLength: number };
  optim: OptimConfig;
  steps: number;
  logEvery: number;
}

/**
 * A run of the Chomsky chapter's table (src/lib/train/sequence/deletang-trainer.ts): one task of Delétang et
 * al. (2023) in their format (src/lib/tasks/deletang-batch.ts), trained on input lengths 1..train.maxLen
 * (one length per step, uniform, as their curriculum) and scored at every length 1..eval.maxLen.
 */
export interface DeletangRunConfig {
  task: 'deletang';
  title: string;
  description: string;
  problem: Problem;
  seed: number;
  model: SequenceModelConfig;
  train: { maxLen: number; batch: number };
  eval: { maxLen: number; perLength: number };
  /** Training stops when the accuracy on lengths 1..train.maxLen (the evaluation strings there) has not
   * risen by 0.001 over `patience` checks made every `every` steps, or at `steps`. */
  stop: { every: number; patience: number };
  optim: OptimConfig;
  /** The most steps a run may take. */
  steps: number;
  logEvery: number;
}

/**
 * What the training engine (ModAddTrainer) reads of a modular-addition run config: a parsed RunConfig
 * fits, and so does the page's live trainer's config (browser/config.ts), which has nothing else.
 */
export type TrainConfig = Pick<ModAddRunConfig, 'task' | 'p' | 'trainFrac' | 'seed' | 'model' | 'optim'>;

/** What the modular-addition pipeline (RunWriter, sessions, site) reads. */
export type RunConfig = ModAddRunConfig;
/** Every kind of run in scripts/runs.json, discriminated by `task` (parseAnyRunConfig). */
export type AnyRunConfig = ModAddRunConfig | SequenceRunConfig | DeletangRunConfig;

/**
 * A config field that fails its rule. Of a run in scripts/runs.json: "invalid config for run '<id>': <field> <problem>";
 * of a config handed to the engine (runId null, validateTrainConfig): "invalid <field>: <value> (<problem>)".
 */
export class ConfigError extends Error {
  constructor(
    readonly runId: string | null,
    readonly field: string,
    readonly problem: string,
    readonly value?: unknown,
  ) {
    super(runId === null ? `invalid ${field}: ${show(value)} (${problem})` : `invalid config for run '${runId}': ${field} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Json = unknown;

function isObject(x: Json): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function show(x: Json): string {
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 40 ? s.slice(0, 37) + '...' : s;
}

class Reader {
  constructor(
    readonly runId: string | null,
    readonly path: string,
    readonly obj: Record<string, Json>,
  ) {}

  fail(field: string, problem: string): never {
    throw new ConfigError(this.runId, this.path ? `${this.path}.${field}` : field, problem, this.obj[field]);
  }

  number(field: string, check: { min?: number; max?: number; int?: boolean; minExclusive?: number } = {}): number {
    const v = this.obj[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(field, `must be a finite number, got ${show(v)}`);
    if (check.int && !Number.isInteger(v)) this.fail(field, `must be an integer, got ${show(v)}`);
    if (check.min !== undefined && v < check.min) this.fail(field, `must be >= ${check.min}, got ${v}`);
    if (check.minExclusive !== undefined && v <= check.minExclusive) this.fail(field, `must be > ${check.minExclusive}, got ${v}`);
    if (check.max !== undefined && v > check.max) this.fail(field, `must be <= ${check.max}, got ${v}`);
    return v;
  }

  int(field: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    return this.number(field, { min, max, int: true });
  }

  string(field: string): string {
    const v = this.obj[field];
    if (typeof v !== 'string' || v.length === 0) this.fail(field, `must be a non-empty string, got ${show(v)}`);
    return v;
  }

  child(field: string): Reader {
    const v = this.obj[field];
    if (!isObject(v)) this.fail(field, `must be an object, got ${show(v)}`);
    return new Reader(this.runId, this.path ? `${this.path}.${field}` : field, v);
  }

  has(field: string): boolean {
    return this.obj[field] !== undefined;
  }

  noExtra(allowed: string[]): void {
    for (const key of Object.keys(this.obj)) {
      if (!allowed.includes(key)) this.fail(key, `is not a known field (known: ${allowed.join(', ')})`);
    }
  }
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

function readCheckpoints(r: Reader, steps: number): CheckpointSchedule {
  const v = r.obj.checkpoints;
  if (Array.isArray(v)) {
    v.forEach((s, i) => {
      if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > steps) {
        r.fail(`checkpoints[${i}]`, `must be an integer step in [0, ${steps}], got ${show(s)}`);
      }
    });
    return v as number[];
  }
  const c = r.child('checkpoints');
  if (c.has('every')) {
    c.noExtra(['every']);
    return { every: c.int('every', 1) };
  }
  c.noExtra(['log', 'linear']);
  return { log: c.int('log', 0, 10_000), linear: c.int('linear', 0, 10_000) };
}

function readTask(r: Reader): void {
  if (r.obj.task !== 'modadd') r.fail('task', `must be "modadd", got ${show(r.obj.task)}`);
}

function readP(r: Reader): number {
  const p = r.int('p', 3, 1000);
  if (!isPrime(p)) r.fail('p', `must be a prime (the Fourier analysis assumes Z_p is a field), got ${p}`);
  return p;
}

function readTrainFrac(r: Reader): number {
  return r.number('trainFrac', { minExclusive: 0, max: 1 });
}

function readSeed(r: Reader): number {
  return r.int('seed', 0, 2 ** 32 - 1);
}

function readModel(r: Reader, p: number): ModelConfig {
  const m = r.child('model');
  m.noExtra(['d_model', 'n_heads', 'd_head', 'd_mlp', 'n_ctx', 'd_vocab_out']);
  const model: ModelConfig = {
    d_model: m.int('d_model', 1, 4096),
    n_heads: m.int('n_heads', 1, 64),
    d_head: m.int('d_head', 1, 4096),
    d_mlp: m.int('d_mlp', 1, 16384),
    n_ctx: m.int('n_ctx', 3, 3),
  };
  if (m.has('d_vocab_out')) model.d_vocab_out = m.int('d_vocab_out', p, p + 1);
  return model;
}

/**
 * Check what the engine reads of a modular-addition config (ModAddTrainer: task, p, trainFrac, seed, model,
 * optim) by the same rules as parseRunConfig; other fields are not looked at. Throws ConfigError
 * "invalid <field>: <value> (<problem>)".
 */
export function validateTrainConfig(c: TrainConfig): void {
  if (!isObject(c)) throw new ConfigError(null, '(root)', 'must be an object', c);
  const r = new Reader(null, '', c as unknown as Record<string, Json>);
  readTask(r);
  const p = readP(r);
  readTrainFrac(r);
  readSeed(r);
  readModel(r, p);
  readOptim(r);
}

/** Validate one run config read from JSON; throws ConfigError naming the field. */
export function parseRunConfig(runId: string, raw: Json): RunConfig {
  if (!isObject(raw)) throw new ConfigError(runId, '(root)', `must be an object, got ${show(raw)}`);
  const r = new Reader(runId, '', raw);
  r.noExtra(['task', 'title', 'description', 'p', 'trainFrac', 'seed', 'model', 'optim', 'steps', 'log', 'checkpoints', 'analysis']);
  readTask(r);
  const p = readP(r);
  const model = readModel(r, p);
  const optim = readOptim(r);
  const steps = r.int('steps', 1, 10_000_000);
  const l = r.child('log');
  l.noExtra(['every', 'early']);
  const log: LogSchedule = { every: l.int('every', 1) };
  if (l.has('early')) {
    const e = l.child('early');
    e.noExtra(['until', 'every']);
    log.early = { until: e.int('until', 0), every: e.int('every', 1) };
  }
  const rawAnalysis = raw.analysis;
  if (rawAnalysis !== undefined && rawAnalysis !== 'full' && rawAnalysis !== 'basic') {
    r.fail('analysis', `must be "full" or "basic", got ${show(rawAnalysis)}`);
  }
  const analysis: 'full' | 'basic' = rawAnalysis === 'basic' ? 'basic' : 'full';
  return {
    task: 'modadd',
    title: r.string('title'),
    description: r.string('description'),
    p,
    trainFrac: readTrainFrac(r),
    seed: readSeed(r),
    model,
    optim,
    steps,
    log,
    checkpoints: readCheckpoints(r, steps),
    analysis,
  };
}

/** Any run config, by its `task`: "modadd" (parseRunConfig) or "sequence" (the Chomsky chapter). */
export function parseAnyRunConfig(runId: string, raw: Json): AnyRunConfig {
  if (isObject(raw) && raw.task === 'sequence') return parseSequenceConfig(new Reader(runId, '', raw));
  if (isObject(raw) && raw.task === 'deletang') return parseDeletangConfig(new Reader(runId, '', raw));
  if (isObject(raw) && raw.task !== 'modadd') throw new ConfigError(runId, 'task', `must be "modadd", "sequence" or "deletang", got ${show(raw.task)}`);
  return parseRunConfig(runId, raw);
}

function readOptim(r: Reader): OptimConfig {
  const o = r.child('optim');
  o.noExtra(['lr', 'weightDecay', 'beta1', 'beta2', 'eps', 'warmupSteps']);
  return {
    lr: o.number('lr', { minExclusive: 0, max: 10 }),
    weightDecay: o.number('weightDecay', { min: 0, max: 100 }),
    beta1: o.number('beta1', { min: 0, max: 0.999999 }),
    beta2: o.number('beta2', { min: 0, max: 0.999999 }),
    eps: o.number('eps', { minExclusive: 0, max: 1 }),
    warmupSteps: o.int('warmupSteps', 0, 1_000_000),
  };
}

function oneOf<T extends string>(r: Reader, field: string, allowed: readonly T[]): T {
  const v = r.obj[field];
  if (!allowed.includes(v as T)) r.fail(field, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${show(v)}`);
  return v as T;
}

/** A sequence model; a transformer's sinusoid table must have a row for each of `longest` positions. */
function readSequenceModel(m: Reader, arch: SequenceModelConfig['arch'], longest: number, what: string): SequenceModelConfig {
  if (arch === 'rnn') {
    m.noExtra(['arch', 'd_hidden']);
    return { arch, d_hidden: m.int('d_hidden', 1, 1024) };
  }
  if (arch === 'lstm') {
    m.noExtra(['arch', 'd_hidden', 'forgetBias']);
    const lstm: SequenceModelConfig = { arch, d_hidden: m.int('d_hidden', 1, 1024) };
    if (m.has('forgetBias')) lstm.forgetBias = m.number('forgetBias', { min: -10, max: 10 });
    return lstm;
  }
  m.noExtra(['arch', 'd_model', 'n_heads', 'd_head', 'd_mlp', 'n_layers', 'pe', 'maxPositions']);
  const model: SequenceModelConfig = {
    arch,
    d_model: m.int('d_model', 2, 1024),
    n_heads: m.int('n_heads', 1, 64),
    d_head: m.int('d_head', 1, 1024),
    d_mlp: m.int('d_mlp', 1, 8192),
    n_layers: m.int('n_layers', 1, 16),
    pe: oneOf(m, 'pe', ['sinusoidal', 'randomized'] as const),
    maxPositions: m.int('maxPositions', 1, 65_536),
  };
  if (model.d_model % 2 !== 0) m.fail('d_model', `must be even (sinusoid pairs), got ${model.d_model}`);
  if (model.maxPositions < longest) m.fail('maxPositions', `must be >= ${what} (${longest}), got ${model.maxPositions}`);
  return model;
}

function parseDeletangConfig(r: Reader): DeletangRunConfig {
  r.noExtra(['task', 'title', 'description', 'problem', 'seed', 'model', 'train', 'eval', 'stop', 'optim', 'steps', 'logEvery']);
  const problem = oneOf(r, 'problem', PROBLEMS);
  const m = r.child('model');
  const arch = oneOf(m, 'arch', ['transformer', 'rnn', 'lstm'] as const);
  if (problem === 'parity-scratchpad' && arch !== 'transformer') m.fail('arch', `must be "transformer" for the scratchpad, got "${arch}"`);
  const t = r.child('train');
  t.noExtra(['maxLen', 'batch']);
  const train = { maxLen: t.int('maxLen', 1, 256), batch: t.int('batch', 1, 4096) };
  const e = r.child('eval');
  e.noExtra(['maxLen', 'perLength']);
  const evalCfg = { maxLen: e.int('maxLen', train.maxLen, 1024), perLength: e.int('perLength', 1, 100_000) };
  const model = readSequenceModel(m, arch, sequenceLength(problem, evalCfg.maxLen), 'the longest evaluated sequence');
  const st = r.child('stop');
  st.noExtra(['every', 'patience']);
  const stop = { every: st.int('every', 1), patience: st.int('patience', 1, 10_000) };
  return {
    task: 'deletang',
    title: r.string('title'),
    description: r.string('description'),
    problem,
    seed: r.int('seed', 0, 2 ** 32 - 1),
    model,
    train,
    eval: evalCfg,
    stop,
    optim: readOptim(r),
    steps: r.int('steps', 1, 10_000_000),
    logEvery: r.int('logEvery', 1),
  };
}

function parseSequenceConfig(r: Reader): SequenceRunConfig {
  r.noExtra(['task', 'title', 'description', 'language', 'seed', 'model', 'train', 'eval', 'optim', 'steps', 'logEvery']);
  const language = oneOf(r, 'language', ['parity', 'dyck1'] as const);
  const m = r.child('model');
  const arch = oneOf(m, 'arch', ['transformer', 'rnn', 'lstm'] as const);
  const t = r.child('train');
  t.noExtra(['maxLen', 'batch']);
  const train = { maxLen: t.int('maxLen', 2, 256), batch: t.int('batch', 1, 4096) };
  const e = r.child('eval');
  e.noExtra(['maxLen', 'perLength']);
  const evalCfg = { maxLen: e.int('maxLen', train.maxLen, 1024), perLength: e.int('perLength', 4, 100_000) };
  const model = readSequenceModel(m, arch, evalCfg.maxLen, 'eval.maxLen');
  const steps = r.int('steps', 1, 10_000_000);
  return {
    task: 'sequence',
    title: r.string('title'),
    description: r.string('description'),
    language,
    seed: r.int('seed', 0, 2 ** 32 - 1),
    model,
    train,
    eval: evalCfg,
    optim: readOptim(r),
    steps,
    logEvery: r.int('logEvery', 1),
  };
}
