/**
 * The WebGPU backend factory for the shared suites (backends.ts): Dawn in Node over the Vulkan driver
 * that webgpu.global-setup.ts provisioned (lavapipe, else SwiftShader). No driver is a failure with a
 * one-line reason, not a skip.
 */
import type { BackendFactory } from './backends';
import { configureVulkan } from '../../../src/lib/train/webgpu/device.node.ts';
import { createNodeWebGPUBackend } from '../../../src/lib/train/webgpu/backend.node.ts';

export const webgpuFactory: BackendFactory = {
  name: 'webgpu',
  async available() {
    if (process.env.GROKKING_VULKAN_ERROR) return process.env.GROKKING_VULKAN_ERROR;
    try {
      configureVulkan();
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  },
  create: () => createNodeWebGPUBackend(),
};
