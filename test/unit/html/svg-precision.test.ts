import { describe, expect, it } from 'vitest';
import { decimalsFor, roundNumbers, roundSvgGeometry, svgSize } from '../../../src/lib/html/svg-precision';

describe('decimalsFor', () => {
  it('keeps the error within a two-thousandth of the picture', () => {
    for (const size of [0.001, 0.3, 1, 7, 100, 336, 640, 1000, 1200, 5000]) expect(0.5 * 10 ** -decimalsFor(size)).toBeLessThanOrEqual(size / 2000);
    expect(decimalsFor(336)).toBe(1);
    expect(decimalsFor(1000)).toBe(0);
    expect(decimalsFor(100)).toBe(1);
    expect(decimalsFor(99)).toBe(2);
    expect(decimalsFor(1)).toBe(3);
    expect(decimalsFor(0.001)).toBe(6);
    expect(decimalsFor(1e6)).toBe(0);
    expect(decimalsFor(0)).toBe(2);
    expect(decimalsFor(Number.NaN)).toBe(2);
  });
});

describe('roundNumbers', () => {
  it('rounds long decimals and leaves short ones, integers and exponents alone', () => {
    expect(roundNumbers('119.81454343846032', 2)).toBe('119.81');
    expect(roundNumbers('-6.668971482417942', 2)).toBe('-6.67');
    expect(roundNumbers('M0,1.5L2.25,3', 1)).toBe('M0,1.5L2.3,3');
    expect(roundNumbers('12.5 7 1e-7 3.0000001', 2)).toBe('12.5 7 1e-7 3');
    expect(roundNumbers('translate(40.868201266658396,-0.001)', 2)).toBe('translate(40.87,0)');
  });
});

describe('svgSize', () => {
  it('reads the view box, else the width, else assumes 1000', () => {
    expect(svgSize('<svg viewBox="-168 -168 336 336">')).toBe(336);
    expect(svgSize('<svg viewBox="0,0,1,0.5">')).toBe(1);
    expect(svgSize('<svg width="640" height="200">')).toBe(640);
    expect(svgSize('<svg class="x">')).toBe(1000);
  });
});

describe('roundSvgGeometry', () => {
  it('rounds geometry attributes inside <svg> only', () => {
    const html =
      '<div style="left:12.345678%" data-x="1.23456"><svg viewBox="0 0 336 336"><circle cx="119.81454343846032" cy="-6.668971482417942" r="1.6" data-v="0.123456"></circle>' +
      '<text x="133.123456" y="0">3.14159265</text></svg></div><p x="1.23456">π ≈ 3.14159</p>';
    expect(roundSvgGeometry(html)).toBe(
      '<div style="left:12.345678%" data-x="1.23456"><svg viewBox="0 0 336 336"><circle cx="119.8" cy="-6.7" r="1.6" data-v="0.123456"></circle>' +
        '<text x="133.1" y="0">3.14159265</text></svg></div><p x="1.23456">π ≈ 3.14159</p>',
    );
  });

  it('takes the precision of each outermost <svg>, including nested ones', () => {
    const html =
      '<svg viewBox="0 0 1 1"><rect x="0.123456789"/><svg viewBox="0 0 500 500"><rect x="0.123456789"/></svg></svg>' +
      '<svg viewBox="0 0 2000 100"><rect width="10.56"/></svg>';
    expect(roundSvgGeometry(html)).toBe(
      '<svg viewBox="0 0 1 1"><rect x="0.123"/><svg viewBox="0 0 500 500"><rect x="0.123"/></svg></svg>' + '<svg viewBox="0 0 2000 100"><rect width="11"/></svg>',
    );
  });

  it('leaves a page without <svg>, a self-closed <svg/> and a stray </svg> as they are', () => {
    const html = '<p>1.234567</p><svg width="1.234567"/></svg><b x="1.234567"></b>';
    expect(roundSvgGeometry(html)).toBe(html);
  });

  it('rounds an unclosed <svg> no further than the page', () => {
    const html = '<svg viewBox="0 0 100 100"><rect x="1.234567"/>';
    expect(roundSvgGeometry(html)).toBe(html);
  });
});
