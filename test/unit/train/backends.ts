/**
 * Backend factories for the parameterised suites (kernels, golden, tiny run). Each backend's suite
 * runs the same tests; a factory whose `available()` returns a reason is skipped with that reason.
 * The WebGPU backend adds its factory here (a file named *webgpu* may export it).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { Backend } from '../../../src/lib/train/backend';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { webgpuFactory } from './webgpu-factory';

export interface BackendFactory {
  name: string;
  /** null when usable here, else why not (the suite is skipped). */
  available(): Promise<string | null>;
  create(): Promise<Backend>;
}

export const backendFactories: BackendFactory[] = [
  { name: 'cpu', available: async () => null, create: async () => new CpuBackend() },
  webgpuFactory,
];

/** Register another backend (e.g. from a webgpu test helper) before the suites are declared. */
export function addBackendFactory(f: BackendFactory): void {
  if (!backendFactories.some((b) => b.name === f.name)) backendFactories.push(f);
}

/**
 * describe(title [backend]) once per backend. `body` receives a getter valid inside tests/hooks.
 * Usage: describeBackends('kernels', (be) => { test('x', () => { be().matmul(...) }) })
 */
export function describeBackends(title: string, body: (be: () => Backend, name: string) => void): void {
  for (const f of backendFactories) {
    describe(`${title} [${f.name}]`, () => {
      let backend: Backend | null = null;
      let skip: string | null = null;
      beforeAll(async () => {
        skip = await f.available();
        if (!skip) backend = await f.create();
      });
      afterAll(() => backend?.dispose());
      body(() => {
        if (skip) throw new Error(`backend ${f.name} unavailable: ${skip}`);
        if (!backend) throw new Error(`backend ${f.name} not created`);
        return backend;
      }, f.name);
    });
  }
}

/** Deterministic test data: uniform in [-scale, scale). */
export function randomArray(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = ((s / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/** max |got - want| <= atol + rtol |want| elementwise; returns the worst excess description or null. */
export function closeness(got: ArrayLike<number>, want: ArrayLike<number>, atol: number, rtol: number): string | null {
  if (got.length !== want.length) return `length ${got.length} vs ${want.length}`;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < got.length; i++) {
    const err = Math.abs(got[i] - want[i]) - (atol + rtol * Math.abs(want[i]));
    if (!(err <= worst)) {
      worst = Number.isNaN(err) ? Infinity : err;
      at = i;
    }
  }
  return at < 0 ? null : `index ${at}: got ${got[at]}, want ${want[at]} (atol ${atol}, rtol ${rtol})`;
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}
