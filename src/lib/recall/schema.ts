/**
 * Recall prompts: the zod schema of content/recall/<chapter-slug>.json, and the types derived from it.
 *
 *   { "prompts": [ Prompt, ... ] }       one file a chapter, named by the chapter's slug
 *
 * A prompt's `id` is its identity for review history: reword `q`, `a` or `cloze` freely, but never change an id
 * (a new id starts the reader's history afresh). Ids are unique across all chapters.
 *
 * Kinds:
 * - qa:      question `q`, answer `a`.
 * - cloze:   `cloze` is a sentence with one or more gaps written {{like this}}; all gaps are hidden together.
 *            `q` is an optional lead-in shown above it, `a` an optional note shown after the reveal.
 * - predict: "predict, then check" against a live figure. `figure` is the figure's id in the figure registry
 *            (src/lib/figure-state/registry.ts), `step` the training step the reader should scrub to, and `state`
 *            any other fields of that figure's URL state to set with it (e.g. { "y": "norm" }); `q` asks for the
 *            prediction, `a` says what the figure shows there. `phase` is the phase of the main run that `step`
 *            falls in, as the prompt's text claims it ('memorization', 'circuit', 'cleanup', or 'after' grokking;
 *            the names of src/lib/runs/phases.ts). test/unit/recall/predict-steps.test.ts checks the claim against
 *            the shipped run, so retraining the run flags every prompt whose step no longer fits. A figure that has no
 *            training step (chapter 5's) takes no `step` and `phase` but `at`, its `state` in words.
 * Text is plain (Unicode maths such as π, ², ·, ≈ is fine): it is shown in the page, printed, and exported to Anki.
 */
import { z } from 'astro/zod';

const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const id = z.string().regex(slug, 'invalid prompt id: use lowercase words joined by hyphens, e.g. "mem-three-phases"');
const tag = z.string().regex(slug, 'invalid tag: use lowercase words joined by hyphens');
const text = z.string().trim().min(1);

const base = {
  id,
  tags: z.array(tag).default([]),
};

const qaPrompt = z.object({ ...base, kind: z.literal('qa'), q: text, a: text }).strict();

const clozePrompt = z
  .object({
    ...base,
    kind: z.literal('cloze'),
    cloze: text.refine((s) => /\{\{[^{}]+\}\}/.test(s), 'invalid cloze: mark at least one gap as {{gap}}'),
    q: text.optional(),
    a: text.optional(),
  })
  .strict();

const predictPrompt = z
  .object({
    ...base,
    kind: z.literal('predict'),
    q: text,
    a: text,
    figure: z.string().regex(slug, "invalid figure id: use the id from the figure registry"),
    step: z.number().int().nonnegative().optional(),
    phase: z.enum(['memorization', 'circuit', 'cleanup', 'after']).optional(),
    /** For a figure without training steps (chapter 5's): the state in words, e.g. "on parity check at length 80". */
    at: text.optional(),
    state: z.record(z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict();

export const promptSchema = z.discriminatedUnion('kind', [qaPrompt, clozePrompt, predictPrompt]);

export const promptFileSchema = z
  .object({
    prompts: z
      .array(promptSchema)
      .min(1)
      .superRefine((prompts, ctx) => {
        const seen = new Set<string>();
        for (const p of prompts) {
          if (seen.has(p.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `duplicate prompt id: ${p.id}` });
          seen.add(p.id);
          if (p.kind === 'predict' && (p.step === undefined) !== (p.phase === undefined)) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: `invalid predict prompt ${p.id}: give both step and phase, or neither` });
          }
          if (p.kind === 'predict' && p.step === undefined && !p.at) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: `invalid predict prompt ${p.id}: without a step, say where to look in "at"` });
          }
        }
      }),
  })
  .strict();

export type Prompt = z.infer<typeof promptSchema>;
export type PromptFile = z.infer<typeof promptFileSchema>;

/** A prompt together with the chapter (slug of content/chapters/<slug>.mdx) whose recall file holds it. */
export type ChapterPrompt = Prompt & { chapter: string };
