// The deployed address of the site, from the environment at build time (SITE_URL=https://host/path/).
// Without it the site is built with no address: canonical links and Open Graph images use root-relative
// paths, and citations leave the URL out, so no placeholder domain is ever printed.
export function siteUrl(raw: string | undefined): string | undefined {
  const v = raw?.trim();
  if (!v) return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new Error(`SITE_URL must be an absolute http(s) address such as https://example.org/, got ${JSON.stringify(v)}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`SITE_URL must use http or https, got ${JSON.stringify(v)}`);
  return u.href;
}

/** An address for `path` (root-relative, e.g. "/og/x.png"): absolute on the deployed site, the path itself otherwise. */
export function absoluteOrPath(path: string, site: URL | undefined): string {
  return site ? new URL(path, site).href : path;
}
