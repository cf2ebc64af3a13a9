// The service worker, for reading offline in a classroom with a poor connection. Built into dist/sw.js by
// src/lib/offline/service-worker.node.ts, which fills in the two placeholders below (CACHE's build id, a
// hash of the whole build, and BASE, the site's base path). Plain JavaScript, run as it is by the browser.
//
// What it keeps: every same-origin GET under the base that a visit used, once the worker is running
// (pages, scripts, styles, fonts, ONNX Runtime's files, the checkpoints and run data the figures
// fetched). The page also sends it what it loaded before the worker started (register.ts), so a chapter
// read once opens again offline with its live figures, and so does an assignment and its figures.
//
//   pages (navigations)  network first; offline, the saved copy of that path, whatever its ?query
//                        (assignments and figure states live in the query and are read by the page)
//   everything else      the saved copy first, else the network (and saved)
//
// Responses are kept whole, headers included, so a saved page is still cross-origin isolated
// (COOP/COEP) and ONNX Runtime still gets its threads. A new deployment has a new build id, so the
// browser installs the new worker, which deletes every older cache of ours when it takes over.
const CACHE_PREFIX = 'grokking-gradually-';
const CACHE = `${CACHE_PREFIX}__BUILD__`;
const BASE = '__BASE__';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith(CACHE_PREFIX) && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

/** Whether a request is ours to keep: a same-origin GET under the base, not the worker itself. */
function keepable(request) {
  if (request.method !== 'GET' || request.headers.has('range')) return false;
  const url = new URL(request.url);
  return url.origin === self.location.origin && url.pathname.startsWith(BASE) && url.pathname !== `${BASE}sw.js`;
}

/** Pages are saved under their path alone: one copy serves every ?query the page reads itself. */
function pageKey(url) {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.href;
}

async function save(key, response) {
  // A redirected response cannot answer a navigation; an opaque or failed one is not worth keeping.
  if (!response.ok || response.redirected || response.type !== 'basic') return;
  const cache = await caches.open(CACHE);
  await cache.put(key, response);
}

/** Saves in the background: the fetch event stays alive until the copy is written (wasm and checkpoints are large). */
function saveLater(event, key, response) {
  event.waitUntil(save(key, response).catch(() => {}));
}

async function page(event) {
  const { request } = event;
  try {
    const response = await fetch(request);
    saveLater(event, pageKey(request.url), response.clone());
    return response;
  } catch (error) {
    const saved = await caches.match(pageKey(request.url), { cacheName: CACHE });
    if (saved) return saved;
    return new Response(
      '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Offline</title>' +
        '<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5">' +
        '<h1>You are offline</h1><p>This page was not saved on this device: pages of <i>Grokking, Gradually</i> are kept for offline reading once they have been opened with a connection. ' +
        `<a href="${BASE}">The title page</a> may be saved.</p></body></html>`,
      {
        status: 503,
        headers: {
          'Content-Type': 'text/html; charset=utf-8',
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Embedder-Policy': 'require-corp',
        },
      },
    );
  }
}

async function asset(event) {
  const { request } = event;
  const saved = await caches.match(request, { cacheName: CACHE });
  if (saved) return saved;
  const response = await fetch(request);
  saveLater(event, request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (!keepable(request)) return;
  event.respondWith(request.mode === 'navigate' ? page(event) : asset(event));
});

// { type: 'keep', urls }: what the page loaded before this worker controlled it. Each is fetched again
// (from the HTTP cache, as a rule) and saved; the reply says how many are saved.
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      let kept = 0;
      for (const raw of data.urls.slice(0, 500)) {
        if (typeof raw !== 'string') continue;
        let url;
        try {
          url = new URL(raw, self.location.href);
        } catch {
          continue;
        }
        const isPage = raw === data.page;
        const key = isPage ? pageKey(url.href) : url.href;
        if (!keepable(new Request(url.href)) || (await cache.match(key))) {
          kept += (await cache.match(key)) ? 1 : 0;
          continue;
        }
        try {
          const response = await fetch(url.href, { credentials: 'same-origin' });
          if (response.ok && !response.redirected && response.type === 'basic') {
            await cache.put(key, response);
            kept++;
          }
        } catch {
          /* offline already, or gone: the rest may still be saved */
        }
      }
      event.source?.postMessage({ type: 'kept', kept, cache: CACHE });
    })(),
  );
});
