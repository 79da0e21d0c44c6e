// The widget bundle as `npm run build` makes it (the same bundleWidget the build step calls): one minified IIFE
// under the 30 KB gzip budget of issue 15, with no way for text to reach the DOM as HTML.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundleWidget, WIDGET_GZIP_BUDGET_BYTES } from '../../../src/hub/http/widget-asset';

describe('the widget bundle', () => {
  it('is one minified script under 30 KB gzipped that never assigns HTML', async () => {
    const code = await bundleWidget();
    const gz = gzipSync(Buffer.from(code), { level: 9 }).length;
    expect(gz).toBeLessThan(WIDGET_GZIP_BUDGET_BYTES);
    expect(WIDGET_GZIP_BUDGET_BYTES).toBe(30 * 1024);
    // An IIFE: nothing left to import, nothing exported.
    expect(code).not.toMatch(/\bimport\s*[{(*"']/);
    expect(code).not.toMatch(/\bexport\s*[{*]/);
    // Minified: few lines for the whole widget.
    expect(code.split('\n').length).toBeLessThan(10);
    // Text goes in through textContent only.
    expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});
