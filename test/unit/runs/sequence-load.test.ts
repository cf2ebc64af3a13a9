// The Chomsky runs' reader (src/lib/runs/sequence.node.ts) on broken folders: a malformed manifest or
// curve.json fails with the run's file and the field, and the runs listed are those in models/ whose
// config is a sequence task (no list of ids kept in code).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chomskyRun, chomskyRuns } from '../../../src/lib/runs/sequence.node';

const MODELS = resolve(import.meta.dirname, '../../../models');
const ID = 'chomsky-dyck-rnn';
const before = process.env.MODELS_DIR;
afterEach(() => {
  if (before === undefined) delete process.env.MODELS_DIR;
  else process.env.MODELS_DIR = before;
});

function copyRun(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gg-seq-'));
  cpSync(join(MODELS, ID), join(dir, ID), { recursive: true });
  cpSync(join(MODELS, 'main-seed1', 'manifest.json'), join(dir, 'not-a-sequence-run', 'manifest.json'), { recursive: true });
  process.env.MODELS_DIR = dir;
  return dir;
}

describe('sequence runs from models/', () => {
  it('lists every sequence run in models/, and only those', () => {
    const ids = chomskyRuns().map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(3); // the Dyck-1 runs (the Chomsky table's are task "deletang")
    for (const id of ids) expect(JSON.parse(readFileSync(join(MODELS, id, 'manifest.json'), 'utf8')).config.task).toBe('sequence');
    const dir = copyRun();
    expect(chomskyRuns().map((r) => r.id)).toEqual([ID]);
    rmSync(dir, { recursive: true });
  });

  it('a malformed manifest fails naming the file and the field', () => {
    const dir = copyRun();
    const path = join(dir, ID, 'manifest.json');
    const m = JSON.parse(readFileSync(path, 'utf8'));
    m.config.language = 'klingon';
    writeFileSync(path, JSON.stringify(m));
    expect(() => chomskyRun(ID)).toThrow(/chomsky-dyck-rnn\/manifest\.json: config\.language/);
    rmSync(dir, { recursive: true });
  });

  it('a missing or malformed curve.json fails naming the file', () => {
    const dir = copyRun();
    const path = join(dir, ID, 'curve.json');
    const c = JSON.parse(readFileSync(path, 'utf8'));
    c.points[3].accuracy = 'high';
    writeFileSync(path, JSON.stringify(c));
    expect(() => chomskyRun(ID)).toThrow(/chomsky-dyck-rnn\/curve\.json: points\.3\.accuracy/);
    rmSync(path);
    expect(() => chomskyRun(ID)).toThrow(/chomsky-dyck-rnn\/curve\.json: cannot read/);
    rmSync(dir, { recursive: true });
  });
});
