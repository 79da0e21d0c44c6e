// The demo's tokens (npm start): kept in the data directory and reused while the hub accepts them, so a token
// pasted in Settings survives a restart; a hub that no longer knows them (a wiped database) gets fresh ones.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoAgentTokens } from '../../../src/demo/demo-tokens';
import { agentForToken } from '../../../src/hub/auth/agent-tokens';
import { startHub, type RunningHub } from '../../../src/hub/server';
import { silentLogger } from '../../../src/shared/log';
import { tempDir } from '../../unit/desk/temp-dir';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function hubIn(dir: string): Promise<RunningHub> {
  const hub = await startHub({ port: 0, dataDir: dir, botKeys: ['k'], logger: silentLogger });
  cleanups.push(() => hub.close());
  return hub;
}

const agents = [
  { id: 'agent-maya', name: 'Maya Chen', role: 'agent' as const, skills: ['billing'], capacity: 3 },
  { id: 'agent-priya', name: 'Priya Nair', role: 'supervisor' as const, skills: [], capacity: 0 },
];

describe('demo tokens', () => {
  it('are reused across restarts of the same hub, and written owner-only', async () => {
    const t = tempDir('baton-demo-tokens-');
    cleanups.push(t.cleanup);
    const file = join(t.dir, 'demo-tokens.json');
    const first = await hubIn(join(t.dir, 'hub'));
    const a = await demoAgentTokens(first, agents, file);
    expect([...a.values()].map((x) => x.reused)).toEqual([false, false]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await first.close();

    const again = await hubIn(join(t.dir, 'hub'));
    const b = await demoAgentTokens(again, agents, file);
    expect(b.get('agent-maya')).toEqual({ ...a.get('agent-maya'), reused: true });
    expect(b.get('agent-priya')?.token).toBe(a.get('agent-priya')?.token);
    expect((await agentForToken(again.store, b.get('agent-priya')?.token))?.role).toBe('supervisor');
  });

  it('issues fresh ones when the hub does not know the saved ones, or the file is damaged', async () => {
    const t = tempDir('baton-demo-tokens-');
    cleanups.push(t.cleanup);
    const file = join(t.dir, 'demo-tokens.json');
    const old = await hubIn(join(t.dir, 'hub-old'));
    const a = await demoAgentTokens(old, agents, file);
    // A wiped hub database: the saved tokens mean nothing there.
    const wiped = await hubIn(join(t.dir, 'hub-new'));
    const b = await demoAgentTokens(wiped, agents, file);
    expect([...b.values()].map((x) => x.reused)).toEqual([false, false]);
    expect(b.get('agent-maya')?.token).not.toBe(a.get('agent-maya')?.token);
    expect((await agentForToken(wiped.store, b.get('agent-maya')?.token))?.id).toBe('agent-maya');
    expect(JSON.parse(readFileSync(file, 'utf8')).tokens['agent-maya']).toBe(b.get('agent-maya')?.token);

    writeFileSync(file, '{ not json');
    const c = await demoAgentTokens(wiped, agents, file);
    expect([...c.values()].map((x) => x.reused)).toEqual([false, false]);
  });
});
