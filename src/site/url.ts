// Site-relative links that respect Astro's `base` (the site may be deployed under a sub-path).
export function href(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

export function chapterHref(id: string): string {
  return href(`chapters/${id}/`);
}
