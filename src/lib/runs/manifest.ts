// models/<run-id>/manifest.json (written by scripts/train/run-writer.ts): zod schema, derived types, and a parser whose errors name the
// field ("checkpoints.2.onnx: Required"). Unknown extra fields are kept (the trainer adds notes such as
// targetSteps or progressMeasures); the run config is checked only for what readers of a manifest rely on.
import { z } from 'astro/zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
const relPath = z
  .string()
  .min(1)
  .refine((s) => !s.startsWith('/') && !s.split('/').includes('..'), 'expected a relative path inside the run folder');
const count = z.number().int().nonnegative();

export const ManifestFileSchema = z.object({ path: relPath, sha256, bytes: count });

export const ManifestCheckpointSchema = z.object({ step: count, onnx: relPath, analysis: relPath });

export const ManifestModelSchema = z
  .object({
    d_model: z.number().int().positive(),
    n_heads: z.number().int().positive(),
    d_head: z.number().int().positive(),
    d_mlp: z.number().int().positive(),
    n_ctx: z.number().int().positive(),
  })
  .passthrough();

export const ManifestConfigSchema = z
  .object({
    task: z.string(),
    p: z.number().int().min(3).refine((p) => p % 2 === 1, 'expected an odd modulus'),
    trainFrac: z.number().gt(0).lte(1),
    seed: z.number().int(),
    model: ManifestModelSchema,
  })
  .passthrough();

export const RunManifestSchema = z
  .object({
    schema: z.literal(1),
    runId: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'expected a run id like "main-p113"'),
    title: z.string(),
    description: z.string(),
    config: ManifestConfigSchema,
    status: z.enum(['complete', 'partial']),
    step: count,
    wallSeconds: z.number().nonnegative(),
    backend: z.string(),
    machine: z.string(),
    split: z.object({ trainBitset: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'), nTrain: count, nTest: count }),
    files: z.array(ManifestFileSchema),
    checkpoints: z.array(ManifestCheckpointSchema),
  })
  .passthrough()
  .superRefine((m, ctx) => {
    const p = m.config.p;
    if (m.split.nTrain + m.split.nTest !== p * p)
      ctx.addIssue({ code: 'custom', path: ['split'], message: `nTrain + nTest = ${m.split.nTrain + m.split.nTest}, expected p² = ${p * p}` });
    const listed = new Set(m.files.map((f) => f.path));
    m.checkpoints.forEach((c, i) => {
      for (const key of ['onnx', 'analysis'] as const)
        if (!listed.has(c[key])) ctx.addIssue({ code: 'custom', path: ['checkpoints', i, key], message: `${c[key]} is not listed in files` });
      if (i > 0 && c.step <= m.checkpoints[i - 1].step)
        ctx.addIssue({ code: 'custom', path: ['checkpoints', i, 'step'], message: 'steps must increase' });
    });
  });

export type ManifestFile = z.infer<typeof ManifestFileSchema>;
export type ManifestCheckpoint = z.infer<typeof ManifestCheckpointSchema>;
export type RunManifest = z.infer<typeof RunManifestSchema>;

export class ManifestError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`invalid manifest ${source}: ${issues.join('; ')}`);
    this.name = 'ManifestError';
  }
}

/** Validates parsed JSON; throws ManifestError listing every problem as "path: message". */
export function parseManifest(json: unknown, source = 'manifest.json'): RunManifest {
  const r = RunManifestSchema.safeParse(json);
  if (r.success) return r.data;
  throw new ManifestError(
    source,
    r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
  );
}

/** The files entry for a path in the run folder, or undefined. */
export function manifestFile(m: RunManifest, path: string): ManifestFile | undefined {
  return m.files.find((f) => f.path === path);
}

/** The checkpoint at or before `step` (the latest one not after it; the first if step precedes all). */
export function checkpointAtOrBefore(m: RunManifest, step: number): ManifestCheckpoint | undefined {
  let best: ManifestCheckpoint | undefined;
  for (const c of m.checkpoints) if (c.step <= step) best = c;
  return best ?? m.checkpoints[0];
}
