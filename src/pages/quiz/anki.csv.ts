// /quiz/anki.csv: every recall prompt, in a CSV that Anki imports as Basic notes (see src/lib/recall/anki.ts).
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { ankiCsv } from '../../lib/recall/anki';
import { flattenPrompts } from '../../lib/recall/prompts';

export const GET: APIRoute = async () => {
  const csv = ankiCsv(flattenPrompts(await getCollection('recall')));
  return new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
