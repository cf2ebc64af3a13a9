// The train CLI end to end on the CPU twin with the tiny `ci-tiny` run: bad input
// exits 2 touching nothing; output files match the manifest's sha256; a run
// stopped and resumed ends bit-for-bit where an uninterrupted run ends, with either matmul kernel (--fma).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function train(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(TSX, [join(ROOT, 'scripts', 'train.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('npm run train: bad input', () => {
  it('an unknown run id gives one line and exit code 2', () => {
    const out = mkdtempSync(join(tmpdir(), 'train-'));
    const r = train(['no-such-run', '--out', join(out, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("unknown run id 'no-such-run'");
    expect(existsSync(join(out, 'x'))).toBe(false);
  });

  it('a malformed config names the field, exits 2 and leaves an existing run untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    const runsFile = join(dir, 'runs.json');
    const runs = JSON.parse(readFileSync(join(ROOT, 'scripts', 'runs.json'), 'utf8'));
    runs['ci-tiny'].optim.beta2 = 'high';
    writeFileSync(runsFile, JSON.stringify(runs));
    const existing = join(dir, 'run');
    mkdirSync(existing);
    writeFileSync(join(existing, 'manifest.json'), '{"keep":true}');
    const r = train(['ci-tiny', '--backend', 'cpu', '--out', existing], { TRAIN_RUNS_FILE: runsFile });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`train: invalid config for run 'ci-tiny': optim.beta2 must be a finite number, got "high"`);
    expect(readFileSync(join(existing, 'manifest.json'), 'utf8')).toBe('{"keep":true}');
    expect(readdirSync(existing)).toEqual(['manifest.json']);
  });

  it('an unknown backend or option exits 2', () => {
    expect(train(['ci-tiny', '--backend', 'tpu']).code).toBe(2);
    expect(train(['ci-tiny', '--fast']).code).toBe(2);
  });

  it('--threads takes a whole number from 1 to 64, for the CPU twin only', () => {
    for (const bad of ['0', '1.5', 'two', '65']) {
      const r = train(['ci-tiny', '--backend', 'cpu', '--threads', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('--threads must be a whole number from 1 to 64');
    }
    const r = train(['ci-tiny', '--threads', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--threads is for the CPU twin');
  });

  it('--fma takes on, off or auto, for the CPU twin only', () => {
    const r = train(['ci-tiny', '--backend', 'cpu', '--fma', 'yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--fma must be on, off or auto, got 'yes'");
    const gpu = train(['ci-tiny', '--fma', 'on']);
    expect(gpu.code).toBe(2);
    expect(gpu.stderr).toContain('--fma is for the CPU twin');
  });

  it('refuses to overwrite a finished run without --resume', () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    writeFileSync(join(dir, 'manifest.json'), '{}');
    const r = train(['ci-tiny', '--backend', 'cpu', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already holds a run');
    expect(readdirSync(dir)).toEqual(['manifest.json']);
  });
});

describe('npm run train: output', () => {
  const base = mkdtempSync(join(tmpdir(), 'train-'));
  const straight = join(base, 'straight');
  const resumed = join(base, 'resumed');

  it('writes metrics, checkpoints and a manifest whose sha256s match', () => {
    const r = train(['ci-tiny', '--backend', 'cpu', '--quiet', '--out', straight]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = JSON.parse(readFileSync(join(straight, 'manifest.json'), 'utf8'));
    expect(m.status).toBe('complete');
    expect(m.step).toBe(40);
    expect(m.checkpoints.map((c: { step: number }) => c.step)).toEqual([0, 10, 20, 30, 40]);
    for (const f of m.files) expect(sha(join(straight, f.path)), f.path).toBe(f.sha256);
    const lines = readFileSync(join(straight, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.step)).toEqual([0, 5, 10, 20, 30, 40]);
    expect(lines.at(-1).trainLoss).toBeLessThan(lines[0].trainLoss);
    expect(m.split.nTrain + m.split.nTest).toBe(49);
  });

  it('a run stopped at step 20 and resumed ends with the same bytes as an uninterrupted one', () => {
    expect(train(['ci-tiny', '--backend', 'cpu', '--quiet', '--steps', '20', '--out', resumed]).code).toBe(0);
    const partial = JSON.parse(readFileSync(join(resumed, 'manifest.json'), 'utf8'));
    expect(partial.status).toBe('partial');
    expect(train(['ci-tiny', '--backend', 'cpu', '--quiet', '--resume', '--out', resumed]).code).toBe(0);
    expect(sha(join(resumed, 'state', 'latest.bin'))).toBe(sha(join(straight, 'state', 'latest.bin')));
    expect(sha(join(resumed, 'ckpt', 'step-000040.onnx'))).toBe(sha(join(straight, 'ckpt', 'step-000040.onnx')));
    expect(readFileSync(join(resumed, 'metrics.jsonl'), 'utf8')).toBe(readFileSync(join(straight, 'metrics.jsonl'), 'utf8'));
  });

  it('--drop-state removes a finished run\'s resume state and only that; --resume then says there is nothing to resume', () => {
    const dir = join(base, 'dropped');
    expect(train(['ci-tiny', '--backend', 'cpu', '--quiet', '--steps', '20', '--out', dir]).code).toBe(0);
    const partial = train(['ci-tiny', '--drop-state', '--out', dir]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('not finished');
    expect(existsSync(join(dir, 'state', 'latest.bin'))).toBe(true);
    expect(train(['ci-tiny', '--backend', 'cpu', '--quiet', '--resume', '--out', dir]).code).toBe(0);
    const before = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(train(['ci-tiny', '--drop-state', '--quiet', '--out', dir]).code).toBe(0);
    const after = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(existsSync(join(dir, 'state'))).toBe(false);
    expect(after.files.map((f: { path: string }) => f.path)).toEqual(before.files.map((f: { path: string }) => f.path).filter((p: string) => !p.startsWith('state/')));
    expect({ ...after, files: null }).toEqual({ ...before, files: null });
    for (const f of after.files) expect(sha(join(dir, f.path)), f.path).toBe(f.sha256);
    const again = train(['ci-tiny', '--backend', 'cpu', '--resume', '--out', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('nothing to resume');
    expect(train(['ci-tiny', '--drop-state', '--resume', '--out', dir]).code).toBe(2);
  });
});

// The matmul's micro-kernel (src/lib/train/cpu/wasm/fma.ts): fused multiply-add rounds differently, so a
// run records its kernel and --resume keeps it.
describe('npm run train --fma: the kernel is recorded and --resume keeps it', () => {
  const base = mkdtempSync(join(tmpdir(), 'train-fma-'));
  const plain = join(base, 'plain');
  const straight = join(base, 'straight');
  const resumed = join(base, 'resumed');
  const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

  it('a run with --fma on records simd128-fma in its manifest and state, and its command says --fma on; without --fma, simd128', () => {
    expect(train(['ci-tiny', '--backend', 'cpu', '--quiet', '--out', plain]).code).toBe(0);
    expect(manifest(plain).matmulKernel).toBe('simd128');
    expect(manifest(plain).command).toBe('npm run train -- ci-tiny --backend cpu');
    const r = train(['ci-tiny', '--backend', 'cpu', '--fma', 'on', '--quiet', '--out', straight]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(manifest(straight).matmulKernel).toBe('simd128-fma');
    expect(manifest(straight).command).toBe('npm run train -- ci-tiny --backend cpu --fma on');
    expect(JSON.parse(readFileSync(join(straight, 'state', 'latest.json'), 'utf8')).matmulKernel).toBe('simd128-fma');
    // Another rounding, another run.
    expect(sha(join(straight, 'state', 'latest.bin'))).not.toBe(sha(join(plain, 'state', 'latest.bin')));
  });

  it('stopped at step 20, refused with --fma off (touching nothing), resumed without --fma on 2 threads: the uninterrupted run\'s bytes', () => {
    expect(train(['ci-tiny', '--backend', 'cpu', '--fma', 'auto', '--quiet', '--steps', '20', '--out', resumed]).code).toBe(0);
    const before = readdirSync(resumed).map((f) => f);
    const manifestBefore = readFileSync(join(resumed, 'manifest.json'), 'utf8');
    const refused = train(['ci-tiny', '--backend', 'cpu', '--fma', 'off', '--resume', '--out', resumed]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('was trained with the simd128-fma matmul kernel');
    expect(refused.stderr).toContain('Resume with --fma on (or without --fma)');
    expect(readdirSync(resumed)).toEqual(before);
    expect(readFileSync(join(resumed, 'manifest.json'), 'utf8')).toBe(manifestBefore);
    expect(train(['ci-tiny', '--backend', 'cpu', '--threads', '2', '--quiet', '--resume', '--out', resumed]).code).toBe(0);
    expect(manifest(resumed).matmulKernel).toBe('simd128-fma');
    expect(sha(join(resumed, 'state', 'latest.bin'))).toBe(sha(join(straight, 'state', 'latest.bin')));
    expect(sha(join(resumed, 'ckpt', 'step-000040.onnx'))).toBe(sha(join(straight, 'ckpt', 'step-000040.onnx')));
    expect(readFileSync(join(resumed, 'metrics.jsonl'), 'utf8')).toBe(readFileSync(join(straight, 'metrics.jsonl'), 'utf8'));
  });

  it('a CPU run whose manifest predates the record counts as simd128: --fma on is refused, no --fma resumes it', () => {
    const old = join(base, 'old');
    expect(train(['ci-tiny', '--backend', 'cpu', '--quiet', '--steps', '20', '--out', old]).code).toBe(0);
    const m = manifest(old);
    delete m.matmulKernel;
    writeFileSync(join(old, 'manifest.json'), JSON.stringify(m));
    writeFileSync(join(old, 'state', 'latest.json'), JSON.stringify({ step: 20 }));
    const refused = train(['ci-tiny', '--backend', 'cpu', '--fma', 'on', '--resume', '--out', old]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('was trained with the simd128 matmul kernel; --fma on gives simd128-fma here');
    expect(train(['ci-tiny', '--backend', 'cpu', '--quiet', '--resume', '--out', old]).code).toBe(0);
    expect(sha(join(old, 'state', 'latest.bin'))).toBe(sha(join(plain, 'state', 'latest.bin')));
  });

  it('--fma is refused for a sequence run', () => {
    const runs = JSON.parse(readFileSync(join(ROOT, 'scripts', 'runs.json'), 'utf8')) as Record<string, { task?: string }>;
    const seq = Object.keys(runs).find((k) => runs[k].task === 'sequence');
    expect(seq).toBeDefined();
    const r = train([seq!, '--backend', 'cpu', '--fma', 'on', '--out', join(base, 'seq')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fma is for modular-addition runs');
    expect(existsSync(join(base, 'seq'))).toBe(false);
  });
});

describe('npm run train: an unembedding over the p answers, and a finished run resumed', () => {
  it('logs finite progress measures with d_vocab_out = p, and --resume at the last step recomputes them identically', () => {
    const runs = JSON.parse(readFileSync(join(ROOT, 'scripts', 'runs.json'), 'utf8'));
    runs['ci-tiny'].model.d_vocab_out = runs['ci-tiny'].p;
    const dir = mkdtempSync(join(tmpdir(), 'gg-cli-answers-'));
    const runsFile = join(dir, 'runs.json');
    writeFileSync(runsFile, JSON.stringify(runs));
    const out = join(dir, 'run');
    expect(train(['ci-tiny', '--backend', 'cpu', '--quiet', '--out', out], { TRAIN_RUNS_FILE: runsFile }).code).toBe(0);
    const read = () => readFileSync(join(out, 'metrics.jsonl'), 'utf8');
    const first = read();
    const rows = first.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows[0].trainLoss).toBeCloseTo(Math.log(runs['ci-tiny'].p), 0);
    for (const r of rows) {
      if (rows.at(-1).keyFreqs.length) expect(Number.isFinite(r.restrictedLoss), `restricted loss at step ${r.step}`).toBe(true);
      expect(Number.isFinite(r.excludedLoss), `excluded loss at step ${r.step}`).toBe(true);
    }
    // Resuming a finished run only recomputes restricted/excluded loss: with the same final key frequencies.
    expect(train(['ci-tiny', '--backend', 'cpu', '--quiet', '--resume', '--out', out], { TRAIN_RUNS_FILE: runsFile }).code).toBe(0);
    expect(read()).toBe(first);
  });
});
