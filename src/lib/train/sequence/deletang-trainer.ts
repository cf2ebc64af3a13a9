/**
 * Training and scoring a model on one task of Delétang et al. (2023) in their format
 * (src/lib/tasks/deletang-batch.ts): the input, then blank output positions answered all at once.
 *
 *   const t = DeletangTrainer.create(config, new CpuBackend());
 *   loss = await t.step();                 // one input length n ~ U{1..train.maxLen}, a batch of that n
 *   const acc = await t.accuracyAt(n);     // pooled per-token accuracy on the evaluation strings of length n
 *
 * Loss: mean cross-entropy over every output position of every row (their code sums the positions'
 * losses and averages over the batch; the mean differs by a constant factor per length, and their mask is
 * used only for the accuracy, as here). Models (sequence/model.ts) see vocab = input alphabet + blank and
 * predict the output alphabet. The transformer is causal (the engine has no bidirectional attention);
 * every output position still sees the whole input before it.
 * The scratchpad (problem 'parity-scratchpad') is trained teacher-forced and scored by feeding its own
 * running-parity notes back, one input bit at a time (scoreScratchpad).
 */
import type { Backend } from '../backend';
import { crossEntropy, mean } from '../ops';
import { decodeState } from '../state';
import { Graph, type Tensor } from '../tensor';
import { TrainerBase } from '../trainer-base';
import type { DeletangRunConfig } from '../run/config';
import { buildSeqRecurrent, buildSeqTransformer, sequenceSpecs, type SeqGraph } from './model';
import { add } from '../ops';
import {
  batchAccuracy, classesOf, evalBatch, predictions, sampleBatch, vocabOf, type Batch,
} from '../../tasks/deletang-batch';
import { positionRows } from '../../tasks/positions';
import { Rng } from '../../tasks/prng';
import { DELETANG_EVAL_SEED, feedNote, scratchpadStart } from '../../tasks/deletang-batch';

interface Built {
  graph: Graph;
  net: SeqGraph;
  /** Output rows (transformer) and their targets; per output position for recurrent models. */
  targets: Tensor[];
  rows: Tensor | null;
  loss: Tensor | null;
}

export class DeletangTrainer extends TrainerBase<DeletangRunConfig> {
  /** Training graphs by input length n (lengths 1..train.maxLen come back every few steps). */
  private graphs = new Map<number, Built>();
  readonly classes: number;

  private constructor(config: DeletangRunConfig, backend: Backend) {
    const shape = { vocab: vocabOf(config.problem), classes: classesOf(config.problem) };
    super(config, backend, sequenceSpecs(config.model, shape), config.optim, config.seed);
    this.classes = shape.classes;
  }

  static create(config: DeletangRunConfig, backend: Backend): DeletangTrainer {
    const t = new DeletangTrainer(config, backend);
    const init = t.store.initialValues(config.seed);
    const m = config.model;
    if (m.arch === 'lstm' && m.forgetBias) {
      // Gate blocks i | f | g | o (models/lstm.ts): add the bias to b_hh's forget block.
      const slot = t.store.slots.find((s) => s.name === 'b_hh')!;
      for (let j = m.d_hidden; j < 2 * m.d_hidden; j++) init[slot.offset + j] += m.forgetBias;
    }
    t.store.load(init);
    return t;
  }

  static fromState(buf: ArrayBuffer, backend: Backend): DeletangTrainer {
    const s = decodeState<DeletangRunConfig>(buf);
    return new DeletangTrainer(s.header.config, backend).restore(s);
  }

  private build(B: number, T: number, K: number, withGrad: boolean): Built {
    const graph = new Graph(this.backend);
    const m = this.config.model;
    const net = m.arch === 'transformer'
      ? buildSeqTransformer(graph, this.store, m, B, T, withGrad)
      : buildSeqRecurrent(graph, this.store, m.arch, B, T, withGrad);
    if (!withGrad) return { graph, net, targets: [], rows: null, loss: null };
    if (m.arch === 'transformer') {
      const rows = graph.tensor([B * K], false, 'out_rows', 'i32');
      const targets = graph.tensor([B * K], false, 'targets', 'i32');
      const loss = mean(crossEntropy(net.logits[0], targets, rows, 'xent'), 'loss');
      return { graph, net, targets: [targets], rows, loss };
    }
    // Recurrent: one [B, C] logits tensor per step; the output steps are the last K (T - K .. T - 1) for a
    // task, every other step for the scratchpad (transformer only, so not here).
    const targets = Array.from({ length: K }, (_, j) => graph.tensor([B], false, `targets${j}`, 'i32'));
    const parts = targets.map((tg, j) => mean(crossEntropy(net.logits[T - K + j], tg), `loss${j}`));
    const sum = parts.reduce((a, b, j) => add(a, b, `loss_sum${j}`));
    return { graph, net, targets, rows: null, loss: sum };
  }

  /** Positions for the rows of a batch, as the model is trained to see them (none for recurrent models). */
  private positions(rng: Rng, b: Batch): Int32Array | undefined {
    const m = this.config.model;
    return m.arch === 'transformer' ? positionRows(m.pe, rng, b.B, b.T, m.maxPositions) : undefined;
  }

  private setTargets(built: Built, b: Batch): void {
    const K = b.outPos.length;
    if (built.rows) {
      const rows = new Int32Array(b.B * K);
      for (let r = 0; r < b.B; r++) for (let j = 0; j < K; j++) rows[r * K + j] = r * b.T + b.outPos[j];
      this.backend.write(built.rows.data, rows);
      this.backend.write(built.targets[0].data, b.targets);
      return;
    }
    built.targets.forEach((tg, j) => this.backend.write(tg.data, Int32Array.from({ length: b.B }, (_, r) => b.targets[r * K + j])));
  }

