import { describe, expect, it } from 'vitest';
import { MARGIN_SEARCH, searchStill, STILL_IMAGE_MARGINS, STILL_SEARCH, type StillTry } from './still-search';
import { toView } from './still-views';

describe('STILL_SEARCH', () => {
  it('starts with the search stills had before (as is, then margins), and names every try once', () => {
    expect(STILL_SEARCH.slice(0, MARGIN_SEARCH.length)).toEqual(MARGIN_SEARCH);
    expect(MARGIN_SEARCH.map((t) => t.id)).toEqual(['as is', 'margin 0.5', 'margin 0.15']);
    expect(STILL_IMAGE_MARGINS[0]).toBe(0);
    expect(new Set(STILL_SEARCH.map((t) => t.id)).size).toBe(STILL_SEARCH.length);
  });

  it('uses every landmarker', () => {
    expect(new Set(STILL_SEARCH.map((t) => t.model))).toEqual(new Set(['full', 'lite', 'low-threshold']));
  });

  it('gives each try a view of the image on a canvas of positive size', () => {
    for (const attempt of STILL_SEARCH) {
      const view = attempt.view(320, 240);
      expect(view.width).toBeGreaterThan(0);
      expect(view.height).toBeGreaterThan(0);
    }
  });
});

describe('zoomed tries', () => {
  const zooms = (prefix: string) => STILL_SEARCH.filter((t) => t.id.startsWith(prefix));

  it('cover the whole image at each zoom, so a small hand anywhere is enlarged by one of them', () => {
    for (const [prefix, windows] of [
      ['zoom 2x', 5],
      ['zoom 3x', 9],
    ] as const) {
      const views = zooms(prefix).map((t) => t.view(320, 240));
      expect(views).toHaveLength(windows);
      for (let x = 0; x <= 320; x += 8) {
        for (let y = 0; y <= 240; y += 8) {
          const seenBy = views.filter((view) => {
            const p = toView(view, x, y);
            return p.x >= -1e-9 && p.x <= view.width + 1e-9 && p.y >= -1e-9 && p.y <= view.height + 1e-9;
          });
          expect(seenBy.length, `${prefix} at (${x}, ${y})`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('enlarge about 2x and 3x', () => {
    expect(zooms('zoom 2x')[0].view(320, 240).transform[0]).toBeCloseTo(2, 10);
    expect(zooms('zoom 3x')[0].view(320, 240).transform[0]).toBeCloseTo(1 / 0.36, 10);
  });
});

describe('searchStill', () => {
  const tries: StillTry[] = STILL_SEARCH.slice(0, 4);

  it('stops at the first try that finds something', () => {
    const asked: string[] = [];
    const result = searchStill(tries, (attempt) => {
      asked.push(attempt.id);
      return attempt.id === 'margin 0.15' ? 'hand' : null;
    });
    expect(result?.found).toBe('hand');
    expect(result?.attempt.id).toBe('margin 0.15');
    expect(asked).toEqual(['as is', 'margin 0.5', 'margin 0.15']);
  });

  it('is null after trying everything', () => {
    let calls = 0;
    expect(
      searchStill(tries, () => {
        calls += 1;
        return null;
      }),
    ).toBeNull();
    expect(calls).toBe(tries.length);
  });
});
