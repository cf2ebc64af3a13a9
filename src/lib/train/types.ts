/** Weights record shared with the ONNX exporter and analysis (parameter names as in models/transformer.ts). */
export type Weights = Record<string, { shape: number[]; data: Float32Array }>;

/** AdamW + warm-up settings, as in a run config's "optim". */
export interface OptimConfig {
  lr: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Linear warm-up length (PyTorch LambdaLR min(t/warmupSteps, 1), t = updates already taken). 0 = none. */
  warmupSteps: number;
}

/** Transformer hyper-parameters, as in a run config's "model" (plus optional extensions). */
export interface ModelConfig {
  d_model: number;
  n_heads: number;
  d_head: number;
  d_mlp: number;
  n_ctx: number;
  /** W_U's columns: p (answers only) or p + 1 (also '='). Default p + 1 (see run/config.ts). */
  d_vocab_out?: number;
  /** Default 1 (the paper's model). */
  n_layers?: number;
  /** Pre-LayerNorm blocks + final LayerNorm (Chomsky reuse). Default false (the paper: none). */
  layerNorm?: boolean;
}

/**
 * What the engine reads of a run config (a scripts/runs.json entry; the CLI's full
 * RunConfig in run/config.ts has more fields and is assignable to this).
 */
export interface TrainConfig {
  task: 'modadd';
  p: number;
  trainFrac: number;
  seed: number;
  model: ModelConfig;
  optim: OptimConfig;
}
