// Open Graph images, rendered at build time: og/site.png, og/chapters/<id>.png and
// og/figures/<id>.png (built figures only). SVG cards from og-card.ts, rasterized by sharp
// (an optional dependency of Astro, declared in package.json). 1200×630 PNG.
//
// A figure's image shows the figure itself: its light still (public/stills/, made by `npm run stills`)
// composited into the card beside its title (og-figure.node.ts). A figure without a still yet gets the text card, and the
// build says so once. Shared links with a state in their query (?clock.a=3) get the same default-state
// image: a static site has one file per figure and cannot draw the reader's state for the link preview.
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import sharp from 'sharp';
import { cardSvg, type CardInput, type FigureCardInput } from '../../lib/figure-state/og-card';
import { figureCardPng } from '../../lib/figure-state/og-figure.node.ts';
import { hasStill } from '../../lib/figure-state/stills.node.ts';
import { builtFigures } from '../figures/_widgets';
import { publishedChapters } from '../../site/chapters';
import type { ChapterData } from '../../site/schemas';

type Props = { card: CardInput } | { figure: string; card: FigureCardInput };

export async function getStaticPaths() {
  const all = (await getCollection('chapters')) as { id: string; data: ChapterData }[];
  const chapters = publishedChapters(all, import.meta.env.DEV);
  const titles = new Map(chapters.map((c) => [c.id, c.data.title]));
  const cards: { params: { slug: string }; props: Props }[] = [
    {
      params: { slug: 'site' },
      props: {
        card: {
          kicker: 'An explorable essay',
          title: 'Grokking, Gradually',
          subtitle: 'Why grokking is gradual generalization followed by a sudden cleanup, with live figures running real checkpoints.',
        },
      },
    },
  ];
  chapters.forEach((c, i) =>
    cards.push({ params: { slug: `chapters/${c.id}` }, props: { card: { kicker: `Chapter ${i + 1}`, title: c.data.title, subtitle: c.data.summary } } }),
  );
  const missing: string[] = [];
  for (const f of builtFigures()) {
    const chapter = titles.get(f.chapter);
    const kicker = chapter ? `Interactive figure · ${chapter}` : 'Interactive figure';
    if (hasStill(f.id, 'light')) cards.push({ params: { slug: `figures/${f.id}` }, props: { figure: f.id, card: { kicker, title: f.title } } });
    else {
      missing.push(f.id);
      cards.push({ params: { slug: `figures/${f.id}` }, props: { card: { kicker, title: f.title, subtitle: f.description } } });
    }
  }
  if (missing.length) console.warn(`[og] no still for ${missing.join(', ')}: their Open Graph images are text cards (run \`npm run stills\`)`);
  return cards;
}

export const GET: APIRoute = async ({ props }) => {
  const p = props as Props;
  const png = 'figure' in p ? await figureCardPng(p.figure, p.card) : await sharp(Buffer.from(cardSvg(p.card))).png({ compressionLevel: 9 }).toBuffer();
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
