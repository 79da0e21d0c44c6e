// The renderer's feature folders import each other without a circle, and the check that says so (run by
// `npm run lint`) does see a planted one: in a copy of the real features tree, and in small trees for each kind of
// import it must follow (static, `import type`, `export … from`, dynamic `import()`).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error lint/ is plain JavaScript without declarations
import { featureCycles } from '../../../lint/feature-cycles.js';

type Cycle = { folders: string[]; edges: string[] };
const cycles = (dir: string): Cycle[] => featureCycles(dir) as Cycle[];

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'features-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('renderer feature folders', () => {
  it('form no import cycle', () => {
    expect(cycles('src/renderer/features')).toEqual([]);
  });

  it('a planted import from the keymap back into settings is reported as a cycle of the real tree', () => {
    const root = mkdtempSync(join(tmpdir(), 'features-'));
    dirs.push(root);
    cpSync('src/renderer/features', root, { recursive: true });
    writeFileSync(join(root, 'keymap', 'planted.ts'), "import { createSettingsSlice } from '../settings/slice';\nexport const x = createSettingsSlice;\n");
    const found = cycles(root);
    expect(found.map((c) => c.folders)).toEqual([['keymap', 'settings']]);
    expect(found[0]?.edges).toEqual(['keymap -> settings (keymap/planted.ts)', 'settings -> keymap (settings/SettingsScreen.tsx)']);
  });
});

describe('feature cycle check', () => {
  it.each([
    ['import type', "import type { B } from '../b/b';\nexport type A = B;\n"],
    ['export from', "export { b } from '../b/b';\n"],
    ['dynamic import()', "export const load = () => import('../b/b');\n"],
  ])('follows %s', (_kind, aText) => {
    const root = tree({ 'a/a.ts': aText, 'b/b.ts': "import { a } from '../a/a';\nexport type B = string;\nexport const b = a;\n" });
    expect(cycles(root).map((c) => c.folders)).toEqual([['a', 'b']]);
  });

  it('finds a cycle through three folders and ignores a one-way edge, imports inside a folder and packages', () => {
    const root = tree({
      'a/a.ts': "import { b } from '../b/b';\nimport { a2 } from './a2';\nimport { useState } from 'react';\nexport const a = [b, a2, useState];\n",
      'a/a2.ts': 'export const a2 = 1;\n',
      'b/b.ts': "import { c } from '../c/deep/c';\nexport const b = c;\n",
      'c/deep/c.tsx': "import { a } from '../../a/a';\nexport const c = a;\n",
      'd/d.ts': "import { a } from '../a/a';\nimport { f } from '../../lib/format';\nexport const d = [a, f];\n",
    });
    expect(cycles(root).map((c) => c.folders)).toEqual([['a', 'b', 'c']]);
  });
});
