// Issue 11 point 9: scripts/electronegativity.mjs (run by `npm test` on the build) must fail on a bad Electron
// main, pass on the settings the desk uses, and honour a waiver only on or just above the finding it names. Real
// electronegativity on real files in a temp folder; the scanner needs no Electron binary.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = resolve(__dirname, '../../../scripts/electronegativity.mjs');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function scan(files: Record<string, string>): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'baton-eng-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const r = spawnSync(process.execPath, [script, dir], { encoding: 'utf8', timeout: 90_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** The failing check ids the scan reported for one file. */
function failing(out: string, file: string): string[] {
  return [...out.matchAll(/^FAIL \w+\/\w+ (\w+) (\S+):\d+:\d+/gm)].filter((m) => m[2]!.endsWith(`/${file}`)).map((m) => m[1]!).sort();
}

// What the desk's main sets up besides its windows: navigation and permission handlers and a CSP, which the
// global checks look for across the scanned folder.
const hardened = `import { session } from 'electron';
export function harden(win) {
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.session.setPermissionRequestHandler((_wc, _p, cb) => cb(false));
}
session.defaultSession.webRequest.onHeadersReceived((d, cb) => cb({ responseHeaders: { ...d.responseHeaders, 'Content-Security-Policy': ["default-src 'self'"] } }));
`;
const literal = `import { BrowserWindow } from 'electron';
export const win = new BrowserWindow({ width: 10, webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick' } });
`;
const opener = (above: string) => `import { shell } from 'electron';\n${above}export const open = (url) => shell.openExternal(url);\n`;

describe('electronegativity gate', () => {
  it('exits non-zero on planted bad files, naming each finding, and honours a waiver only for its own check on or just above the line', () => {
    const r = scan({
      'hardened.js': hardened,
      'literal.js': literal,
      'node-in-renderer.js': `import { BrowserWindow } from 'electron';\nexport const win = new BrowserWindow({ webPreferences: { nodeIntegration: true } });\n`,
      'helper-built.js': `import { BrowserWindow } from 'electron';\nimport { prefs } from './prefs';\nexport const win = new BrowserWindow(prefs());\n`,
      'open-bare.js': opener(''),
      'open-other-id.js': opener('/* eng-disable PRELOAD_JS_CHECK */\n'),
      'open-two-above.js': opener('/* eng-disable OPEN_EXTERNAL_JS_CHECK */\n\n'),
      'open-waived.js': opener('/* eng-disable OPEN_EXTERNAL_JS_CHECK */\n'),
      'open-waived-inline.js': `import { shell } from 'electron';\nexport const open = (url) => shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK\n`,
    });
    expect(r.status, r.out).toBe(1);
    expect(failing(r.out, 'node-in-renderer.js')).toEqual(['AUXCLICK_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'NODE_INTEGRATION_JS_CHECK', 'SANDBOX_JS_CHECK']);
    // Settings built by a helper are invisible to the scanner, which is why index.ts spells them out.
    expect(failing(r.out, 'helper-built.js')).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']));
    expect(failing(r.out, 'literal.js')).toEqual([]);
    for (const f of ['open-bare.js', 'open-other-id.js', 'open-two-above.js']) expect(failing(r.out, f), f).toEqual(['OPEN_EXTERNAL_JS_CHECK']);
    expect(failing(r.out, 'open-waived.js')).toEqual([]);
    expect(failing(r.out, 'open-waived-inline.js')).toEqual([]);
    expect(failing(r.out, 'hardened.js')).toEqual([]);
    expect(r.out).not.toMatch(/GLOBAL_CHECK N\/A/);
  }, 90_000);

  it('exits 0 on the settings the desk uses, written literally, with the other main-process hardening beside them', () => {
    const r = scan({ 'hardened.js': hardened, 'literal.js': literal, 'open-waived.js': opener('/* eng-disable OPEN_EXTERNAL_JS_CHECK */\n') });
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/0 failing \(HIGH\/MEDIUM or Node in the renderer\), 0 error\(s\)/);
  }, 90_000);

  it('fails when the input does not exist, so a missing build cannot pass', () => {
    const r = spawnSync(process.execPath, [script, join(tmpdir(), 'baton-eng-missing-folder')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/not found \(run npm run build first\)/);
  }, 60_000);
});
