// Canvas figures cannot use CSS variables directly: resolve the site's colour tokens (light-dark()
// values) to concrete colours through a probe element, and redraw when the theme changes (the reader's
// toggle sets html[data-theme]; otherwise the system scheme decides).

/** The computed colour of `token` (e.g. '--color-result') inside `el`, as rgb(…). */
export function resolveColor(el: Element, token: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${token})`;
  probe.style.display = 'none';
  el.appendChild(probe);
  const c = getComputedStyle(probe).color;
  probe.remove();
  return c;
}

/** Calls `cb` whenever the page theme may have changed; returns the unsubscribe function. */
export function onThemeChange(cb: () => void): () => void {
  const mo = new MutationObserver(cb);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
  const mq = matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', cb);
  return () => {
    mo.disconnect();
    mq.removeEventListener('change', cb);
  };
}
