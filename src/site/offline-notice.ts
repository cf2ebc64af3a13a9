// Live figures load their code when they scroll into view. Offline, that load fails and the figure would
// stay as its static picture without a word. This watches each figure that comes into view: if it has not
// come alive (data-hydrated) a few seconds later while the browser is offline, it says so, and it removes
// the note again once the figure hydrates (for instance after the connection is back and the page reloaded).
const WAIT_MS = 2500;

export function watchOfflineFigures(doc: Document = document): void {
  if (typeof IntersectionObserver === 'undefined') return;
  const widgets = [...doc.querySelectorAll<HTMLElement>('figure [data-widget]')];
  if (widgets.length === 0) return;
  const noted = new WeakSet<Element>();
  const check = (el: HTMLElement) => {
    if (el.dataset.hydrated === 'true' || noted.has(el) || navigator.onLine) return;
    noted.add(el);
    const note = doc.createElement('p');
    note.className = 'gg-offline-note';
    note.setAttribute('role', 'status');
    note.dataset.offlineNote = '';
    note.textContent = 'You are offline: this figure needs a connection to load its interactive part. What you see is its saved state; reload the page when you are back online.';
    el.before(note);
    new MutationObserver((_, obs) => {
      if (el.dataset.hydrated === 'true') {
        note.remove();
        obs.disconnect();
      }
    }).observe(el, { attributes: true, attributeFilter: ['data-hydrated'] });
  };
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) setTimeout(() => check(e.target as HTMLElement), WAIT_MS);
  });
  for (const w of widgets) io.observe(w);
}
