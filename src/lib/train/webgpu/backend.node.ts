/** WebGPU backend in Node: Dawn on lavapipe or SwiftShader (see device.node.ts, scripts/setup-vulkan.sh). */
import { WebGPUBackend } from './backend';
import { requestNodeDevice } from './device.node.ts';

/** A WebGPU backend in Node; throws a one-line Error when no Vulkan driver is usable. */
export async function createNodeWebGPUBackend(prefer?: 'lavapipe' | 'swiftshader'): Promise<WebGPUBackend> {
  const { device, driver } = await requestNodeDevice(prefer);
  return new WebGPUBackend(device, { driver });
}
