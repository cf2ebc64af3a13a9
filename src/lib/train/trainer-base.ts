/**
 * What the two trainers share (trainer.ts: modular addition; sequence/trainer.ts: the Chomsky chapter):
 * parameters, gradients and AdamW moments in one ParamStore, the AdamW step count, the PRNG stream
 * 'train', one update over a built graph, and the resume state (state.ts) made of these and the config.
 */
import type { Backend } from './backend';
import type { Weights } from '../analysis/types';
import { AdamW } from './optim';
import { ParamStore, type ParamSpec } from './params';
import { Rng } from '../tasks/prng';
import type { OptimConfig } from './run/config';
import { encodeState, type TrainState } from './state';
import type { Graph, Tensor } from './tensor';

export abstract class TrainerBase<C> {
  readonly store: ParamStore;
  readonly optim: AdamW;
  /** Training stream (minibatches, randomized positions); saved with the state. */
  readonly rng: Rng;

  protected constructor(
    readonly config: C,
    readonly backend: Backend,
    specs: ParamSpec[],
    optim: OptimConfig,
    seed: number,
  ) {
    this.store = new ParamStore(backend, specs);
    this.optim = new AdamW(this.store, optim);
    this.rng = new Rng(seed, 'train');
  }

  /** Optimizer updates taken so far. */
  get stepCount(): number {
    return this.optim.step;
  }

  /** Enqueue one AdamW update from `loss` of `graph` (its inputs already written), without waiting. */
  protected enqueueUpdate(graph: Graph, loss: Tensor): void {
    this.store.zeroGrad();
    graph.forward();
    graph.backward(loss);
    this.optim.update();
    this.backend.flush();
  }

  /** Continue from a decoded state (each trainer's fromState): params, AdamW moments, step, PRNG. */
  protected restore(s: TrainState<C>): this {
    if (s.header.total !== this.store.total) throw new Error('training state does not match the config layout');
    this.store.load(s.params);
    this.backend.write(this.store.m, s.m);
    this.backend.write(this.store.v, s.v);
    this.optim.step = s.header.step;
    this.rng.setState(s.header.rng);
    return this;
  }

  /** Weights by parameter name and shape (copies). */
  async weights(): Promise<Weights> {
    return this.store.weights();
  }

  /** The whole training state (config, step, PRNG, params, AdamW moments) as one buffer. */
  async saveState(): Promise<ArrayBuffer> {
    const [params, m, v] = await Promise.all([
      this.store.readParams(),
      this.backend.read(this.store.m, this.store.total),
      this.backend.read(this.store.v, this.store.total),
    ]);
    return encodeState({
      header: { config: this.config, step: this.optim.step, rng: this.rng.getState(), total: this.store.total, slots: this.store.slots },
      params, m, v,
    });
  }

  /** Frees the parameters; each trainer frees its graphs first. */
  dispose(): void {
    this.store.dispose();
  }
}