  /** One AdamW step on a fresh batch; returns the mean per-output-position loss before the update. */
  async step(): Promise<number> {
    const { batch: B, maxLen: N } = this.config.train;
    const n = 1 + this.rng.int(N);
    const b = sampleBatch(this.config.problem, this.rng, B, n);
    let built = this.graphs.get(n);
    if (!built) {
      built = this.build(B, b.T, b.outPos.length, true);
      this.graphs.set(n, built);
    }
    built.net.setInputs(b.tokens, this.positions(this.rng, b));
    this.setTargets(built, b);
    this.enqueueUpdate(built.graph, built.loss!);
    const v = (await this.backend.read(built.loss!.data, 1))[0];
    return built.targets.length > 1 ? v / built.targets.length : v;
  }

  /** Logits [B*T, C] for a batch (row-major). Positions: as given, else 0..T-1 for a sinusoidal transformer. */
  async logits(b: Batch, positions?: Int32Array): Promise<Float32Array> {
    const m = this.config.model;
    if (m.arch === 'transformer' && !positions) {
      if (m.pe === 'randomized') throw new Error('logits: a transformer with randomized positions needs its positions');
      positions = positionRows('sinusoidal', new Rng(0, 'unused'), b.B, b.T, m.maxPositions);
    }
    const built = this.build(b.B, b.T, 0, false);
    try {
      built.net.setInputs(b.tokens, positions);
      built.graph.forward();
      this.backend.flush();
      const parts = await Promise.all(built.net.logits.map((t) => this.backend.read(t.data, t.size)));
      if (parts.length === 1) return parts[0];
      const C = this.classes; // recurrent: per-step [B, C] -> [B, T, C]
      const out = new Float32Array(b.B * b.T * C);
      parts.forEach((p, t) => {
        for (let i = 0; i < b.B; i++) out.set(p.subarray(i * C, (i + 1) * C), (i * b.T + t) * C);
      });
      return out;
    } finally {
      built.graph.dispose();
    }
  }

  /** Pooled per-token accuracy on the evaluation strings of input length n (the page and tests use the same). */
  async accuracyAt(n: number, count = this.config.eval.perLength): Promise<number> {
    const b = evalBatch(this.config.problem, n, count);
    const pos = this.positions(new Rng(DELETANG_EVAL_SEED, `deletang-positions-n${n}`), b);
    if (this.config.problem === 'parity-scratchpad') return (await this.scoreScratchpad(b, pos)).final;
    return batchAccuracy(predictions(await this.logits(b, pos), b, this.classes), b);
  }

  /**
   * The scratchpad at test time: the model's own note r̂ᵢ is handed back with the next bit. Each pass scores
   * the whole row, but a causal model's answer at i depends only on tokens 0..i, so pass i fixes r̂ᵢ.
   * `final`: share of rows whose last note r̂ₙ is the parity.
   */
  async scoreScratchpad(b: Batch, positions?: Int32Array): Promise<{ final: number; notes: Int32Array }> {
    const tokens = scratchpadStart(b);
    const notes = new Int32Array(b.B * b.n);
    for (let i = 0; i < b.n; i++) {
      const lg = await this.logits({ ...b, tokens }, positions);
      for (let r = 0; r < b.B; r++) {
        const o = (r * b.T + i) * this.classes;
        const note = lg[o + 1] > lg[o] ? 1 : 0;
        notes[r * b.n + i] = note;
        feedNote(tokens, b, r, i, note);
      }
    }
    let right = 0;
    for (let r = 0; r < b.B; r++) if (notes[r * b.n + b.n - 1] === b.targets[r * b.n + b.n - 1]) right++;
    return { final: right / b.B, notes };
  }

  /**
   * The scratchpad's accuracy at every length 1..maxLen. With sinusoidal positions, from ONE batch of
   * `count` inputs of length maxLen (the evaluation set at maxLen): its note i after its own notes 1..i-1 is
   * exactly its answer to the input's first i bits (causal attention, positions 0..i either way), so one
   * pass per bit scores every length. With randomized positions, each length on its own evaluation set.
   */
  async scratchpadCurve(maxLen = this.config.eval.maxLen, count = this.config.eval.perLength): Promise<number[]> {
    if (this.config.problem !== 'parity-scratchpad') throw new Error('scratchpadCurve: not a scratchpad run');
    const m = this.config.model;
    if (m.arch === 'transformer' && m.pe === 'randomized') {
      // Random positions for a prefix are not a prefix of random positions: score each length on its own.
      const out: number[] = [];
      for (let n = 1; n <= maxLen; n++) out.push(await this.accuracyAt(n, count));
      return out;
    }
    const b = evalBatch('parity-scratchpad', maxLen, count);
    const { notes } = await this.scoreScratchpad(b);
    return Array.from({ length: maxLen }, (_, i) => {
      let right = 0;
      for (let r = 0; r < b.B; r++) if (notes[r * maxLen + i] === b.targets[r * maxLen + i]) right++;
      return right / b.B;
    });
  }

  /** Mean accuracy over the training lengths 1..train.maxLen: what the stopping rule watches. */
  async trainRangeAccuracy(): Promise<number> {
    let s = 0;
    for (let n = 1; n <= this.config.train.maxLen; n++) s += await this.accuracyAt(n);
    return s / this.config.train.maxLen;
  }

  dispose(): void {
    for (const b of this.graphs.values()) b.graph.dispose();
    this.graphs.clear();
    super.dispose();
  }
}
