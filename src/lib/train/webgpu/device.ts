/**
 * A GPUDevice in the browser (navigator.gpu), and the device-loss / error watch shared with Node
 * (device.node.ts). A lost device or a validation error is remembered and rethrown by the backend
 * at its next call as one clear Error, instead of training silently on garbage.
 */

interface DeviceHealth {
  /** Set once the device is lost or reported an uncaptured error. */
  failure: string | null;
  /** Set by the backend before it destroys the device itself: that loss is not a failure. */
  released: boolean;
}

const health = new WeakMap<GPUDevice, DeviceHealth>();

/** The health record of a device watched by watchDevice (a fresh healthy one otherwise). */
export function deviceHealth(device: GPUDevice): DeviceHealth {
  let h = health.get(device);
  if (!h) health.set(device, (h = { failure: null, released: false }));
  return h;
}

export function watchDevice(device: GPUDevice, what: string): void {
  const h = deviceHealth(device);
  // A loss we did not ask for is a failure, 'destroyed' included (something else destroyed the device).
  void device.lost.then((info) => {
    if (!h.released) h.failure ??= `WebGPU device lost on ${what} (${info.reason}): ${info.message || 'no details'}`;
  });
  device.addEventListener('uncapturederror', (ev) => {
    const e = (ev as GPUUncapturedErrorEvent).error;
    h.failure ??= `WebGPU error on ${what}: ${e.message.split('\n').slice(0, 4).join(' ')}`;
  });
}

/** Acquire a GPUDevice from navigator.gpu; throws a one-line Error when WebGPU is unavailable. */
export async function requestBrowserDevice(): Promise<GPUDevice> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) throw new Error('WebGPU is not available in this browser (navigator.gpu is missing)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('WebGPU: no adapter (the browser offers navigator.gpu but no GPU)');
  const device = await adapter.requestDevice({
    label: 'grokking-train (browser)',
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  watchDevice(device, adapter.info?.description || 'browser GPU');
  return device;
}
