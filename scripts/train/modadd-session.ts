// A TrainSession for the modular-addition runs, on the CPU twin or on WebGPU
// (Dawn in Node over a software Vulkan driver).
import type { RunConfig } from '../../src/lib/train/run/config';
import { CpuBackend } from '../../src/lib/train/cpu/backend';
import { ModAddTrainer } from '../../src/lib/train/trainer';
import { trainBitset } from '../../src/lib/tasks/modadd';
import type { Backend } from '../../src/lib/train/backend';
import type { BackendName } from './args';
import type { Weights } from '../../src/lib/analysis/types';
import type { TrainSession, EvalOutputs } from './session';

export class BackendUnavailableError extends Error {}

async function makeBackend(name: BackendName): Promise<Backend> {
  if (name === 'cpu') return new CpuBackend();
  try {
    const { createNodeWebGPUBackend } = await import('../../src/lib/train/webgpu/backend.node.ts');
    return await createNodeWebGPUBackend();
  } catch (e) {
    throw new BackendUnavailableError(`WebGPU backend unavailable (${(e as Error).message.split('\n')[0]}); try --backend cpu`);
  }
}

export async function createSession(config: RunConfig, backendName: BackendName, state?: Uint8Array): Promise<TrainSession> {
  const backend = await makeBackend(backendName);
  const trainer = state
    ? ModAddTrainer.fromState(state.buffer.slice(state.byteOffset, state.byteOffset + state.byteLength) as ArrayBuffer, backend)
    : ModAddTrainer.create(config, backend);
  const bits = trainBitset(trainer.split);
  return {
    config,
    get step() {
      return trainer.stepCount;
    },
    trainStep: () => trainer.step(),
    async evaluateAllPairs(): Promise<EvalOutputs> {
      const r = await trainer.evaluate();
      return { logits: r.logits, mlpPost: r.mlpPost };
    },
    weights: (): Promise<Weights> => trainer.weights(),
    async saveState() {
      return new Uint8Array(await trainer.saveState());
    },
    trainBitset: bits,
    dispose: () => trainer.dispose(),
  };
}
