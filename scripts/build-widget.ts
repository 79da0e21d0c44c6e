// `npm run build` step: bundles the customer widget (src/widget) into out/widget/widget.js, the file the hub
// serves at GET /widget.js, and fails the build when it is over its gzip budget (30 KB, issue 15).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleWidget, WIDGET_BUILD_FILE, WIDGET_GZIP_BUDGET_BYTES, widgetAssetOf } from '../src/hub/http/widget-asset';

const code = await bundleWidget();
const asset = widgetAssetOf(code);
mkdirSync(dirname(WIDGET_BUILD_FILE), { recursive: true });
writeFileSync(WIDGET_BUILD_FILE, asset.code);
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
console.log(`widget: ${WIDGET_BUILD_FILE} ${kb(asset.code.length)} minified, ${kb(asset.gzip.length)} gzipped (budget ${kb(WIDGET_GZIP_BUDGET_BYTES)})`);
if (asset.gzip.length >= WIDGET_GZIP_BUDGET_BYTES) {
  console.error(`widget: over its gzip budget by ${asset.gzip.length - WIDGET_GZIP_BUDGET_BYTES} bytes`);
  process.exit(1);
}
