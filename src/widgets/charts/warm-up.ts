// Warm-up of the page's ONNX Runtime before a live figure needs it: on a page whose HTML has live
// figures (elements with data-live-checkpoint, written by the widgets' server render: see
// live-model.ts liveHint), load ONNX Runtime, fetch and verify the checkpoint the nearest such figure
// shows and create its session, so that when the reader reaches the figure only the run is left.
// Measured in scripts/bench/README.md ("Warm-up"): loading, not inference, was most of the wait.
//
// When: a live figure comes within ~2 viewports of the reader (IntersectionObserver, so never on the
// scroll path), and only after the load event and at an idle moment, so the page's own hydration goes
// first. Not merely because the page loaded: ONNX Runtime is 14 MB (3.7 MB gzipped), and a reader who
// never scrolls near a live figure should not download it. With Save-Data
// (navigator.connection.saveData) or prefers-reduced-data, only when a figure is within 300 px, as
// the figures themselves would (so such readers download nothing they would not have anyway).
// Pages without live figures load nothing: this module then returns after one querySelectorAll, and
// live-model.ts (and ONNX Runtime, from there) is imported only when a warm-up starts.
// A failed warm-up is silent: the figure's own load (live-model.ts loadCheckpoint) retries and reports.

export const HINT_ATTR = 'data-live-checkpoint';

export interface LiveHint {
  url: string;
  sha256: string;
  bytes: number;
  p: number;
}

export function parseHint(text: string | null | undefined): LiveHint | null {
  if (!text) return null;
  try {
    const h = JSON.parse(text) as Partial<LiveHint>;
    if (typeof h.url !== 'string' || typeof h.sha256 !== 'string' || typeof h.bytes !== 'number' || typeof h.p !== 'number') return null;
    return { url: h.url, sha256: h.sha256, bytes: h.bytes, p: h.p };
  } catch {
    return null;
  }
}

/** True when the reader asked to save data (Save-Data / prefers-reduced-data). */
export function savesData(win: Window = window): boolean {
  const conn = (win.navigator as { connection?: { saveData?: boolean } }).connection;
  if (conn?.saveData === true) return true;
  try {
    return win.matchMedia?.('(prefers-reduced-data: reduce)').matches === true;
  } catch {
    return false;
  }
}

/** Distance in px from the viewport to an element (0 when it intersects it). */
export function distanceToViewport(rect: { top: number; bottom: number }, viewportHeight: number): number {
  if (rect.bottom < 0) return -rect.bottom;
  if (rect.top > viewportHeight) return rect.top - viewportHeight;
  return 0;
}

/** The element nearest to the viewport, or null. */
export function nearest(els: readonly Element[], viewportHeight: number): Element | null {
  let best: Element | null = null;
  let bestD = Infinity;
  for (const el of els) {
    const d = distanceToViewport(el.getBoundingClientRect(), viewportHeight);
    if (d < bestD) {
      best = el;
      bestD = d;
    }
  }
  return best;
}

export interface WarmUpOptions {
  /** Starts the warm-up of one checkpoint (default: live-model.ts warmUp, imported on first use). */
  warm?: (hint: LiveHint) => void;
  /** Overrides savesData(). */
  saveData?: boolean;
}

/** Sets up the warm-up for this page; returns a function that stops it. */
export function startWarmUp(opts: WarmUpOptions = {}): () => void {
  const figs = [...document.querySelectorAll(`[${HINT_ATTR}]`)];
  if (!figs.length || typeof IntersectionObserver === 'undefined') return () => {};
  const warm =
    opts.warm ??
    ((hint: LiveHint) => {
      void import('./live-model').then((m) => m.warmUp(hint), () => undefined);
    });
  const started = new Set<string>();
  const startNow = (el: Element) => {
    const hint = parseHint(el.getAttribute(HINT_ATTR)); // read now: a hydrated figure has its current checkpoint here
    if (!hint || started.has(hint.url)) return;
    started.add(hint.url);
    warm(hint);
  };
  // Creating the session compiles and instantiates ONNX Runtime's WASM, which competes with the page's own
  // start (measured: figures hydrated seconds later when the warm-up began at DOMContentLoaded). So a
  // warm-up waits for the load event and then for an idle moment (at most 1 s): the page's work comes first.
  const pending = new Set<Element>();
  let loaded = document.readyState === 'complete';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const els = [...pending];
    pending.clear();
    const el = nearest(els, window.innerHeight); // one checkpoint: the nearest figure's
    if (el) startNow(el);
  };
  const warmFigure = (el: Element) => {
    pending.add(el);
    if (!loaded || scheduled) return;
    scheduled = true;
    if ('requestIdleCallback' in window) window.requestIdleCallback(flush, { timeout: 1000 });
    else setTimeout(flush, 0);
  };
  const onLoad = () => {
    loaded = true;
    if (pending.size) {
      const els = [...pending];
      pending.clear();
      for (const el of els) warmFigure(el);
    }
  };
  if (!loaded) window.addEventListener('load', onLoad, { once: true });
  const saveData = opts.saveData ?? savesData();
  const io = new IntersectionObserver(
    (entries) => {
      for (const e of entries) if (e.isIntersecting) warmFigure(e.target);
    },
    { rootMargin: saveData ? '300px 0px' : '200% 0px' },
  );
  for (const el of figs) io.observe(el);

  return () => {
    io.disconnect();
    window.removeEventListener('load', onLoad);
  };
}
