import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import remarkFigures from './src/site/remark-figures.ts';
import serveModels from './src/lib/runs/serve-models.node.ts'; // publishes models/ (dev + dist/models)
import serviceWorker from './src/lib/offline/service-worker.node.ts'; // dist/sw.js, for reading offline
import islands from './src/lib/islands/integration.node.ts'; // client:deferred (figure data out of the HTML), client:intent
import htmlTidy from './src/lib/html/integration.node.ts'; // inline SVG geometry rounded to what it can show
import rehypeMathLayout from './src/site/rehype-math-layout.ts';
import { siteUrl } from './src/site/site-url.ts';

// Headers for `astro dev` / `astro preview` (and the test server in scripts/serve.ts): cross-origin
// isolation lets ONNX Runtime Web use WASM threads. Static hosts need the same; see README "Deploying".
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // The deployed address, from the environment (README, "Deploying"); without it links stay root-relative.
  site: siteUrl(process.env.SITE_URL),
  // htmlTidy and islands before serviceWorker: the worker's cache id hashes the pages and props files they write.
  integrations: [svelte(), mdx(), serveModels(), htmlTidy(), islands(), serviceWorker()],
  markdown: {
    remarkPlugins: [remarkMath, remarkFigures],
    rehypePlugins: [rehypeKatex, rehypeMathLayout],
    // Code colours for both themes; src/styles/prose.css picks one (high contrast: axe AA).
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
    },
  },
  server: { headers: isolation },
  // Fonts stay files, never inlined into the CSS as data: URLs (Vite inlines assets under 4 KB, which
  // put KaTeX's small delimiter faces into every page's stylesheet whether or not its math uses them).
  vite: { build: { assetsInlineLimit: (file) => (file.endsWith('.woff2') ? false : undefined) } },
});
