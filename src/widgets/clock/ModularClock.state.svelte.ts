// State of the modular clock: two residues a, b in Z_p and what follows from them.
// a + b mod p is read off the circle: rotate by a steps of 2π/p, then by b steps more.
// Pure helpers are exported for unit tests (test/unit/site/modular-clock.test.ts).

/** The representative of x in 0..p-1 (JS % keeps the sign of x). */
export function mod(x: number, p: number): number {
  return ((x % p) + p) % p;
}

/** Angle of residue x on a clock of p positions, in radians, clockwise from 12 o'clock. */
export function angleOf(x: number, p: number): number {
  return (2 * Math.PI * x) / p;
}

/** The residue nearest to an angle (radians, clockwise from 12 o'clock). */
export function residueAt(angle: number, p: number): number {
  return mod(Math.round((angle / (2 * Math.PI)) * p), p);
}

/** Angle (clockwise from 12 o'clock) of the point (x, y) around the origin, SVG axes (y down). */
export function angleOfPoint(x: number, y: number): number {
  const a = Math.atan2(x, -y);
  return a < 0 ? a + 2 * Math.PI : a;
}

/** A sentence for screen readers and the caption-side readout. */
export function describe(a: number, b: number, p: number): string {
  const sum = a + b;
  const c = mod(sum, p);
  const wrap =
    sum >= p
      ? `The pointer travels ${sum} steps: one full turn of ${p}, and ${c} more.`
      : `The pointer travels ${sum} steps, less than one full turn of ${p}.`;
  return `Rotate by a = ${a} steps, then by b = ${b} steps. ${wrap} So ${a} + ${b} mod ${p} = ${c}.`;
}

export interface ClockOptions {
  p: number;
  a: number;
  b: number;
}

export class ModularClockState {
  readonly p: number;
  a = $state(0);
  b = $state(0);
  /** (a + b) mod p. A getter over the two runes, so it is reactive wherever it is read. */
  get c(): number {
    return mod(this.a + this.b, this.p);
  }
  /** Whole turns made by a + b: 0 or 1, since a, b < p. */
  get turns(): number {
    return Math.floor((this.a + this.b) / this.p);
  }

  constructor({ p, a, b }: ClockOptions) {
    if (!Number.isInteger(p) || p < 2) throw new Error(`invalid p: ${p}`);
    this.p = p;
    this.a = mod(Math.round(a), p);
    this.b = mod(Math.round(b), p);
  }

  set(which: 'a' | 'b', value: number): void {
    if (!Number.isFinite(value)) return;
    this[which] = mod(Math.round(value), this.p);
  }

  step(which: 'a' | 'b', delta: number): void {
    this.set(which, this[which] + delta);
  }

  /** Dragging the tip of the second arc to residue r sets b so that a + b ≡ r. */
  setResult(r: number): void {
    this.b = mod(r - this.a, this.p);
  }
}
