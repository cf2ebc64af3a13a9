// A shared link to a figure (…#fig-<id>) should show that figure at the top of the screen with its caption.
// The browser scrolls there once, at load; then the figures above it hydrate, grow or shrink, and the
// target drifts (half-way down the screen, caption cut off). This keeps the target where the browser put
// it until the page settles or the reader scrolls, types or touches: whichever comes first.
const SETTLE_MS = 4000;

export function keepAnchor(win: Window = window): void {
  const id = decodeURIComponent(win.location.hash.slice(1));
  if (!id.startsWith('fig-')) return;
  const target = win.document.getElementById(id);
  if (!target || typeof ResizeObserver === 'undefined') return;
  let done = false;
  const stop = () => {
    done = true;
    observer.disconnect();
    for (const ev of ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const) win.removeEventListener(ev, stop, true);
  };
  const align = () => {
    if (!done) target.scrollIntoView({ block: 'start', behavior: 'instant' as ScrollBehavior });
  };
  const observer = new ResizeObserver(align);
  observer.observe(win.document.body);
  for (const ev of ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const) win.addEventListener(ev, stop, { capture: true, passive: true });
  win.setTimeout(stop, SETTLE_MS);
  align();
}
