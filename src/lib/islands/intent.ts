// The `client:intent` directive: hydrate a control on the first sign that the reader means to use it (the
// pointer over it, focus inside it, a touch), not at page load. For the figures' Share menus, whose code
// (links, citations, image export, assignments) no reader needs before reaching for one. A click that
// arrives before the code has loaded is held and replayed on the same element once it has hydrated, so the
// first press on a touch screen still opens the menu.
import type { ClientDirective } from 'astro';

const EARLY = ['pointerover', 'pointerdown', 'focusin', 'touchstart'] as const;

const intent: ClientDirective = (load, _options, el) => {
  let started: Promise<void> | null = null;
  let held: HTMLElement | null = null;
  let live = false;

  const start = () =>
    (started ??= (async () => {
      for (const type of EARLY) el.removeEventListener(type, start);
      const hydrate = await load();
      await hydrate();
      live = true;
      el.removeEventListener('click', hold, true);
      const target = held;
      held = null;
      target?.click();
    })());

  function hold(event: Event) {
    if (live) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    held = event.target instanceof Element ? event.target.closest<HTMLElement>('button, a, input, select, summary, [role="button"]') : null;
    void start();
  }

  for (const type of EARLY) el.addEventListener(type, start, { passive: true });
  el.addEventListener('click', hold, true);
};

export default intent;
