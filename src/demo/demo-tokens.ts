// The demo's agent and supervisor tokens, kept in the data directory so that a token pasted in the desk's
// Settings, or exported as AGENT_TOKEN for the README's curl examples, still works after the next `npm start`.
// A saved token is reused only while the hub still accepts it for the same agent (a wiped hub database gets fresh
// ones). The file holds secrets: it is written owner-only and never logged.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { agentForToken, type IssueTokenInput } from '../hub/auth/agent-tokens';
import type { HubStore } from '../hub/store/hub-store';

const savedSchema = z.object({ version: z.literal(1), tokens: z.record(z.string(), z.string().min(8).max(200)) });

export interface DemoTokenHub {
  store: HubStore;
  /** The hub's admin helpers, which work on whichever store it runs (SQLite or PostgreSQL). */
  admin: { issueToken(input: IssueTokenInput): Promise<{ agentId: string; token: string }> };
}

export interface DemoAgentToken {
  agentId: string;
  token: string;
  /** False when this start issued it (first start, or the hub no longer knew the saved one). */
  reused: boolean;
}

function readSaved(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  try {
    const parsed = savedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.tokens : {};
  } catch {
    return {};
  }
}

/** Tokens for the seeded agents: the saved ones the hub still accepts, fresh ones for the rest; saves them all. */
export async function demoAgentTokens(hub: DemoTokenHub, agents: (IssueTokenInput & { id: string })[], file: string): Promise<Map<string, DemoAgentToken>> {
  const saved = readSaved(file);
  const out = new Map<string, DemoAgentToken>();
  for (const agent of agents) {
    const token = saved[agent.id];
    const known = token ? await agentForToken(hub.store, token) : undefined;
    if (token && known?.id === agent.id) {
      out.set(agent.id, { agentId: agent.id, token, reused: true });
      continue;
    }
    const issued = await hub.admin.issueToken(agent);
    out.set(agent.id, { ...issued, reused: false });
  }
  const tokens = Object.fromEntries([...out.values()].map((t) => [t.agentId, t.token]));
  // Written whole then renamed, so a crash never leaves half a file; owner-only, since these are credentials.
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ version: 1, tokens }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return out;
}
