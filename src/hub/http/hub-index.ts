// GET / on the hub: what this server is, its version, and where its API is, so an integrator who points a
// browser or curl at the hub's address learns what to call next (no credential needed, nothing private).
import { readFileSync } from 'node:fs';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const HUB_VERSION = readVersion();

/** Which credential a route takes; every 401 names it, so a caller is told what to send for that route. */
export type Credential = 'bot_key' | 'agent_token' | 'supervisor_token' | 'bot_key_or_agent_token';

export const credentialHelp: Record<Credential, string> = {
  bot_key: 'This route takes a bot key: send "Authorization: Bearer <key>" with one of the hub\'s bot keys (BATON_BOT_KEYS).',
  agent_token: 'This route takes an agent or supervisor token: send "Authorization: Bearer <token>" (a hub operator issues one with `npm run hub -- agents add`).',
  supervisor_token: 'This route takes a supervisor token: send "Authorization: Bearer <token>" (a hub operator issues one with `npm run hub -- agents add --role supervisor`).',
  bot_key_or_agent_token: 'This route takes a bot key (BATON_BOT_KEYS) or an agent token (`npm run hub -- agents add`) as "Authorization: Bearer <credential>".',
};

export function hubIndex(now: number): unknown {
  return {
    name: 'Baton Hub',
    version: HUB_VERSION,
    time: new Date(now).toISOString(),
    docs: 'README.md "Hub API (v1)" and src/hub/README.md',
    links: {
      health: { method: 'GET', href: '/healthz', credential: null },
      handoffs: { method: 'POST', href: '/v1/handoffs', credential: 'bot_key' },
      botframework: { method: 'POST', href: '/v1/botframework/activities', credential: 'bot_key' },
      policy: { method: 'POST', href: '/v1/policy/evaluate', credential: 'bot_key' },
      customerMessages: { method: 'POST', href: '/v1/conversations/{conversationId}/messages', credential: 'bot_key' },
      customerEvents: { method: 'GET', href: '/v1/conversations/{conversationId}/events', credential: 'bot_key' },
      end: { method: 'POST', href: '/v1/conversations/{conversationId}/end', credential: 'bot_key' },
      csat: { method: 'POST', href: '/v1/conversations/{conversationId}/csat', credential: 'bot_key' },
      queues: { method: 'GET', href: '/v1/queues', credential: 'bot_key_or_agent_token' },
      me: { method: 'GET', href: '/v1/agents/me', credential: 'agent_token' },
      knowledgeBase: { method: 'GET', href: '/v1/kb/articles', credential: 'agent_token' },
      metrics: { method: 'GET', href: '/v1/metrics', credential: 'supervisor_token' },
      agentSocket: { transport: 'socket.io', namespace: '/agent', credential: 'agent_token' },
    },
  };
}
