// Build-time loading of models/<run-id>/ from disk (Node only: the site build, tests, benchmarks).
// Every file is validated (parse.ts, parseManifest); a run folder without a manifest is "missing",
// which callers decide how to treat (the site prints a pending notice; tests fail).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ManifestError, parseManifest } from './manifest';
import { parseCheckpointRecord, parseMetricsJsonl, RunDataError } from './parse';
import type { RunData } from './types';

/** models/ at the repository root; MODELS_DIR overrides it (development against a run in /tmp). */
export function modelsDir(): string {
  return resolve(process.env.MODELS_DIR || join(process.cwd(), 'models'));
}

export function runDir(id: string, dir = modelsDir()): string {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(id)) throw new Error(`invalid run id: ${JSON.stringify(id)}`);
  return join(dir, id);
}

export function hasRun(id: string, dir = modelsDir()): boolean {
  return existsSync(join(runDir(id, dir), 'manifest.json'));
}

/** Run ids with a manifest, sorted. */
export function listRuns(dir = modelsDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'manifest.json')))
    .map((e) => e.name)
    .sort();
}

export interface LoadOptions {
  dir?: string;
  /** Read analysis/step-*.json of every checkpoint (default true). */
  analysis?: boolean;
}

export function loadRun(id: string, opts: LoadOptions = {}): RunData {
  const folder = runDir(id, opts.dir);
  const read = (rel: string): string => {
    try {
      return readFileSync(join(folder, rel), 'utf8');
    } catch (e) {
      throw new RunDataError(`${id}/${rel}`, `cannot read: ${(e as Error).message}`);
    }
  };
  let json: unknown;
  try {
    json = JSON.parse(read('manifest.json'));
  } catch (e) {
    if (e instanceof RunDataError) throw e;
    throw new RunDataError(`${id}/manifest.json`, 'not valid JSON');
  }
  const manifest = parseManifest(json, `${id}/manifest.json`);
  const metrics = parseMetricsJsonl(read('metrics.jsonl'), `${id}/metrics.jsonl`);
  const { p, model } = manifest.config;
  const checkpoints =
    opts.analysis === false
      ? []
      : manifest.checkpoints.map((c) => {
          const src = `${id}/${c.analysis}`;
          let obj: unknown;
          try {
            obj = JSON.parse(read(c.analysis));
          } catch (e) {
            if (e instanceof RunDataError) throw e;
            throw new RunDataError(src, 'not valid JSON');
          }
          const rec = parseCheckpointRecord(obj, p, model.d_mlp, src);
          if (rec.step !== c.step) throw new RunDataError(src, `step ${rec.step}, manifest says ${c.step}`);
          return rec;
        });
  return { id, manifest, metrics, checkpoints };
}

export { ManifestError, RunDataError };
