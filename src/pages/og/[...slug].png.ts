// Open Graph images, rendered at build time: og/site.png, og/chapters/<id>.png and
// og/figures/<id>.png (built figures only). SVG cards from og-card.ts, rasterized by sharp
// (an optional dependency of Astro, declared in package.json). 1200×630 PNG.
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import sharp from 'sharp';
import { cardSvg, type CardInput } from '../../lib/figure-state/og-card';
import { builtFigures } from '../figures/_widgets';
import { publishedChapters } from '../../site/chapters';
import type { ChapterData } from '../../site/schemas';

export async function getStaticPaths() {
  const all = (await getCollection('chapters')) as { id: string; data: ChapterData }[];
  const chapters = publishedChapters(all, import.meta.env.DEV);
  const titles = new Map(chapters.map((c) => [c.id, c.data.title]));
  const cards: { params: { slug: string }; props: CardInput }[] = [
    {
      params: { slug: 'site' },
      props: {
        kicker: 'An explorable essay',
        title: 'Grokking, Gradually',
        subtitle: 'Why grokking is gradual generalization followed by a sudden cleanup, with live figures running real checkpoints.',
      },
    },
  ];
  chapters.forEach((c, i) =>
    cards.push({ params: { slug: `chapters/${c.id}` }, props: { kicker: `Chapter ${i + 1}`, title: c.data.title, subtitle: c.data.summary } }),
  );
  for (const f of builtFigures()) {
    const chapter = titles.get(f.chapter);
    cards.push({
      params: { slug: `figures/${f.id}` },
      props: { kicker: chapter ? `Interactive figure · ${chapter}` : 'Interactive figure', title: f.title, subtitle: f.description },
    });
  }
  return cards;
}

export const GET: APIRoute = async ({ props }) => {
  const png = await sharp(Buffer.from(cardSvg(props as CardInput)))
    .png({ compressionLevel: 9 })
    .toBuffer();
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
