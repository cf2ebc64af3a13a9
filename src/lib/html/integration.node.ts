// An Astro integration that tidies every built page after the build: each inline SVG's geometry is
// rounded to the precision it can show (./svg-precision.ts). Registered in astro.config.mjs before the
// islands and the service worker, whose cache id hashes the pages as this leaves them.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { listFiles } from '../files.node';
import { roundSvgGeometry } from './svg-precision';

export default function htmlTidy(): AstroIntegration {
  return {
    name: 'grokking-html-tidy',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        let before = 0;
        let after = 0;
        for (const page of listFiles(fileURLToPath(dir), { match: /\.html$/ })) {
          const html = readFileSync(page, 'utf8');
          const tidy = roundSvgGeometry(html);
          before += html.length;
          after += tidy.length;
          if (tidy !== html) writeFileSync(page, tidy);
        }
        logger.info(`rounded inline SVG geometry: ${(before / 1000).toFixed(0)} → ${(after / 1000).toFixed(0)} kB of HTML`);
      },
    },
  };
}
