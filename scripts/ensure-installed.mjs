// Runs before `npm start` and `npm test`: on a fresh clone (or after package-lock.json changed) it runs
// `npm ci` first (the lockfile is complete, so a clean install reproduces it exactly), so the README's two commands are all a newcomer needs. Node built-ins only: it runs
// before any dependency is there.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  console.log('[baton] Installing dependencies first (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[baton] npm ci failed: see the messages above, fix them, then run the command again.');
    process.exit(r.status ?? 1);
  }
}
