import { describe, expect, it } from 'vitest';
import { absoluteOrPath, siteUrl } from '../../../src/site/site-url';

describe('SITE_URL', () => {
  it('is optional: unset or blank gives no address', () => {
    expect(siteUrl(undefined)).toBeUndefined();
    expect(siteUrl('  ')).toBeUndefined();
  });
  it('accepts an absolute http(s) address', () => {
    expect(siteUrl('https://essays.example.org/grokking/')).toBe('https://essays.example.org/grokking/');
  });
  it('refuses anything else with a message that names the variable', () => {
    expect(() => siteUrl('grokking.example')).toThrow(/SITE_URL must be an absolute/);
    expect(() => siteUrl('javascript:alert(1)')).toThrow(/SITE_URL must use http or https/);
  });
  it('links are absolute with an address and root-relative without', () => {
    expect(absoluteOrPath('/og/site.png', new URL('https://a.example/'))).toBe('https://a.example/og/site.png');
    expect(absoluteOrPath('/og/site.png', undefined)).toBe('/og/site.png');
  });
});
