// Issue 11 point 2 over real HTTP: a callbackUrl that resolves to an internal address (loopback, link-local,
// private, cloud metadata) is refused at intake with 400 naming the field, unless BATON_CALLBACK_ALLOW lists it,
// and is checked again at send time (here: a hand-off stored while allowed, sent after the allowance was removed).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHub } from '../../../src/hub/server';
import { silentLogger, type Logger } from '../../../src/shared/log';
import { api, BOT_KEY, handoff, isOffer, postHandoff, useHubCleanups } from '../hub/hub-harness';
import { deskFor } from './trust-harness';

const { cleanups, hub } = useHubCleanups();

async function receiver(): Promise<{ url: string; port: number; hits: string[] }> {
  const hits: string[] = [];
  const srv = createServer((req: IncomingMessage, res) => {
    hits.push(req.url ?? '');
    req.resume();
    res.end('ok');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => srv.close(() => r())));
  const port = (srv.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/internal-admin`, port, hits };
}

describe('callback targets', () => {
  it('refuses internal targets at intake with 400 naming callbackUrl, and stores nothing', async () => {
    const h = await hub();
    const { url } = await receiver();
    for (const callbackUrl of [url, 'http://localhost:9/x', 'http://[::1]:9/x', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.8/hook', 'http://192.168.1.1/', 'http://172.20.0.1/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0:9/', 'http://[fd00:ec2::254]/']) {
      const r = await postHandoff(h, handoff(`cb-${callbackUrl.length}`, { callbackUrl }));
      expect(r.status, callbackUrl).toBe(400);
      expect(r.json.error.issues.map((i: { path: string }) => i.path), callbackUrl).toEqual(['callbackUrl']);
      expect(r.json.error.message).toMatch(/BATON_CALLBACK_ALLOW/);
    }
    const bf = await api(h, '/v1/botframework/activities', {
      body: { type: 'event', name: 'handoff.initiate', conversation: { id: 'bf-x' }, value: { customer: { id: 'c' }, reason: { trigger: 'customer_request' }, callbackUrl: url } },
    });
    expect(bf.status).toBe(400);
    expect(await h.store.listHandoffsByStatus(['queued', 'offered', 'active'])).toHaveLength(0);
  });

  it('calls an internal target the operator allowed', async () => {
    const rx = await receiver();
    const h = await hub({ callbackAllow: [`127.0.0.1:${rx.port}`] });
    const r = await postHandoff(h, handoff('allowed', { callbackUrl: rx.url }));
    expect(r.status).toBe(201);
    const d = await deskFor(h, cleanups, 'Maya');
    await d.next(isOffer(r.json.handoffId));
    await d.request('offer.accept', { handoffId: r.json.handoffId });
    await h.close();
    expect(rx.hits).toEqual(['/internal-admin']);
  });

  it('checks again at send time: no request once the target is no longer allowed', async () => {
    const rx = await receiver();
    const dir = mkdtempSync(join(tmpdir(), 'baton-cb-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await startHub({ port: 0, dataDir: dir, botKeys: [BOT_KEY], logger: silentLogger, callbackAllow: [`127.0.0.1:${rx.port}`] });
    const id = (await postHandoff(first, handoff('later', { callbackUrl: rx.url }))).json.handoffId;
    await first.close();
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (event: string) => void warnings.push(event), child: () => logger };
    const second = await startHub({ port: 0, dataDir: dir, botKeys: [BOT_KEY], logger });
    cleanups.push(() => second.close());
    const d = await deskFor(second, cleanups, 'Maya');
    await d.next(isOffer(id));
    expect((await d.request('offer.accept', { handoffId: id })).ok).toBe(true);
    await second.close();
    expect(rx.hits).toEqual([]);
    expect(warnings).toContain('callback.refused');
  });
});
