// Registers the service worker (dist/sw.js, src/lib/offline/sw.js) in built sites (not `astro dev`), once the page
// has loaded and gone idle, so it never competes with the page's own first load. Then it hands the
// worker what the page loaded before the worker controlled it (the page itself, its scripts, styles,
// fonts; anything fetched later goes through the worker anyway), so this page opens offline next time.
// Where service workers are unavailable (some private windows, file://, blocked by policy) nothing
// happens: the site works online as before.

export interface OfflineStatus {
  /** Files of this visit that the worker has saved (after the page handed them over). */
  kept: number;
  cache: string;
}

function sameOriginResources(base: string): string[] {
  const urls = performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((u) => {
      try {
        const url = new URL(u);
        return url.origin === location.origin && url.pathname.startsWith(base);
      } catch {
        return false;
      }
    });
  return [location.href, ...new Set(urls)];
}

/**
 * Resolves once a worker controls this page (at once if one does already), or after 10 s: a page loaded
 * with a forced reload is never controlled, and its files are then handed to the active worker all the same.
 */
function controlled(): Promise<void> {
  if (navigator.serviceWorker.controller) return Promise.resolve();
  return new Promise((resolve) => {
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true });
    setTimeout(resolve, 10_000);
  });
}

/** Hands the worker the files this page loaded; resolves with its reply. */
function handOver(worker: ServiceWorker, base: string): Promise<OfflineStatus | null> {
  return new Promise<OfflineStatus | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 60_000);
    navigator.serviceWorker.addEventListener('message', function onKept(event: MessageEvent) {
      const d = event.data as { type?: string; kept?: number; cache?: string } | null;
      if (d?.type !== 'kept') return;
      navigator.serviceWorker.removeEventListener('message', onKept);
      clearTimeout(timer);
      resolve({ kept: Number(d.kept) || 0, cache: String(d.cache ?? '') });
    });
    worker.postMessage({ type: 'keep', page: location.href, urls: sameOriginResources(base) });
  });
}

/**
 * Registers the worker; resolves with what it saved of this visit, or null where there is no worker. The
 * list is handed over once the worker controls the page (from then on every request passes through it),
 * and once more a few seconds later for requests that were still on their way at that moment.
 */
export async function registerOffline(base: string): Promise<OfflineStatus | null> {
  // MODE, not PROD: PROD follows NODE_ENV, which a build started from the test runner has as 'test'
  // (the worker then never registered in the test build). `astro dev` runs in 'development' and has no sw.js.
  if (!('serviceWorker' in navigator) || import.meta.env.MODE === 'development') return null;
  try {
    await navigator.serviceWorker.register(`${base}sw.js`, { scope: base });
    const ready = await navigator.serviceWorker.ready;
    await controlled();
    const worker = navigator.serviceWorker.controller ?? ready.active;
    if (!worker) return null;
    await handOver(worker, base);
    await new Promise((r) => setTimeout(r, 3000));
    return await handOver(worker, base);
  } catch (error) {
    console.info('Offline reading is not available here:', error instanceof Error ? error.message : error);
    return null;
  }
}

/** registerOffline after load and a moment of idle time; the result is on document.documentElement.dataset.offline. */
export function registerOfflineWhenIdle(base: string): void {
  const start = () => {
    const go = () =>
      registerOffline(base).then((s) => {
        document.documentElement.dataset.offline = s ? `kept ${s.kept}` : 'unavailable';
      });
    if ('requestIdleCallback' in window) requestIdleCallback(go, { timeout: 5000 });
    else setTimeout(go, 1000);
  };
  if (document.readyState === 'complete') start();
  else addEventListener('load', start, { once: true });
}
