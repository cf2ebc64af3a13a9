// The service worker's build step (src/lib/offline/service-worker.node.ts): its cache name follows every
// byte of the build, and the worker's source gets exactly the id and base it is given.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildId, workerSource } from '../../../src/lib/offline/service-worker.node';

const dir = mkdtempSync(join(tmpdir(), 'sw-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('service worker build', () => {
  it('names the cache after every file of the build, but not after sw.js itself', () => {
    mkdirSync(join(dir, 'chapters'));
    writeFileSync(join(dir, 'index.html'), '<h1>one</h1>');
    writeFileSync(join(dir, 'chapters', 'a.html'), 'a');
    const first = buildId(dir);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(buildId(dir)).toBe(first); // the same build, the same cache: readers keep their copies
    writeFileSync(join(dir, 'sw.js'), 'anything');
    expect(buildId(dir)).toBe(first);
    writeFileSync(join(dir, 'chapters', 'a.html'), 'b'); // one byte of one page
    const second = buildId(dir);
    expect(second).not.toBe(first);
    writeFileSync(join(dir, 'chapters', 'b.html'), 'b'); // a new file
    expect(buildId(dir)).not.toBe(second);
  });

  it('fills in the id and base, and refuses values that could break the script', () => {
    const src = workerSource('0123456789abcdef', '/course/grokking/');
    expect(src).toContain('const CACHE = `${CACHE_PREFIX}0123456789abcdef`;');
    expect(src).toContain("const BASE = '/course/grokking/';");
    expect(src).not.toMatch(/__BUILD__|__BASE__/);
    expect(() => workerSource('0123', '/')).toThrow(/bad build id/);
    expect(() => workerSource('0123456789abcdef', "/x';alert(1);'/")).toThrow(/base path/);
    expect(() => workerSource('0123456789abcdef', 'relative/')).toThrow(/base path/);
  });

  it('is a script a browser can parse', () => {
    expect(() => new Function(workerSource('0123456789abcdef', '/'))).not.toThrow();
  });
});
