// GET /widget.js: the customer widget (src/widget) as one minified IIFE. `npm run build` writes it to
// out/widget/widget.js (scripts/build-widget.ts, which also checks the gzip budget); a hub started without a
// build (a clean clone running `npm run hub`) bundles it from source with esbuild on the first request instead.
// Served gzipped when the browser accepts it, with an ETag, a short public cache and CORS open to any page,
// since any site that hands off to this hub embeds it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '../../..');
export const WIDGET_ENTRY = join(root, 'src/widget/index.ts');
export const WIDGET_BUILD_FILE = join(root, 'out/widget/widget.js');
/** The size budget of issue 15: the widget must stay under 30 KB gzipped. */
export const WIDGET_GZIP_BUDGET_BYTES = 30 * 1024;

export interface WidgetAsset {
  code: Buffer;
  gzip: Buffer;
  etag: string;
}

/** Bundles src/widget with esbuild, as the build does; esbuild is a build tool, loaded only when needed. */
export async function bundleWidget(entry = WIDGET_ENTRY): Promise<string> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    minify: true,
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    platform: 'browser',
    legalComments: 'none',
    write: false,
    // The stylesheet arrives as a string for the shadow root, minified like the code.
    plugins: [
      {
        name: 'minified-css-text',
        setup(b) {
          b.onLoad({ filter: /\.css$/ }, async (args) => {
            const { readFile } = await import('node:fs/promises');
            const min = await esbuild.transform(await readFile(args.path, 'utf8'), { loader: 'css', minify: true });
            return { contents: min.code.trim(), loader: 'text' };
          });
        },
      },
    ],
    logLevel: 'silent',
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error('esbuild produced no widget bundle');
  return file.text;
}

export function widgetAssetOf(code: string | Buffer): WidgetAsset {
  const buf = Buffer.isBuffer(code) ? code : Buffer.from(code, 'utf8');
  return { code: buf, gzip: gzipSync(buf, { level: 9 }), etag: `"${createHash('sha256').update(buf).digest('base64url').slice(0, 22)}"` };
}

export function createWidgetServer(opts: { file?: string; entry?: string } = {}) {
  let asset: Promise<WidgetAsset> | undefined;
  const get = (): Promise<WidgetAsset> => {
    asset ??= (async () => {
      const file = opts.file ?? WIDGET_BUILD_FILE;
      if (existsSync(file)) return widgetAssetOf(readFileSync(file));
      return widgetAssetOf(await bundleWidget(opts.entry));
    })();
    // A failed build is tried again at the next request rather than cached.
    asset.catch(() => (asset = undefined));
    return asset;
  };
  return {
    async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const a = await get();
      const headers: Record<string, string> = {
        'content-type': 'text/javascript; charset=utf-8',
        // Short and revalidated: a hub upgrade reaches every page within five minutes, and an unchanged widget
        // costs a 304.
        'cache-control': 'public, max-age=300, must-revalidate',
        etag: a.etag,
        vary: 'accept-encoding',
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
        'x-content-type-options': 'nosniff',
      };
      if (req.headers['if-none-match'] === a.etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      const gz = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      const body = gz ? a.gzip : a.code;
      res.writeHead(200, { ...headers, ...(gz ? { 'content-encoding': 'gzip' } : {}), 'content-length': String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}

export type WidgetServer = ReturnType<typeof createWidgetServer>;
