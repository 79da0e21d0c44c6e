// The layer allow-list refuses planted cross-layer imports (linted by ESLint's Node API with the repo's own
// config, as files at the paths they would have), and lets a legal import through.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/allowed').map((m) => m.message);
}

describe('layer allow-list', () => {
  it.each([
    ['services -> hub', 'src/main/services/desk/planted.ts', "import { startHub } from '../../../hub/server';\nexport const x = startHub;\n"],
    ['services -> host', 'src/main/services/desk/planted.ts', "import { x as y } from '../../host/index';\nexport const x = y;\n"],
    ['host -> renderer', 'src/main/host/planted.ts', "import { x as y } from '../../renderer/main';\nexport const x = y;\n"],
    ['preload -> node:fs', 'src/preload/planted.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['renderer -> bare zlib', 'src/renderer/planted.ts', "import { gzipSync } from 'zlib';\nexport const x = gzipSync;\n"],
    ['shared -> dynamic import of the hub', 'src/shared/planted.ts', "export const x = () => import('../hub/server');\n"],
    ['renderer -> computed import()', 'src/renderer/planted.ts', "const name = 'fs';\nexport const x = () => import(name);\n"],
    ['hub -> desk services via export-from', 'src/hub/planted.ts', "export { createDeskService } from '../main/services/desk/desk-service';\n"],
  ])('refuses %s', async (_label, path, code) => {
    expect(await layerErrors(path, code)).toHaveLength(1);
  });

  it('lets a legal import through', async () => {
    expect(await layerErrors('src/main/services/desk/planted.ts', "import { ok } from '../../../shared/result';\nimport { z } from 'zod';\nexport const x = [ok, z];\n")).toEqual([]);
    expect(await layerErrors('src/hub/planted.ts', "import { gzipSync } from 'node:zlib';\nexport const x = () => [gzipSync, import('./server')];\n")).toEqual([]);
  });
});
