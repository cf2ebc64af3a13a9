/** WebGPU backend (browser entry). In Node use ./backend.node.ts (Dawn on a software Vulkan driver). */
export { WebGPUBackend } from './backend';
import { WebGPUBackend } from './backend';
import { requestBrowserDevice } from './device';

/** A WebGPU backend on navigator.gpu. */
export async function createBrowserWebGPUBackend(): Promise<WebGPUBackend> {
  return new WebGPUBackend(await requestBrowserDevice(), { driver: 'browser' });
}
