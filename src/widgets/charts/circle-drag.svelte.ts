// Dragging named handles around a circle drawn in an <svg> whose user-space origin is the circle's
// centre (ModularClock, Rotations). Pointer capture keeps a drag on its handle however fast the
// pointer moves; each move reports the pointer in the svg's own coordinates (y down), and the widget
// turns that point into a value its own way. The handle takes focus on press, so the arrow keys
// continue where the pointer left off.
//
//   const drag = new CircleDrag<'a' | 'b'>(() => svg, (which, x, y) => …);
//   <circle class:dragging={drag.dragging === 'a'} {...drag.handlers('a')} … />

export class CircleDrag<H extends string> {
  /** The handle being dragged, if any. */
  dragging = $state<H | null>(null);
  readonly #svg: () => SVGSVGElement | undefined;
  readonly #move: (which: H, x: number, y: number) => void;

  constructor(svg: () => SVGSVGElement | undefined, move: (which: H, x: number, y: number) => void) {
    this.#svg = svg;
    this.#move = move;
  }

  /** The pointer handlers of one handle, to spread on its element. */
  handlers(which: H) {
    return {
      onpointerdown: (e: PointerEvent) => this.#start(which, e),
      onpointermove: (e: PointerEvent) => this.#moveTo(e),
      onpointerup: (e: PointerEvent) => this.#end(e),
      onpointercancel: (e: PointerEvent) => this.#end(e),
    };
  }

  #start(which: H, e: PointerEvent): void {
    this.dragging = which;
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    (e.currentTarget as SVGElement).focus();
    e.preventDefault();
  }

  #moveTo(e: PointerEvent): void {
    const which = this.dragging;
    if (!which) return;
    const ctm = this.#svg()?.getScreenCTM();
    if (!ctm) return;
    const q = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    this.#move(which, q.x, q.y);
  }

  #end(e: PointerEvent): void {
    if (!this.dragging) return;
    this.dragging = null;
    (e.currentTarget as Element).releasePointerCapture(e.pointerId);
  }
}
