// The WebGPU path's analysis off the main thread: snapshotInput() hands over arrays that own their
// buffers (transferred to the analysis worker, never a view into a larger buffer), and the snapshot
// computed from them is the engine's own. WorkerClient over a fake Worker: transfer lists pass through,
// errors and a dead worker reject. The device-loss rule of webgpu/device.ts on a fake GPUDevice.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { LiveEngine } from '../../../src/lib/train/browser/engine';
import { liveTrainConfig, TINY_LIVE_DEFAULTS } from '../../../src/lib/train/browser/config';
import { liveSnapshot } from '../../../src/lib/train/browser/snapshot';
import { WorkerClient } from '../../../src/lib/train/worker/client';
import type { AnalysisRequest, AnalysisResults } from '../../../src/lib/train/worker/protocol';
import { deviceHealth, watchDevice } from '../../../src/lib/train/webgpu/device';

const small = liveTrainConfig({ ...TINY_LIVE_DEFAULTS, p: 13, size: 'small', lr: 1e-2 });

/** Just enough of a Worker: answers 'snapshot' with liveSnapshot, or fails on demand. */
class FakeWorker {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  transfers: Transferable[][] = [];
  postMessage(msg: AnalysisRequest, transfer: Transferable[] = []): void {
    this.transfers.push(transfer);
    queueMicrotask(() => {
      const data = msg.input.p === 0 ? { id: msg.id, ok: false, error: 'bad input' } : { id: msg.id, ok: true, result: liveSnapshot(msg.input) };
      this.onmessage?.({ data } as MessageEvent);
    });
  }
  terminate(): void {}
}

describe('analysis off the main thread', () => {
  it('snapshotInput owns its buffers; the snapshot from it is the engine\'s', async () => {
    const e = LiveEngine.create(small, new CpuBackend());
    await e.steps(15);
    const input = await e.snapshotInput();
    for (const a of [input.logits, input.mlpPost, input.wE]) {
      expect(a.byteOffset).toBe(0);
      expect(a.byteLength).toBe(a.buffer.byteLength);
    }
    expect(input.wE.length).toBe((small.p + 1) * small.model.d_model);
    expect(input.trainBits).not.toBe(e.trainBits);
    expect(input.trainBits).toEqual(e.trainBits);
    expect(liveSnapshot(input)).toEqual(await e.snapshot());
    e.dispose();
  });

  it('WorkerClient: transfers what it is told, answers by id, rejects errors and a dead worker', async () => {
    const e = LiveEngine.create(small, new CpuBackend());
    await e.steps(5);
    const fake = new FakeWorker();
    const client = new WorkerClient<AnalysisRequest, AnalysisResults>(fake as unknown as Worker, 'analysis');
    const input = await e.snapshotInput();
    const expected = liveSnapshot(input);
    const transfer = [input.logits.buffer, input.mlpPost.buffer, input.wE.buffer];
    await expect(client.call('snapshot', { input }, transfer)).resolves.toEqual(expected);
    expect(fake.transfers[0]).toEqual(transfer);
    await expect(client.call('snapshot', { input: { ...input, p: 0 } })).rejects.toThrow('bad input');
    fake.onerror?.({ message: 'boom' } as ErrorEvent);
    await expect(client.call('snapshot', { input })).rejects.toThrow('the analysis worker failed: boom');
    e.dispose();
  });
});

describe('device loss (webgpu/device.ts)', () => {
  function fakeDevice() {
    let lose: (info: GPUDeviceLostInfo) => void = () => {};
    const lost = new Promise<GPUDeviceLostInfo>((r) => (lose = r));
    const device = { lost, addEventListener: () => {} } as unknown as GPUDevice;
    return { device, lose: (reason: GPUDeviceLostReason, message: string) => lose({ reason, message } as GPUDeviceLostInfo) };
  }

  it('a device destroyed by someone else is a failure, with the reason', async () => {
    const { device, lose } = fakeDevice();
    watchDevice(device, 'test GPU');
    lose('destroyed', 'Device was destroyed.');
    await Promise.resolve();
    await Promise.resolve();
    expect(deviceHealth(device).failure).toBe('WebGPU device lost on test GPU (destroyed): Device was destroyed.');
  });

  it('the backend releasing its own device is not', async () => {
    const { device, lose } = fakeDevice();
    watchDevice(device, 'test GPU');
    deviceHealth(device).released = true;
    lose('destroyed', '');
    await Promise.resolve();
    await Promise.resolve();
    expect(deviceHealth(device).failure).toBeNull();
  });

  it('an unknown loss says so even without a message', async () => {
    const { device, lose } = fakeDevice();
    watchDevice(device, 'test GPU');
    lose('unknown', '');
    await Promise.resolve();
    await Promise.resolve();
    expect(deviceHealth(device).failure).toBe('WebGPU device lost on test GPU (unknown): no details');
  });
});
