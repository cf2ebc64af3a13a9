import { describe, expect, it } from 'vitest';
import { headersFile, headersFor } from '../../../src/lib/figure-state/deploy-headers';

describe('deploy headers', () => {
  it('isolate every page and let any origin frame the embed pages', () => {
    expect(headersFor('/chapters/01-memorization/')).toEqual({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    const embed = headersFor('/figures/clock/');
    expect(embed['Cross-Origin-Resource-Policy']).toBe('cross-origin');
    expect(embed['Cross-Origin-Embedder-Policy']).toBe('require-corp');
    expect(embed['Content-Security-Policy']).toBe('frame-ancestors *');
    expect(Object.keys(embed)).not.toContain('X-Frame-Options');
    expect(headersFor('/_astro/x.js')['Cross-Origin-Resource-Policy']).toBeUndefined();
    expect(headersFor('/embed-resize.js')['Cross-Origin-Resource-Policy']).toBe('cross-origin'); // loaded by host pages
  });

  it('respect a base path and print a _headers file', () => {
    expect(headersFor('/sub/figures/x/', '/sub/')['Cross-Origin-Resource-Policy']).toBe('cross-origin');
    expect(headersFile()).toContain('/figures/*\n  Cross-Origin-Resource-Policy: cross-origin\n');
  });
});
