import { describe, expect, it } from 'vitest';
import { VizError } from './errors.js';
import { el, escapeXml, num, svgDocument } from './svg.js';

describe('num', () => {
  it('rounds to 0.01 and never writes -0', () => {
    expect(num(1.23456)).toBe('1.23');
    expect(num(-0.001)).toBe('0');
    expect(num(640)).toBe('640');
  });

  it('refuses a non-finite coordinate instead of writing it into the SVG', () => {
    expect(() => num(Number.NaN)).toThrow(VizError);
    expect(() => num(Number.POSITIVE_INFINITY)).toThrow(/not finite/);
  });
});

describe('el and escapeXml', () => {
  it('escapes text and attribute values and leaves out undefined attributes', () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
    expect(el('rect', { x: 1.005, title: 'x"y', fill: undefined })).toBe('<rect x="1" title="x&quot;y"/>');
  });

  it('wraps a document with a title, a viewBox in whole units and a white background', () => {
    const svg = svgDocument(100.2, 50, 'T & U', []);
    expect(svg).toContain('width="101" height="50" viewBox="0 0 101 50"');
    expect(svg).toContain('<title>T &amp; U</title>');
    expect(svg).toContain('fill="white"');
  });
});
