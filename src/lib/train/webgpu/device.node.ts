/**
 * A GPUDevice in Node: Dawn (the `webgpu` npm package) over a software Vulkan driver.
 *
 * Driver choice, in order: whatever VK_ICD_FILENAMES already names (set by scripts/with-vulkan.sh or
 * CI); else lavapipe unpacked by scripts/setup-vulkan.sh (read from .cache/vulkan/env.json, usable
 * in-process when it needs no LD_LIBRARY_PATH); else Chromium's SwiftShader; else a one-line error.
 * The Vulkan loader reads VK_ICD_FILENAMES when Dawn creates its instance, so setting it in
 * process.env before the first `create()` is enough; LD_LIBRARY_PATH is not (ld.so reads it at
 * start-up), which is why a lavapipe that needs it must come through scripts/with-vulkan.sh.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { mkdirSync } from 'node:fs';
import { watchDevice } from './device';

type VulkanDriver = 'lavapipe' | 'swiftshader' | 'external';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const SETUP_HINT = 'run scripts/setup-vulkan.sh, or apt-get install chromium libvulkan1 for SwiftShader';

interface EnvJson {
  driver: 'lavapipe' | 'swiftshader';
  VK_ICD_FILENAMES: string;
  LD_LIBRARY_PATH: string;
}

/** Point the Vulkan loader at a driver (mutates process.env). `prefer` forces one driver. */
export function configureVulkan(prefer?: 'lavapipe' | 'swiftshader'): VulkanDriver {
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = resolve(tmpdir(), `xdg-runtime-${process.getuid?.() ?? 0}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir; // quiets the loader
  }
  const current = process.env.VK_ICD_FILENAMES;
  if (current && !prefer) {
    const d = process.env.GROKKING_VULKAN_DRIVER;
    return d === 'lavapipe' || d === 'swiftshader' ? d : current.includes('swiftshader') ? 'swiftshader' : current.includes('lvp') ? 'lavapipe' : 'external';
  }
  const envFile = resolve(ROOT, '.cache/vulkan/env.json');
  if (prefer !== 'swiftshader' && existsSync(envFile)) {
    const env = JSON.parse(readFileSync(envFile, 'utf8')) as EnvJson;
    const ldOk = !env.LD_LIBRARY_PATH || (process.env.LD_LIBRARY_PATH ?? '').includes(env.LD_LIBRARY_PATH.split(':')[0]);
    if (env.driver === 'lavapipe' && existsSync(env.VK_ICD_FILENAMES) && ldOk) {
      process.env.VK_ICD_FILENAMES = env.VK_ICD_FILENAMES;
      process.env.GROKKING_VULKAN_DRIVER = 'lavapipe';
      return 'lavapipe';
    }
    if (prefer === 'lavapipe' && env.driver === 'lavapipe' && !ldOk) {
      throw new Error('lavapipe needs LD_LIBRARY_PATH set at start-up: run through scripts/with-vulkan.sh');
    }
  }
  if (prefer === 'lavapipe') throw new Error(`lavapipe is not set up: ${SETUP_HINT}`);
  if (existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    process.env.GROKKING_VULKAN_DRIVER = 'swiftshader';
    return 'swiftshader';
  }
  throw new Error(`no Vulkan driver for WebGPU: ${SETUP_HINT}`);
}

interface NodeDevice {
  device: GPUDevice;
  adapter: GPUAdapter;
  driver: VulkanDriver;
}

let dawn: { create(flags: string[]): GPU; globals: Record<string, unknown> } | null = null;
let gpu: GPU | null = null;

/** Acquire a GPUDevice in Node; throws a one-line Error if there is no usable driver. */
export async function requestNodeDevice(prefer?: 'lavapipe' | 'swiftshader'): Promise<NodeDevice> {
  const driver = configureVulkan(prefer);
  if (!dawn) {
    try {
      dawn = (await import('webgpu')) as unknown as typeof dawn;
    } catch (e) {
      throw new Error(`the 'webgpu' package (Dawn for Node) failed to load: ${(e as Error).message.split('\n')[0]}`);
    }
    // GPUBufferUsage, GPUMapMode, ... as globals, as in a browser.
    Object.assign(globalThis, dawn!.globals);
  }
  // One GPU object per process: Dawn picks the ICD when its instance is created.
  gpu ??= dawn!.create((process.env.GROKKING_DAWN_FLAGS ?? '').split(' ').filter(Boolean));
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error(`WebGPU: no adapter on Vulkan driver ${driver} (${process.env.VK_ICD_FILENAMES}): ${SETUP_HINT}`);
  const device = await adapter.requestDevice({
    label: `grokking-train (${driver})`,
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
    },
  });
  watchDevice(device, driver);
  return { device, adapter, driver };
}
