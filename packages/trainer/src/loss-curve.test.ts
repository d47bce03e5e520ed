import { describe, expect, it } from 'vitest';
import { lossCurveSvg } from './loss-curve.js';

const polyline = (svg: string, cls: string) => {
  const m = new RegExp(`<polyline class="${cls}"[^>]* points="([^"]*)"`).exec(svg);
  return m ? m[1]!.split(' ').map((p) => p.split(',').map(Number) as [number, number]) : null;
};

describe('lossCurveSvg', () => {
  it('draws one point per step, left to right, higher loss higher up', () => {
    const svg = lossCurveSvg({
      losses: [4, 3, 3.5, 1],
      evals: [
        { step: 2, loss: 3.2 },
        { step: 4, loss: 2 },
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const train = polyline(svg, 'train')!;
    expect(train).toHaveLength(4);
    const xs = train.map(([x]) => x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    const ys = train.map(([, y]) => y);
    // SVG y grows downwards: the highest loss (4) is the smallest y, the lowest (1) the largest
    expect(Math.min(...ys)).toBe(ys[0]);
    expect(Math.max(...ys)).toBe(ys[3]);
    expect(ys[2]!).toBeLessThan(ys[1]!);
    expect(polyline(svg, 'eval')).toHaveLength(2);
    expect(svg.match(/<circle class="eval"/g)).toHaveLength(2);
    expect(svg).toContain('>4.000<');
    expect(svg).toContain('>1.000<');
  });

  it('leaves non-finite losses out and survives a flat or empty curve', () => {
    const svg = lossCurveSvg({ losses: [2, Number.NaN, 2] });
    expect(polyline(svg, 'train')).toHaveLength(2);
    expect(svg).not.toContain('NaN');
    expect(lossCurveSvg({ losses: [] })).not.toContain('<polyline');
    expect(lossCurveSvg({ losses: [1] }, { title: 'a < b' })).toContain('a &lt; b');
  });
});
