/** WebGPU backend (browser entry). In Node use ./node (Dawn on a software Vulkan driver). */
export { WebGPUBackend, GpuBuf } from './backend';
export { requestBrowserDevice } from './device';
import { WebGPUBackend } from './backend';
import { requestBrowserDevice } from './device';

/** A WebGPU backend on navigator.gpu. */
export async function createBrowserWebGPUBackend(): Promise<WebGPUBackend> {
  return new WebGPUBackend(await requestBrowserDevice(), { driver: 'browser' });
}
