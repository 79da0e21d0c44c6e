// Build step for the renderer: writes a brotli (.br) and a gzip (.gz) copy next to every text asset, so both
// desk hosts send compressed bytes without compressing per request (services/static picks one by
// Accept-Encoding). Done at build time with the highest settings: brotli 11 is too slow per request, fine once.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|map|txt)$/i;
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 512;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Compresses every text file under `dir`; returns how many copies it wrote. A copy not smaller is not kept. */
export function precompressDir(dir: string): number {
  let written = 0;
  for (const file of filesUnder(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const raw = readFileSync(file);
    if (raw.length < MIN_BYTES) continue;
    const br = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
    });
    const gz = gzipSync(raw, { level: 9 });
    for (const [suffix, bytes] of [['.br', br], ['.gz', gz]] as const) {
      if (bytes.length >= raw.length) continue;
      writeFileSync(file + suffix, bytes);
      written++;
    }
  }
  return written;
}

/** Vite plugin: precompress the output folder once the bundle is written (production builds only). */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'baton:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      precompressDir(outDir);
    },
  };
}
