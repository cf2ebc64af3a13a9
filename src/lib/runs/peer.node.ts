// The PyTorch peer run of the main run's setup (scripts/peer/torch_modadd.py, Debian's torch 1.13), read at
// build time for the appendix's landmark table. Its metrics are JSON lines in scripts/peer/results/; each
// line is checked here, so a damaged file fails the build naming the file, the line and the field.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LandmarkRow } from './landmarks';

export const PEER_MAIN = 'scripts/peer/results/main-seed0.jsonl';

export interface PeerRun {
  file: string;
  rows: LandmarkRow[];
  /** Wall-clock seconds of the whole run, as logged. */
  wallSeconds: number;
}

const NUM = ['step', 'trainLoss', 'testLoss', 'trainAcc', 'testAcc', 'weightNorm', 'restrictedLoss', 'excludedLoss'] as const;

export function parsePeerJsonl(text: string, file: string): PeerRun {
  const rows: (LandmarkRow & { wall: number })[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    for (const k of NUM) {
      if (typeof o[k] !== 'number') throw new Error(`${file}:${i + 1}: ${k} must be a number, got ${JSON.stringify(o[k])}`);
    }
    if (!Array.isArray(o.keyFreqs) || !o.keyFreqs.every((k) => Number.isInteger(k))) throw new Error(`${file}:${i + 1}: keyFreqs must be a list of integers`);
    const prev = rows.at(-1);
    if (prev && !((o.step as number) > prev.step)) throw new Error(`${file}:${i + 1}: step ${o.step} after ${prev.step}`);
    rows.push({
      step: o.step as number, trainLoss: o.trainLoss as number, testLoss: o.testLoss as number, trainAcc: o.trainAcc as number,
      testAcc: o.testAcc as number, weightNorm: o.weightNorm as number, restrictedLoss: o.restrictedLoss as number,
      excludedLoss: o.excludedLoss as number, keyFreqs: o.keyFreqs as number[], wall: Number(o.wall ?? NaN),
    } as LandmarkRow & { wall: number });
  });
  if (rows.length === 0) throw new Error(`${file}: no metrics`);
  return { file, rows, wallSeconds: rows.at(-1)!.wall };
}

/** The peer's metrics, or null (with a warning) while the peer has not been run. */
export function peerRun(file = PEER_MAIN, root = process.cwd()): PeerRun | null {
  const path = join(root, file);
  if (!existsSync(path)) {
    console.warn(`[runs] ${file} not found: the PyTorch peer's column shows as pending`);
    return null;
  }
  return parsePeerJsonl(readFileSync(path, 'utf8'), file);
}
