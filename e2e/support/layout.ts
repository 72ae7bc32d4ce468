import type { Page } from '@playwright/test';

/** Smallest touch target, CSS px (WCAG 2.5.5). */
export const MIN_TARGET_PX = 44;

export interface LayoutReport {
  /** The screen's width in CSS px, as the test set it. */
  readonly screenWidth: number;
  /** The layout viewport's width: a mobile browser widens it past the screen when content overflows. */
  readonly innerWidth: number;
  readonly scrollWidth: number;
  /** Elements some visible part of which lies left of 0 or right of the viewport (clipping ancestors taken into account). */
  readonly overflowing: readonly string[];
  /** Visible controls a finger hits whose box is under MIN_TARGET_PX either way (a checkbox, radio or file input counts by its label). */
  readonly smallTargets: readonly string[];
  /** How many controls were measured. */
  readonly targets: number;
}

/**
 * Measures the page as laid out now against the screen's width (the page's viewport size: a mobile
 * browser widens `innerWidth` to fit content that overflows, so that is no yardstick): whether
 * anything is wider (the document's scroll width, then every element's visible box), and every
 * visible control's size.
 */
export function measureLayout(page: Page): Promise<LayoutReport> {
  const screenWidth = page.viewportSize()?.width;
  if (!screenWidth) throw new Error('The page has no fixed viewport to measure against.');
  return page.evaluate(({ minTarget, screenWidth }) => {
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const test = el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : '';
      const name = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${test} "${name}"`;
    };
    const visible = (el: Element) => {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0;
    };
    /** The element's box cut by every ancestor that clips overflow: what can actually be seen of it. */
    const visibleBox = (el: Element) => {
      const box = el.getBoundingClientRect();
      let left = box.left;
      let right = box.right;
      for (let parent = el.parentElement; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflowX !== 'visible' && parent !== document.documentElement && parent !== document.body) {
          const clip = parent.getBoundingClientRect();
          left = Math.max(left, clip.left);
          right = Math.min(right, clip.right);
        }
      }
      return { left, right };
    };
    const overflowing: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (!visible(el) || el.closest('.sr-only')) continue;
      const { left, right } = visibleBox(el);
      if (right <= left) continue;
      if (left < -0.5 || right > screenWidth + 0.5) overflowing.push(`${describe(el)}: ${Math.round(left)}..${Math.round(right)} of ${screenWidth}`);
    }
    const smallTargets: string[] = [];
    let targets = 0;
    const controls = document.querySelectorAll('button, select, textarea, summary, a[href], input:not([type=hidden]), [role=tab], [role=button]');
    for (const control of controls) {
      // A checkbox, radio or a file input hidden behind a styled label is hit through that label.
      const byLabel = control instanceof HTMLInputElement && ['checkbox', 'radio', 'file'].includes(control.type);
      const target = byLabel ? (control.closest('label') ?? control) : control;
      if (!visible(target) || (control instanceof HTMLInputElement && control.type === 'file' && target === control)) continue;
      targets += 1;
      const box = target.getBoundingClientRect();
      if (box.width < minTarget - 0.5 || box.height < minTarget - 0.5) smallTargets.push(`${describe(target)}: ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
    return { screenWidth, innerWidth, scrollWidth: document.documentElement.scrollWidth, overflowing, smallTargets, targets };
  }, { minTarget: MIN_TARGET_PX, screenWidth });
}
