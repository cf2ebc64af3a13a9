// Zod schemas for the two content sources authors write by hand: chapter frontmatter and
// the bibliography. src/content.config.ts hands them to Astro's loaders, so a bad file fails
// `astro build` / `astro sync`; unit tests call them directly (test/unit/site/schemas.test.ts).
import { z } from 'astro/zod';

/** Frontmatter of content/chapters/*.mdx. Strict: a misspelt key ("goal:") is an error, not ignored. */
export const chapterSchema = z
  .object({
    title: z.string().trim().min(1, 'title must not be empty'),
    /** Position in the essay; any distinct positive numbers (1, 2, 3 or 10, 20, 30). */
    order: z.number().int('order must be a whole number').positive('order must be positive'),
    /** One or two sentences, shown on the title page and in <meta name="description">. */
    summary: z.string().trim().min(1, 'summary must not be empty'),
    /** What the reader should be able to do afterwards; shown at the top of the chapter. */
    goals: z.array(z.string().trim().min(1)).min(1, 'goals needs at least one learning goal'),
    /** Drafts build in `astro dev` only. */
    draft: z.boolean().default(false),
  })
  .strict();

export type ChapterData = z.infer<typeof chapterSchema>;

const author = z.object({
  family: z.string().min(1),
  given: z.string().min(1),
});

/** One entry of content/references.json (an array; `id` is what <Cite id="…"> uses). */
export const referenceSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'id must be lowercase letters, digits and dashes'),
    kind: z.enum(['paper', 'preprint', 'article', 'explorable', 'post', 'talk', 'software']),
    authors: z.array(author).min(1, 'authors needs at least one author'),
    year: z.number().int().min(1900).max(2100),
    title: z.string().min(1),
    /** Where it appeared: "ICLR 2023", "PAIR Explorables", … */
    venue: z.string().min(1).optional(),
    arxiv: z
      .string()
      .regex(/^\d{4}\.\d{4,5}$/, 'arxiv must look like 2301.05217')
      .optional(),
    url: z.string().url().optional(),
  })
  .strict()
  .refine((r) => r.arxiv !== undefined || r.url !== undefined, {
    message: 'a reference needs an arxiv id or a url',
    path: ['url'],
  });

export type Reference = z.infer<typeof referenceSchema>;
