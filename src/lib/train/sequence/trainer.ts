/**
 * Training and measuring a sequence model (transformer, Elman RNN or LSTM) on parity or Dyck-1.
 *
 *   const t = SequenceTrainer.create(config, new CpuBackend());
 *   for (...) loss = await t.step();          // fresh batch of length-train.maxLen strings, all prefixes scored
 *   const curve = await t.accuracyCurve();    // accuracy at each length 1..eval.maxLen on the shared eval sets
 *
 * Loss: mean cross-entropy over every position of every string (RNN, LSTM: the mean over steps of each
 * step's mean, the same number). Minibatches come from the Rng stream 'train'; initial weights from `seed`.
 * The evaluation sets are the same for every run (EVAL_SEED), so curves of different models compare.
 */
import type { Backend } from '../backend';
import { add, crossEntropy, mean } from '../ops';
import { decodeState } from '../state';
import { Graph, type Tensor } from '../tensor';
import { TrainerBase } from '../trainer-base';
import type { SequenceRunConfig } from '../run/config';
import { buildSeqRecurrent, buildSeqTransformer, sequenceSpecs, type SeqGraph } from './model';
import { evalLengths, trainBatch } from '../../tasks/sequence';
import { evalBatch, finalAccuracy, positionsFor } from '../../tasks/sequence-eval';

interface CurvePoint {
  length: number;
  accuracy: number;
  n: number;
}

interface Built {
  graph: Graph;
  net: SeqGraph;
  loss: Tensor | null;
}

export class SequenceTrainer extends TrainerBase<SequenceRunConfig> {
  private train: Built | null = null;

  private constructor(config: SequenceRunConfig, backend: Backend) {
    super(config, backend, sequenceSpecs(config.model), config.optim, config.seed);
  }

  static create(config: SequenceRunConfig, backend: Backend): SequenceTrainer {
    const t = new SequenceTrainer(config, backend);
    t.store.init(config.seed);
    return t;
  }

  static fromState(buf: ArrayBuffer, backend: Backend): SequenceTrainer {
    const s = decodeState<SequenceRunConfig>(buf);
    return new SequenceTrainer(s.header.config, backend).restore(s);
  }

  private build(B: number, T: number, withGrad: boolean): Built {
    const graph = new Graph(this.backend);
    const m = this.config.model;
    const net = m.arch === 'transformer'
      ? buildSeqTransformer(graph, this.store, m, B, T, withGrad)
      : buildSeqRecurrent(graph, this.store, m.arch, B, T, withGrad);
    let loss: Tensor | null = null;
    if (withGrad) {
      const parts = net.logits.map((lg, i) => mean(crossEntropy(lg, net.labelTensors[i].tensor), `loss${i}`));
      loss = parts.reduce((a, b, i) => add(a, b, `loss_sum${i}`));
    }
    return { graph, net, loss };
  }

  /** One AdamW step on a fresh batch; returns the mean per-position training loss before the update. */
  async step(): Promise<number> {
    const { batch: B, maxLen: T } = this.config.train;
    this.train ??= this.build(B, T, true);
    const { graph, net, loss } = this.train;
    const { tokens, labels } = trainBatch(this.config.language, this.rng, B, T);
    net.setInputs(tokens, positionsFor(this.config, this.rng, B, T));
    for (const l of net.labelTensors) this.backend.write(l.tensor.data, l.rows(labels));
    this.enqueueUpdate(graph, loss!);
    const v = (await this.backend.read(loss!.data, 1))[0];
    return net.logits.length > 1 ? v / net.logits.length : v;
  }

  /** Logits [n, L, 2] for n strings of length L (row-major tokens, positions for the transformer). */
  async predict(tokens: Int32Array, n: number, L: number, positions?: Int32Array): Promise<Float32Array> {
    const b = this.build(n, L, false);
    try {
      b.net.setInputs(tokens, positions);
      b.graph.forward();
      this.backend.flush();
      const parts = await Promise.all(b.net.logits.map((t) => this.backend.read(t.data, t.size)));
      if (parts.length === 1) return parts[0];
      const out = new Float32Array(n * L * 2); // RNN, LSTM: per-step [n, 2] -> [n, L, 2]
      parts.forEach((p, t) => {
        for (let i = 0; i < n; i++) out.set(p.subarray(i * 2, i * 2 + 2), (i * L + t) * 2);
      });
      return out;
    } finally {
      b.graph.dispose();
    }
  }

  /** Accuracy at the final position of the evaluation strings, at every evaluated length. */
  async accuracyCurve(maxLen = this.config.eval.maxLen, n = this.config.eval.perLength): Promise<CurvePoint[]> {
    const out: CurvePoint[] = [];
    for (const L of evalLengths(this.config.language, maxLen)) {
      const e = evalBatch(this.config, L, n);
      const logits = await this.predict(e.tokens, n, L, e.positions);
      out.push({ length: L, accuracy: finalAccuracy(logits, e.labels, n, L), n });
    }
    return out;
  }

  dispose(): void {
    this.train?.graph.dispose();
    super.dispose();
  }
}

