/**
 * Vitest global setup (unit project): provision a Vulkan driver for the WebGPU backend before any
 * worker starts, so workers inherit VK_ICD_FILENAMES (and LD_LIBRARY_PATH, which ld.so reads only at
 * start-up). scripts/setup-vulkan.sh fetches lavapipe from Debian backports into .cache/vulkan/ (once;
 * later runs take ~0.3 s) and falls back to Chromium's SwiftShader. When no driver can be found this
 * does not throw (the non-WebGPU suites still run); the WebGPU suites then FAIL with the reason
 * (test/unit/train/webgpu-factory.ts), they are never skipped.
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.VK_ICD_FILENAMES) return; // provided by the caller (CI, scripts/with-vulkan.sh)
  try {
    const out = execFileSync('bash', ['scripts/setup-vulkan.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    for (const line of out.split('\n')) {
      const m = /^export (\w+)='(.*)'$/.exec(line) ?? /^export (\w+)=(.*)$/.exec(line);
      if (m) process.env[m[1]] = m[2];
    }
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    process.env.GROKKING_VULKAN_ERROR = (err.stderr?.trim().split('\n').pop() ?? err.message).slice(0, 300);
  }
}
