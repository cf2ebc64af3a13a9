// The main run's setup from three seeds (models/main, main-seed1, main-seed2): each run is shipped whole
// (metrics, at least 10 checkpoints, the final one among them, every file matching its sha256), each goes
// through the three phases, and the seeds do not all settle on the same key frequencies: what the seed
// figure of chapter 3 and its recall prompt (cf-seeds) say.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedRun } from '../../../src/lib/runs/figure-data';
import { loadRun } from '../../../src/lib/runs/load.node';
import { seedsSummary } from '../../../src/lib/runs/seeds';

const ROOT = resolve(import.meta.dirname, '../../..');
const IDS = ['main', 'main-seed1', 'main-seed2'];
const runs = IDS.map((id) => loadRun(id, { dir: join(ROOT, 'models') }));

describe('the three seeds of the main setup', () => {
  it.each(IDS)('%s is complete, has >= 10 checkpoints including the last step, and its files match their sha256', (id) => {
    const run = runs[IDS.indexOf(id)];
    expect(run.manifest.status).toBe('complete');
    expect(run.manifest.checkpoints.length).toBeGreaterThanOrEqual(10);
    expect(run.manifest.checkpoints.at(-1)!.step).toBe(run.manifest.step);
    for (const f of run.manifest.files) {
      const bytes = readFileSync(join(ROOT, 'models', id, f.path));
      expect(createHash('sha256').update(bytes).digest('hex'), `${id}/${f.path}`).toBe(f.sha256);
    }
  });

  it('differ only in the seed', () => {
    const strip = (c: Record<string, unknown>) => JSON.stringify({ ...c, seed: 0, steps: 0, log: 0, checkpoints: 0, title: '', description: '' });
    const configs = runs.map((r) => r.manifest.config as unknown as Record<string, unknown>);
    for (const c of configs) expect(strip(c)).toBe(strip(configs[0]));
    expect(new Set(configs.map((c) => c.seed)).size).toBe(3);
  });

  it('each goes through the three phases, with the restricted loss below 0.1 before the test loss', () => {
    const s = seedsSummary(runs.map((r) => seedRun(r)));
    expect(s.complete).toBe(true);
    expect(s.restrictedFirst).toBe(true);
    for (let i = 0; i < 3; i++) {
      expect(s.memorizationEnd[i]).toBeLessThan(s.cleanupStart[i]);
      expect(s.cleanupStart[i]).toBeLessThan(s.grokked[i]);
    }
  });

  it('the key-frequency sets are not all equal', () => {
    const s = seedsSummary(runs.map((r) => seedRun(r)));
    expect(s.differ).toBe(true);
    for (const ks of s.keyFreqs) expect(ks.length).toBeGreaterThanOrEqual(2);
  });

  it('reach 99% test accuracy at different steps (what cf-seeds and the chapter say of the timing)', () => {
    const s = seedsSummary(runs.map((r) => seedRun(r)));
    expect(s.timingDiffers).toBe(true);
    for (let i = 0; i < 3; i++) expect(s.grokked[i]).toBeLessThan(s.lastStep[i]);
  });
});
