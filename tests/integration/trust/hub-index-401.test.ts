// Issue 12 point 12 over real HTTP: GET / names the hub, its version and its API; every 401 names the credential
// its route expects, so a wrong bot key is never told to send an agent token.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, useHubCleanups } from '../hub/hub-harness';

const { hub } = useHubCleanups();
const version = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string }).version;

describe('hub index and 401 answers', () => {
  it('GET / answers the hub name, version and API links without a credential', async () => {
    const h = await hub();
    const r = await api(h, '/', { headers: {} });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: 'Baton Hub', version });
    expect(r.json.links.handoffs).toEqual({ method: 'POST', href: '/v1/handoffs', credential: 'bot_key' });
    expect(r.json.links.metrics.credential).toBe('supervisor_token');
    expect(r.json.links.agentSocket).toMatchObject({ namespace: '/agent' });
  });

  it('each 401 names the credential of its route', async () => {
    const h = await hub();
    const wrong = { authorization: 'Bearer not-a-real-key-123', 'content-type': 'application/json' };
    const cases: [string, string, string, RegExp][] = [
      ['POST', '/v1/handoffs', 'bot_key', /bot key.*BATON_BOT_KEYS/],
      ['POST', '/v1/conversations/c1/messages', 'bot_key', /bot key or customer token .* customerToken from the hand-off answer/],
      ['GET', '/v1/conversations/c1/events', 'bot_key', /bot key or customer token .* customerToken from the hand-off answer/],
      ['POST', '/v1/policy/evaluate', 'bot_key', /bot key/],
      ['GET', '/v1/queues', 'bot_key_or_agent_token', /bot key .* or an agent token/],
      ['GET', '/v1/agents/me', 'agent_token', /agent or supervisor token/],
      ['GET', '/v1/kb/articles', 'agent_token', /agents add/],
      ['GET', '/v1/metrics', 'supervisor_token', /supervisor token.*--role supervisor/],
    ];
    for (const [method, path, credential, message] of cases) {
      const r = await api(h, path, { method, headers: wrong, ...(method === 'POST' ? { body: {} } : {}) });
      expect(r.status, path).toBe(401);
      expect(r.json.error.credential, path).toBe(credential);
      expect(r.json.error.message, path).toMatch(message);
      if (credential === 'bot_key') expect(r.json.error.message, path).not.toMatch(/agent token/);
    }
    const res = await fetch(`${h.url}/v1/handoffs`, { method: 'POST', body: '{}' });
    expect(res.headers.get('www-authenticate')).toContain('credential="bot_key"');
  });
});
