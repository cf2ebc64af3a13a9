/**
 * Choose where training runs: WebGPU when the browser has an adapter, else the CPU twin in a Web
 * Worker. `prefer: 'worker'` skips WebGPU (the reader's "continue on the CPU" after a lost device).
 */
import { GpuSession } from './gpu-session';
import type { TrainSession } from './session';
import { WorkerSession } from './worker-session';

interface Opened {
  session: TrainSession;
  /** Why WebGPU was not used (shown to the reader), or null when it is. */
  fallbackReason: string | null;
}

export async function openSession(prefer: 'auto' | 'worker' = 'auto'): Promise<Opened> {
  if (prefer === 'worker') return { session: WorkerSession.open(), fallbackReason: 'chosen by the reader' };
  try {
    return { session: await GpuSession.open(), fallbackReason: null };
  } catch (e) {
    return { session: WorkerSession.open(), fallbackReason: e instanceof Error ? e.message : String(e) };
  }
}
