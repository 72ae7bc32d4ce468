import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Typed through a URL import, as in assets.test.ts (allowJs is off).
const { generateHandGeometry, OUTPUT, SOURCES }: { generateHandGeometry(project?: string): string; OUTPUT: string; SOURCES: readonly string[] } = await import(
  new URL('./gesture-geometry.mjs', import.meta.url).href
);

const PROJECT = fileURLToPath(new URL('..', import.meta.url));

describe('public/gesture-model/hand-geometry.js', () => {
  it('is what the app’s hand code generates now (run npm run gesture-geometry after changing it)', () => {
    expect(readFileSync(join(PROJECT, OUTPUT), 'utf8')).toBe(generateHandGeometry());
  });

  it('refuses a source that imports a value from outside the generated files', () => {
    const copy = mkdtempSync(join(tmpdir(), 'gesture-geometry-'));
    for (const file of SOURCES) {
      mkdirSync(join(copy, file, '..'), { recursive: true });
      cpSync(join(PROJECT, file), join(copy, file));
    }
    const features = join(copy, 'lib/hand/landmark-features.ts');
    writeFileSync(features, `import { BACKBONES } from '../backbone';\nexport const unused = BACKBONES;\n${readFileSync(features, 'utf8')}`);
    expect(() => generateHandGeometry(copy)).toThrow("lib/hand/landmark-features.ts imports ../backbone, which is not among the generated sources.");
  });
});
