// A built renderer folder as the production build leaves it: index.html, a content-hashed script with its
// .br and .gz copies (real brotli and gzip), an unhashed file, and a secret next to (outside) the folder that
// no request may read.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export interface RendererFixture {
  dir: string;
  root: string;
  script: string;
  scriptPath: string;
  index: string;
  cleanup(): void;
}

export function makeRendererFixture(): RendererFixture {
  const dir = mkdtempSync(join(tmpdir(), 'baton-static-'));
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  const index = '<!doctype html><title>Baton Desk</title><script type="module" src="./assets/index-Ab3_dE-9.js"></script>';
  const script = `console.log(${JSON.stringify('the desk '.repeat(200))});`;
  writeFileSync(join(root, 'index.html'), index);
  writeFileSync(join(root, 'assets', 'index-Ab3_dE-9.js'), script);
  writeFileSync(join(root, 'assets', 'index-Ab3_dE-9.js.br'), brotliCompressSync(script));
  writeFileSync(join(root, 'assets', 'index-Ab3_dE-9.js.gz'), gzipSync(script));
  // Only gzip written for this one: a client asking for brotli falls back to gzip.
  writeFileSync(join(root, 'assets', 'vendor-Zz99Yy88.css'), 'body{margin:0}');
  writeFileSync(join(root, 'assets', 'vendor-Zz99Yy88.css.gz'), gzipSync('body{margin:0}'));
  writeFileSync(join(root, 'notes.txt'), 'not hashed');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  return { dir, root, script, scriptPath: '/assets/index-Ab3_dE-9.js', index, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Paths that try to leave the renderer folder, raw and encoded. */
export const TRAVERSALS = ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f..%2fsecret.txt', '/..%5csecret.txt', '/assets/%00.js', '/%2e%2e%2fsecret.txt'];
