// HTTP headers the deployed site needs so that figures can be embedded elsewhere, as data:
// the test server applies them, and `headersFile()` prints the same rules in the `_headers`
// format of Netlify / Cloudflare Pages for README's "Deploying" section.
//
// Why these:
// - The whole site is cross-origin isolated (COOP same-origin + COEP require-corp) so ONNX
//   Runtime Web can use WASM threads.
// - An embed page (/figures/<id>/) must be frameable by any origin. A host page that is itself
//   cross-origin isolated (COEP require-corp) only loads a cross-origin iframe whose response
//   has COEP too and `Cross-Origin-Resource-Policy: cross-origin`; a plain host page needs
//   nothing. COOP is ignored inside an iframe; isolation there holds only if the host is
//   isolated too, otherwise ORT falls back to one WASM thread (still correct).
// - No X-Frame-Options on /figures/* (and an explicit `frame-ancestors *`, in case a stricter
//   CSP is added site-wide later).
// - /embed-resize.js, the optional script that sizes embedded figures, is loaded by host pages on other
//   origins: it needs `Cross-Origin-Resource-Policy: cross-origin` too.
// - CORP is *not* set site-wide: assets an embed page loads are same-origin to it, and
//   `same-origin` on /* plus `cross-origin` on /figures/* would be merged into an invalid value
//   by hosts that combine matching rules.

export type HeaderRule = { path: string; headers: Readonly<Record<string, string>> };

export const DEPLOY_HEADER_RULES: readonly HeaderRule[] = [
  {
    path: '/*',
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  {
    path: '/figures/*',
    headers: {
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Security-Policy': 'frame-ancestors *',
    },
  },
  {
    // The optional script a host page includes to size embedded figures: loaded by other origins.
    path: '/embed-resize.js',
    headers: { 'Cross-Origin-Resource-Policy': 'cross-origin' },
  },
];

function matches(pattern: string, pathname: string): boolean {
  if (pattern.endsWith('/*')) {
    const prefix = pattern.slice(0, -1); // keep the slash: "/figures/" matches "/figures/x/" and the gallery
    return pathname.startsWith(prefix);
  }
  return pathname === pattern;
}

/** Headers for one path, as a static host applying DEPLOY_HEADER_RULES would send them. */
export function headersFor(pathname: string, base = '/'): Record<string, string> {
  const b = base.replace(/\/+$/, '');
  const path = b && pathname.startsWith(b) ? pathname.slice(b.length) || '/' : pathname;
  const out: Record<string, string> = {};
  for (const rule of DEPLOY_HEADER_RULES) if (matches(rule.path, path)) Object.assign(out, rule.headers);
  return out;
}

/** The rules as a `_headers` file (Netlify, Cloudflare Pages). */
export function headersFile(base = '/'): string {
  const b = base.replace(/\/+$/, '');
  return DEPLOY_HEADER_RULES.map((r) => [`${b}${r.path}`, ...Object.entries(r.headers).map(([k, v]) => `  ${k}: ${v}`)].join('\n')).join('\n') + '\n';
}
