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

type IndexLink = { method: string; href: string; credential: Credential | null } | { transport: string; namespace: string; credential: Credential };

export interface HubIndex {
  name: string;
  version: string;
  time: string;
  docs: string;
  links: Record<string, IndexLink>;
}

/** Which credential a route takes; every 401 names it, so a caller is told what to send for that route. */
export type Credential = 'bot_key' | 'agent_token' | 'supervisor_token' | 'bot_key_or_agent_token' | 'bot_key_or_customer_token';

export const credentialHelp: Record<Credential, string> = {
  bot_key: 'This route takes a bot key: send "Authorization: Bearer <key>" with one of the hub\'s bot keys (BATON_BOT_KEYS).',
  agent_token: 'This route takes an agent or supervisor token: send "Authorization: Bearer <token>" (a hub operator issues one with `npm run hub -- agents add`).',
  supervisor_token: 'This route takes a supervisor token: send "Authorization: Bearer <token>" (a hub operator issues one with `npm run hub -- agents add --role supervisor`).',
  bot_key_or_agent_token: 'This route takes a bot key (BATON_BOT_KEYS) or an agent token (`npm run hub -- agents add`) as "Authorization: Bearer <credential>".',
  bot_key_or_customer_token:
    'This route takes the key of the bot that handed the conversation off, or the conversation\'s customerToken from the hand-off answer, as "Authorization: Bearer <credential>".',
};

export function hubIndex(now: number): HubIndex {
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
      customerMessages: { method: 'POST', href: '/v1/conversations/{conversationId}/messages', credential: 'bot_key_or_customer_token' },
      customerEvents: { method: 'GET', href: '/v1/conversations/{conversationId}/events', credential: 'bot_key_or_customer_token' },
      customerStream: { method: 'GET', href: '/v1/conversations/{conversationId}/stream', credential: 'bot_key_or_customer_token' },
      end: { method: 'POST', href: '/v1/conversations/{conversationId}/end', credential: 'bot_key_or_customer_token' },
      csat: { method: 'POST', href: '/v1/conversations/{conversationId}/csat', credential: 'bot_key_or_customer_token' },
      queues: { method: 'GET', href: '/v1/queues', credential: 'bot_key_or_agent_token' },
      me: { method: 'GET', href: '/v1/agents/me', credential: 'agent_token' },
      knowledgeBase: { method: 'GET', href: '/v1/kb/articles', credential: 'agent_token' },
      metrics: { method: 'GET', href: '/v1/metrics', credential: 'supervisor_token' },
      agentSocket: { transport: 'socket.io', namespace: '/agent', credential: 'agent_token' },
    },
  };
}

const credentialLabel: Record<Credential, string> = {
  bot_key: 'bot key',
  agent_token: 'agent token',
  supervisor_token: 'supervisor token',
  bot_key_or_agent_token: 'bot key or agent token',
  bot_key_or_customer_token: "owning bot's key or customer token",
};

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Whether a GET / came from a browser (it asks for HTML first) rather than curl or a client (JSON). */
export function prefersHtml(accept: string | undefined): boolean {
  const first = (accept ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('text/html');
}

/** The same index as a page, for whoever opens the hub's address in a browser. */
export function hubIndexHtml(index: HubIndex): string {
  const rows = Object.entries(index.links)
    .map(([name, link]) => {
      const where = 'href' in link ? `<code>${escapeHtml(link.method)} ${escapeHtml(link.href)}</code>` : `<code>${escapeHtml(link.transport)} ${escapeHtml(link.namespace)}</code>`;
      const target = 'href' in link && link.method === 'GET' && !link.href.includes('{') && link.credential === null ? `<a href="${escapeHtml(link.href)}">${where}</a>` : where;
      const credential = link.credential ? credentialLabel[link.credential] : 'none';
      return `<tr><th scope="row">${escapeHtml(name)}</th><td>${target}</td><td>${escapeHtml(credential)}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(index.name)} ${escapeHtml(index.version)}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; color: #1c2430; background: #f6f7f9; margin: 0; }
  main { max-width: 860px; margin: 48px auto; padding: 32px 40px; background: #fff; border: 1px solid #dde1e7; border-radius: 10px; }
  h1 { margin: 0 0 4px; font-size: 26px; }
  .meta { color: #5b6575; margin: 0 0 24px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 8px 10px; border-top: 1px solid #e6e9ee; vertical-align: top; }
  thead th { border-top: 0; color: #5b6575; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
  tbody th { font-weight: 600; white-space: nowrap; }
  code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
  a { color: #1f5fbf; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(index.name)}</h1>
<p class="meta">Version <span data-testid="hub-version">${escapeHtml(index.version)}</span> · running · ${escapeHtml(index.time)}</p>
<p>This is the server bots hand conversations off to, and agents' desks connect to. Its API is described in ${escapeHtml(index.docs)}. Each route names the credential it takes; send it as <code>Authorization: Bearer &lt;credential&gt;</code>.</p>
<table>
<thead><tr><th scope="col">Route</th><th scope="col">Call</th><th scope="col">Credential</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</main>
</body>
</html>
`;
}
