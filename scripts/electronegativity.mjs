// Scans the built Electron app (main, preload, renderer HTML) with Doyensec's electronegativity and exits 1 on any
// HIGH or MEDIUM finding, on Node integration in a renderer at any grade, or on a file it could not scan; 0
// otherwise. It builds nothing: `npm test` runs it after test:e2e's build.
// Usage: node scripts/electronegativity.mjs [file-or-dir ...]   (default: out)
//
// Excluded: AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK, the one check that needs the network (it downloads Electron's
// release list to compare versions); this machine and CI have no internet. Keeping Electron current is the
// dependency update's job.
//
// Waivers: the tool's own `/* eng-disable CHECK_ID */` comment, on the finding's line, with a comment beside it in
// the source saying why (see src/main/host/index.ts). The bundler moves such a comment onto its own line just above
// the code it preceded, so a waiver on the line directly above a finding counts too; nothing else is waived.
//
// Default input: out/ (main, preload and the renderer's HTML) in one run, so the global checks (navigation limits,
// permission handler, CSP) see the whole app: run on the preload alone they would miss what main sets up.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');

// By class name, which is what the runner's exclude list takes; its id is AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK.
export const NETWORK_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const FAILING = new Set(['HIGH', 'MEDIUM']);
// Failing at any grade: the tool grades an explicit `nodeIntegration: true` INFORMATIONAL (a sandboxed renderer
// ignores it), but Node in the renderer is what this gate exists to keep out, sandbox or not.
const ALWAYS_FAILING = new Set(['NODE_INTEGRATION_JS_CHECK']);
const fails = (f) => FAILING.has(f.severity) || ALWAYS_FAILING.has(f.id);

/** The Electron the app is built against (the installed package, else the range in package.json). */
function electronVersion() {
  const installed = join(root, 'node_modules/electron/package.json');
  if (existsSync(installed)) return JSON.parse(readFileSync(installed, 'utf8')).version;
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return String(pkg.devDependencies?.electron ?? '').replace(/^[^\d]*/, '');
}

const WAIVER = /(?:\/\*|\/\/)[ \t]*eng-disable[ \t]+([\w \t]+)/i;

/** A waiver the bundler moved onto the line above the finding (the tool itself already honours one on the line). */
function waivedAbove(file, line, id) {
  if (!existsSync(file) || line < 2) return false;
  const above = readFileSync(file, 'utf8').split('\n')[line - 2] ?? '';
  const m = WAIVER.exec(above);
  return Boolean(m && m[1].trim().split(/[\s,]+/).some((d) => d.toUpperCase() === id.toUpperCase()));
}

function jsFiles(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(join(path, e.name)) : /\.(c|m)?js$/.test(e.name) ? [join(path, e.name)] : []));
}

export async function scan(inputs) {
  const findings = [];
  const errors = [];
  let windows = 0;
  for (const input of inputs) {
    if (!existsSync(input)) {
      errors.push(`${input}: not found (run npm run build first)`);
      continue;
    }
    for (const file of jsFiles(input)) windows += (readFileSync(file, 'utf8').match(/new BrowserWindow\(/g) ?? []).length;
    const result = await run(
      {
        input,
        customScan: [],
        excludeFromScan: NETWORK_CHECKS,
        isRelative: false,
        electronVersionOverride: electronVersion(),
        parserPlugins: [],
      },
      false,
    );
    for (const e of result.errors) errors.push(`${e.file ?? input}: ${e.message ?? e.error ?? 'could not be scanned'}`);
    for (const i of result.issues) {
      if (waivedAbove(i.file, i.location.line, i.id)) continue;
      findings.push({ id: i.id, severity: i.severity.name, confidence: i.confidence.name, file: relative(root, i.file), line: i.location.line, column: i.location.column, sample: String(i.sample ?? '').trim().slice(0, 160) });
    }
  }
  return { findings, errors, windows, failing: findings.filter(fails) };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const inputs = (args.length ? args : ['out']).map((p) => resolve(root, p));
  const { findings, errors, windows, failing } = await scan(inputs);
  for (const f of findings) console.log(`${fails(f) ? 'FAIL' : 'note'} ${f.severity}/${f.confidence} ${f.id} ${f.file}:${f.line}:${f.column}  ${f.sample}`);
  for (const e of errors) console.log(`FAIL ${e}`);
  // With the default inputs the scan must have seen the desk's windows: a bundle that renamed BrowserWindow
  // would otherwise pass every window check by not matching them.
  const blind = !args.length && windows === 0;
  if (blind) console.log('FAIL no `new BrowserWindow(` in out/main: the window checks saw nothing to check');
  console.log(`electronegativity: ${findings.length} finding(s), ${failing.length} failing (HIGH/MEDIUM or Node in the renderer), ${errors.length} error(s), ${windows} BrowserWindow call(s) scanned; excluded (network): ${NETWORK_CHECKS.join(', ')}`);
  process.exit(failing.length || errors.length || blind ? 1 : 0);
}
