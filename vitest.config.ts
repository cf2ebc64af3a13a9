import { defineConfig } from 'vitest/config';

// Two projects: fast Node unit tests, and browser tests that build the site once
// and drive Chromium through playwright-core (see test/browser/setup.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Provisions a Vulkan driver (lavapipe or SwiftShader) for the WebGPU backend's suites.
          globalSetup: ['test/unit/train/webgpu.global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
