/** Public entry of the training engine. */
export type { Backend, Buf, Ref, View, DType, Unary, MatmulArgs, AttentionArgs, AttentionBackwardArgs, AdamWArgs } from './backend';
export { resolve, at, isView } from './backend';
export { CpuBackend } from './cpu/backend';
export { Graph, Tensor, type Op } from './tensor';
export * as ops from './ops';
export { ParamStore, layoutParams, type ParamSpec, type ParamSlot } from './params';
export { AdamW, lrAt } from './optim';
export { Rng, hashName } from './prng';
export { modAddSplit, modAddBatch, allPairs, trainBitset, type ModAddSplit } from './data/modadd';
export { buildTransformer, transformerSpecs, type TransformerConfig, type TransformerOutputs, type BuildOptions } from './models/transformer';
export { buildElman, buildElmanGraph, elmanSpecs, type ElmanConfig, type ElmanOutputs } from './models/rnn';
export { ModAddTrainer, transformerConfigOf, validateTrainConfig, type EvalResult, type TrainerOptions } from './trainer';
export { encodeState, decodeState, STATE_VERSION, type TrainState, type StateHeader } from './state';
export type { Weights, TrainConfig, ModelConfig, OptimConfig } from './types';
