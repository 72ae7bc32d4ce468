// Writes public/gesture-model/hand-geometry.js, the hand geometry of an exported model bundle's
// gesture-model.js, from the app's own TypeScript (the crop box, the landmark features and what they
// are made of): one source of truth, so a bundle crops and measures a hand exactly as the studio
// does. TypeScript strips the types and keeps the doc comments; the files are joined in dependency
// order without their imports, which must all be of one another. `--check` only says whether the
// committed file is current (scripts/gesture-geometry.test.ts runs the same check).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = 'public/gesture-model/hand-geometry.js';
/** In dependency order: each file only uses names of the files before it. */
export const SOURCES = ['lib/image/crop.ts', 'lib/hand/landmarks.ts', 'lib/hand/landmark-features.ts', 'lib/hand/crop-box.ts', 'lib/hand/hand-focus.ts'];

const HEADER = `// Generated from Gesture Studio's ${SOURCES.join(', ')} by scripts/gesture-geometry.mjs:
// the same hand crop and landmark features the studio computes. Do not edit; gesture-model.js imports it.
`;

/** The generated module's text. Throws when a source imports a value from outside SOURCES. */
export function generateHandGeometry(project = PROJECT) {
  const inSet = new Set(SOURCES.map((file) => resolve(project, file)));
  const parts = SOURCES.map((file) => {
    const path = resolve(project, file);
    const { outputText } = ts.transpileModule(readFileSync(path, 'utf8'), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false, verbatimModuleSyntax: false, isolatedModules: true },
      fileName: path,
    });
    const kept = outputText.split('\n').filter((line) => {
      const match = /^import .* from '(.+)';$/.exec(line);
      if (!match) return true;
      const target = resolve(dirname(path), `${match[1]}.ts`);
      if (!inSet.has(target)) throw new Error(`${file} imports ${match[1]}, which is not among the generated sources.`);
      return false;
    });
    return `// --- ${file}\n${kept.join('\n').trim()}\n`;
  });
  return `${HEADER}\n${parts.join('\n')}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = generateHandGeometry();
  const out = join(PROJECT, OUTPUT);
  if (process.argv.includes('--check')) {
    const current = readFileSync(out, 'utf8');
    if (current !== text) {
      console.error(`Gesture Studio: ${OUTPUT} is out of date with the app's hand code; run npm run gesture-geometry and commit the result.`);
      process.exit(1);
    }
  } else {
    writeFileSync(out, text);
    console.log(`Wrote ${OUTPUT}.`);
  }
}
