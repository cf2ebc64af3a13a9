// A one-line progress bar on stderr: step, losses, steps/s and ETA. On a TTY it
// redraws in place; otherwise (CI, log files) it prints a line every 5%.

interface ProgressInfo {
  step: number;
  total: number;
  trainLoss?: number;
  testLoss?: number;
  testAcc?: number;
}

function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return '--';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

function fmtLoss(x: number | undefined): string {
  return x === undefined ? '-' : x < 1e-3 ? x.toExponential(1) : x.toFixed(3);
}

export class ProgressBar {
  private readonly t0 = performance.now();
  private readonly startStep: number;
  private lastPrintedBucket = -1;
  private lastDraw = 0;

  constructor(
    startStep: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {
    this.startStep = startStep;
  }

  update(info: ProgressInfo, force = false): void {
    if (!this.enabled) return;
    const now = performance.now();
    const tty = this.stream.isTTY === true;
    const bucket = Math.floor((20 * info.step) / Math.max(1, info.total));
    if (!force) {
      if (tty && now - this.lastDraw < 100) return;
      if (!tty && bucket === this.lastPrintedBucket) return;
    }
    this.lastDraw = now;
    this.lastPrintedBucket = bucket;
    const elapsed = (now - this.t0) / 1000;
    const rate = (info.step - this.startStep) / Math.max(elapsed, 1e-9);
    const eta = (info.total - info.step) / rate;
    const width = 24;
    const filled = Math.round((width * info.step) / Math.max(1, info.total));
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const acc = info.testAcc === undefined ? '' : ` test acc ${(100 * info.testAcc).toFixed(1)}%`;
    const line = `${bar} step ${info.step}/${info.total}  train ${fmtLoss(info.trainLoss)}  test ${fmtLoss(info.testLoss)}${acc}  ${rate.toFixed(2)} steps/s  ETA ${fmtTime(eta)}`;
    this.stream.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  done(): void {
    if (this.enabled && this.stream.isTTY) this.stream.write('\n');
  }
}
