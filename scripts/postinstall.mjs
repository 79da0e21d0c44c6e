// Fetches the Electron binary when the network allows it, and never fails the install when it does not.
// package.json denies electron's own install script (allowScripts) because it aborts `npm install` offline;
// this runs the same script with a time limit and carries on with a clear message, so the desk still runs
// in the browser host (`npm start`) on machines without the desktop build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let installScript;
try {
  installScript = require.resolve('electron/install.js');
} catch {
  process.exit(0); // production install without dev dependencies: nothing to fetch
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || process.env.CI) {
  console.log('[baton] Skipping the Electron binary download (ELECTRON_SKIP_BINARY_DOWNLOAD or CI is set).');
  process.exit(0);
}
const result = spawnSync(process.execPath, [installScript], { stdio: 'pipe', timeout: 120_000, encoding: 'utf8' });
const binary = (() => {
  try {
    return require('electron');
  } catch {
    return undefined;
  }
})();
if (result.status === 0 && typeof binary === 'string' && existsSync(binary)) {
  console.log('[baton] Electron binary ready: `npm start` opens the desktop app.');
} else {
  const why = (result.stderr || result.error?.message || '').split('\n').find((l) => l.trim()) ?? 'unknown error';
  console.log(
    `[baton] The Electron binary could not be downloaded (${why.trim().slice(0, 160)}).\n` +
      '[baton] Install continues: `npm start` will serve the desk in your browser instead.\n' +
      '[baton] To get the desktop app later, run `node node_modules/electron/install.js` with network access.',
  );
}
