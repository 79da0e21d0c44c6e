// `npm start` as a newcomer runs it, twice: the real start script (hub, demo bot, customer page, browser desk) in a
// child process on ephemeral ports and a temporary data directory. It prints an agent token the hub accepts (the
// README's curl uses $AGENT_TOKEN) and a supervisor token; both are the same after a restart, so a token pasted
// in Settings keeps working; and the seeded offers stay put in the inbox instead of cycling every 30 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from './harness';

const root = resolve(import.meta.dirname, '../..');

interface Started {
  child: ChildProcess;
  out: string;
  hubUrl: string;
  deskUrl: string;
  agentToken: string;
  supervisorToken: string;
}

function startDemo(dataDir: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, BATON_DATA_DIR: dataDir, BATON_HUB_PORT: '0', BATON_DESK_PORT: '0', BATON_DEMO_PORT: '0', BATON_DESK: 'browser' };
  for (const k of ['BATON_AGENT_TOKEN', 'BATON_BOT_KEYS', 'BATON_OFFER_TIMEOUT_SECONDS', 'BATON_REOFFER_SECONDS', 'OPENAI_API_KEY']) delete env[k];
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${out}\n${err}`)), 45_000);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`start exited with ${code}:\n${out}\n${err}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('Press Ctrl+C')) return;
      clearTimeout(timer);
      const pick = (re: RegExp) => re.exec(out)?.[1] ?? '';
      resolveStart({
        child,
        out,
        hubUrl: pick(/Baton Hub\s+(http:\/\/\S+)/),
        deskUrl: pick(/Baton Desk\s+(http:\/\/\S+)/),
        agentToken: pick(/Agent token\s+(\S+)/),
        supervisorToken: pick(/Supervisor token\s+(\S+)/),
      });
    });
  });
}

function stop(s: Started): Promise<void> {
  return new Promise((r) => {
    s.child.removeAllListeners('exit');
    s.child.once('exit', () => r());
    s.child.kill('SIGINT');
  });
}

describe('npm start, twice', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-start-'));
  let browser: Browser;
  let running: Started | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    if (running) await stop(running);
    await browser?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The seeded offers as the desk shows them, in order, with the seconds left on each. */
  async function offersIn(deskUrl: string): Promise<{ ids: string[]; secondsLeft: number[] }> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(deskUrl);
    await page.getByTestId('status-bar').getByText('Online').waitFor();
    await expect.poll(() => page.getByTestId('offer-card').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const ids = await page.getByTestId('offer-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-handoff-id') ?? ''));
    const secondsLeft = (await page.getByTestId('offer-countdown').allInnerTexts()).map((t) => {
      const parts = t.trim().split(':').map(Number);
      return parts.reduce((acc, p) => acc * 60 + p, 0);
    });
    await page.close();
    return { ids, secondsLeft };
  }

  it('prints tokens that work and stay the same, and keeps the seeded offers in place', async () => {
    const first = await startDemo(dataDir);
    running = first;
    expect(first.agentToken).toMatch(/^bat_/);
    expect(first.supervisorToken).toMatch(/^bat_/);
    expect(first.agentToken).not.toBe(first.supervisorToken);
    // The README's knowledge-base curl, with the printed agent token; metrics with the supervisor token.
    const kb = await fetch(`${first.hubUrl}/v1/kb/articles?since=2026-11-01T00:00:00Z`, { headers: { authorization: `Bearer ${first.agentToken}` } });
    expect(kb.status).toBe(200);
    const metrics = await fetch(`${first.hubUrl}/v1/metrics?from=2026-11-01T00:00:00Z`, { headers: { authorization: `Bearer ${first.supervisorToken}` } });
    expect(metrics.status).toBe(200);
    // The tokens live in the data directory, readable by their owner only.
    const mode = statSync(join(dataDir, 'demo-tokens.json')).mode & 0o777;
    expect(mode).toBe(0o600);

    // Seeded offers get the demo's ten minutes, so they do not expire and come back while the newcomer looks.
    const before = await offersIn(first.deskUrl);
    for (const left of before.secondsLeft) expect(left).toBeGreaterThan(9 * 60);

    await stop(first);
    running = undefined;
    const second = await startDemo(dataDir);
    running = second;
    // The same tokens: one pasted in Settings, or exported as AGENT_TOKEN, keeps working.
    expect(second.agentToken).toBe(first.agentToken);
    expect(second.supervisorToken).toBe(first.supervisorToken);
    const again = await fetch(`${second.hubUrl}/v1/metrics?from=2026-11-01T00:00:00Z`, { headers: { authorization: `Bearer ${first.supervisorToken}` } });
    expect(again.status).toBe(200);
    // The same seeded offers in the same order after the restart.
    const after = await offersIn(second.deskUrl);
    expect(after.ids).toEqual(before.ids);
  });
});
