// Content collections. Both schemas live in src/site/schemas.ts so unit tests can call them.
// A chapter whose frontmatter breaks the schema fails `astro build` with the entry (file) name
// and the field, e.g. "chapters → 02-circuits data does not match collection schema. goals: …".
import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { chapterSchema, referenceSchema } from './site/schemas';
import { promptFileSchema } from './lib/recall/schema';

const chapters = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/chapters' }),
  schema: chapterSchema,
});

const references = defineCollection({
  loader: file('./content/references.json'),
  schema: referenceSchema,
});

// Recall prompts, one file a chapter (content/recall/<chapter slug>.json); owned by src/lib/recall.
const recall = defineCollection({
  loader: glob({ pattern: '*.json', base: './content/recall' }),
  schema: promptFileSchema,
});

export const collections = { chapters, references, recall };
