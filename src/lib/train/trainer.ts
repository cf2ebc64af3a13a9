/**
 * Modular-addition training: build model + optimizer from a run config, full-batch AdamW steps,
 * forward-only evaluation for metrics/analysis, save/load of the full state, and Weights export.
 *
 *   const t = ModAddTrainer.create(config, new CpuBackend());
 *   for (...) loss = await t.step();   // t.stepCount: updates taken
 *   const buf = await t.saveState();  ...  const t2 = await ModAddTrainer.fromState(buf, backend);
 */
import type { Backend } from './backend';
import { allPairs, modAddBatch, modAddSplit, type ModAddSplit } from '../tasks/modadd';
import { buildTransformer, transformerSpecs, type TransformerConfig, type TransformerOutputs } from './models/transformer';
import { crossEntropy, mean } from './ops';
import { decodeState } from './state';
import { Graph, type Tensor } from './tensor';
import { TrainerBase } from './trainer-base';
import type { Weights } from '../analysis/types';
import { validateTrainConfig, type TrainConfig } from './run/config';

/** The paper's model: one layer, no LayerNorm (deeper ones with LayerNorm are the sequence trainer's). */
function transformerConfigOf(run: TrainConfig): TransformerConfig {
  const m = run.model;
  return {
    d_vocab: run.p + 1, d_out: m.d_vocab_out ?? run.p + 1, d_model: m.d_model, n_heads: m.n_heads, d_head: m.d_head, d_mlp: m.d_mlp, n_ctx: m.n_ctx,
    n_layers: 1, layerNorm: false,
  };
}

interface EvalResult {
  /** [n, d_vocab] final-position logits. */
  logits: Float32Array;
  /** [n] cross-entropy per example. */
  losses: Float32Array;
  /** [n, d_mlp] final-position ReLU activations. */
  mlpPost: Float32Array;
  /** [n, n_heads, T] final position's attention over positions. */
  attn: Float32Array;
  /** [n, d_model] final-position residual stream after the MLP. */
  resid: Float32Array;
}

interface TrainerOptions {
  /** Use this split instead of the seeded one (tests against outside references). Not saved in the state. */
  split?: ModAddSplit;
}

interface EvalGraph {
  graph: Graph;
  labels: Tensor;
  out: TransformerOutputs;
  losses: Tensor;
}

/** Full batch: the PRNG stream 'train' (TrainerBase) is unused, but saved with the state all the same. */
export class ModAddTrainer extends TrainerBase<TrainConfig> {
  readonly split: ModAddSplit;
  readonly model: TransformerConfig;
  private train: { graph: Graph; loss: Tensor } | null = null;
  private evals = new Map<number, EvalGraph>();

  private constructor(config: TrainConfig, backend: Backend, opts: TrainerOptions) {
    validateTrainConfig(config);
    const model = transformerConfigOf(config);
    super(config, backend, transformerSpecs(model), config.optim, config.seed);
    this.split = opts.split ?? modAddSplit(config.p, config.trainFrac, config.seed);
    this.model = model;
  }

  /** Fresh model (seeded init) + optimizer from a run config. */
  static create(config: TrainConfig, backend: Backend, opts: TrainerOptions = {}): ModAddTrainer {
    const t = new ModAddTrainer(config, backend, opts);
    t.store.init(config.seed);
    return t;
  }

  /** Rebuild from saveState() output (config, weights, moments, step and PRNG state restored). */
  static fromState(buf: ArrayBuffer, backend: Backend): ModAddTrainer {
    const s = decodeState<TrainConfig>(buf);
    return new ModAddTrainer(s.header.config, backend, {}).restore(s);
  }

  private trainGraph(): { graph: Graph; loss: Tensor } {
    if (this.train) return this.train;
    const g = new Graph(this.backend);
    const { tokens, labels } = modAddBatch(this.config.p, this.split.train);
    const B = this.split.train.length;
    const lab = g.tensor([B], false, 'labels', 'i32');
    this.backend.write(lab.data, labels);
    const out = buildTransformer(g, this.store, this.model, B, 3, { lastOnly: true });
    out.setTokens(tokens);
    const loss = mean(crossEntropy(out.logits, lab), 'loss');
    this.train = { graph: g, loss };
    return this.train;
  }

  /** Enqueue one full-batch step (forward, backward, AdamW) without waiting. */
  enqueueStep(): void {
    const { graph, loss } = this.trainGraph();
    this.enqueueUpdate(graph, loss);
  }

  /** Training loss of the most recent step (computed before its update). */
  async lastLoss(): Promise<number> {
    return (await this.backend.read(this.trainGraph().loss.data, 1))[0];
  }

  /** One full-batch AdamW step; returns the training loss before the update (as PyTorch's loop logs it). */
  async step(): Promise<number> {
    this.enqueueStep();
    return this.lastLoss();
  }

  /** Loss and every parameter's gradient on the training batch at the current weights (no update). */
  async gradients(): Promise<{ loss: number; grads: Weights }> {
    const { graph, loss } = this.trainGraph();
    this.store.zeroGrad();
    graph.forward();
    graph.backward(loss);
    this.backend.flush();
    const [l, all] = await Promise.all([this.backend.read(loss.data, 1), this.backend.read(this.store.grads, this.store.total)]);
    const grads: Weights = {};
    for (const s of this.store.slots) grads[s.name] = { shape: [...s.shape], data: all.slice(s.offset, s.offset + s.size) };
    return { loss: l[0], grads };
  }

  /** Forward only over the given pairs (a*p+b; default all p^2 in order), final position. */
  async evaluate(pairs: Int32Array = allPairs(this.config.p)): Promise<EvalResult> {
    const b = modAddBatch(this.config.p, pairs);
    return this.forwardTokens(b.tokens, b.labels);
  }

  /**
   * Forward only over arbitrary token rows (i32 [n*3], row-major; tokens < d_vocab), final position.
   * `labels` (i32 [n]) give the per-example losses; without them losses are against class 0.
   */
  async forwardTokens(tokens: Int32Array, labels?: Int32Array): Promise<EvalResult> {
    const n = tokens.length / 3;
    if (!Number.isInteger(n) || n < 1) throw new Error(`forwardTokens: ${tokens.length} tokens is not n rows of 3`);
    for (const t of tokens) if (!(t >= 0 && t < this.model.d_vocab)) throw new Error(`forwardTokens: token ${t} out of range`);
    let e = this.evals.get(n);
    if (!e) {
      const g = new Graph(this.backend);
      const lab = g.tensor([n], false, 'labels', 'i32');
      const out = buildTransformer(g, this.store, this.model, n, 3, { lastOnly: true, withGrad: false });
      const losses = crossEntropy(out.logits, lab);
      e = { graph: g, labels: lab, out, losses };
      this.evals.set(n, e);
    }
    e.out.setTokens(tokens);
    this.backend.write(e.labels.data, labels ?? new Int32Array(n));
    e.graph.forward();
    this.backend.flush();
    const rd = (t: Tensor) => this.backend.read(t.data, t.size);
    const [logits, losses, mlpPost, attn, resid] = await Promise.all([
      rd(e.out.logits), rd(e.losses), rd(e.out.mlpPost), rd(e.out.attn), rd(e.out.resid),
    ]);
    return { logits, losses, mlpPost, attn, resid };
  }

  dispose(): void {
    this.train?.graph.dispose();
    for (const e of this.evals.values()) e.graph.dispose();
    super.dispose();
  }
}
