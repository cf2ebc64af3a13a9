// The `client:deferred` directive: hydrate a figure when it comes near the screen (like client:visible),
// first fetching its props from the file the build moved them to (move-props.ts, data-props-src). A
// figure's data then costs nothing until a reader scrolls to it. Without data-props-src (`astro dev`,
// which does not move props) it is client:visible with a margin.
// If the file cannot be fetched (offline, a partial deployment) the figure stays as its server-rendered
// picture; src/site/offline-notice.ts tells an offline reader why.
import type { ClientDirective } from 'astro';

/** How far below the screen a figure starts loading, so it is usually live by the time it is seen.
 *  `client:deferred={{ margin: '0px' }}` starts on screen instead (recall cards: readable before they are live). */
const MARGIN = '400px';

async function fetchProps(el: HTMLElement, src: string): Promise<void> {
  // Fetch the component's code meanwhile (the import in load() then finds it in the module map).
  const code = el.getAttribute('component-url');
  if (code && !document.head.querySelector(`link[rel="modulepreload"][href="${code}"]`)) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = code;
    document.head.append(link);
  }
  const res = await fetch(src);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const text = await res.text();
  JSON.parse(text); // never hand the island props it cannot parse
  // Set before load() resolves: the island re-hydrates on a props change only once its code is loaded.
  el.setAttribute('props', text);
}

const deferred: ClientDirective = (load, options, el) => {
  const value: unknown = options.value;
  const margin = typeof value === 'object' && value !== null && 'margin' in value && typeof value.margin === 'string' ? value.margin : MARGIN;
  const start = async () => {
    const src = el.dataset.propsSrc;
    if (src) {
      try {
        await fetchProps(el, src);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        const say = navigator.onLine ? console.error : console.info;
        say(`This figure's data (${src}) could not be loaded (${why}); it stays as its saved picture.`);
        el.dataset.propsError = why;
        return;
      }
    }
    const hydrate = await load();
    await hydrate();
  };
  const io = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      io.disconnect();
      void start();
    },
    { rootMargin: `${margin} 0px` },
  );
  for (const child of el.children) io.observe(child);
};

export default deferred;
