// Agent and supervisor tokens: random, shown once, stored only as a SHA-256 hash (a token is 256 random bits,
// so a fast hash is enough: there is nothing to brute-force the way there is with a password).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../shared/domain/conversation';
import type { AgentRecord, HubStore, SyncHubStore } from '../store/hub-store';

export interface IssueTokenInput {
  id?: string;
  name: string;
  role: Role;
  skills?: string[];
  capacity?: number;
  /** When the new token stops working (ISO-8601); omitted = never. */
  expiresAt?: string;
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const newToken = (): string => `bat_${randomBytes(32).toString('base64url')}`;

/** The agent record a token is issued for: the input over what the agent already had. */
function agentFor(id: string, input: IssueTokenInput, existing: AgentRecord | undefined, now: () => number): AgentRecord {
  return {
    id,
    name: input.name,
    role: input.role,
    skills: input.skills ?? existing?.skills ?? ['general'],
    capacity: input.capacity ?? existing?.capacity ?? (input.role === 'supervisor' ? 0 : 3),
    status: existing?.status ?? 'available',
    createdAt: existing?.createdAt ?? new Date(now()).toISOString(),
    ...(input.expiresAt ? { tokenExpiresAt: input.expiresAt } : {}),
  };
}

/** Creates the agent, or updates it when the id exists, and gives it a fresh token (older tokens stop working). */
export async function issueToken(store: HubStore, input: IssueTokenInput, now: () => number = Date.now): Promise<{ agentId: string; token: string }> {
  const id = input.id ?? randomUUID();
  const token = newToken();
  await store.upsertAgent(agentFor(id, input, await store.getAgent(id), now), hashToken(token));
  return { agentId: id, token };
}

/** issueToken on a store that answers synchronously (the embedded SQLite file): what RunningHub.issueToken keeps for callers that need the token at once. */
export function issueTokenSync(store: SyncHubStore, input: IssueTokenInput, now: () => number = Date.now): { agentId: string; token: string } {
  const id = input.id ?? randomUUID();
  const token = newToken();
  store.upsertAgent(agentFor(id, input, store.getAgent(id), now), hashToken(token));
  return { agentId: id, token };
}

export const tokenExpired = (agent: AgentRecord, now: () => number = Date.now): boolean =>
  agent.tokenExpiresAt !== undefined && Date.parse(agent.tokenExpiresAt) <= now();

/** What an expired token's holder is told: when it expired and how to get a new one. */
export const expiredTokenMessage = (agent: AgentRecord): string =>
  `This agent token expired at ${agent.tokenExpiresAt}. Ask a hub operator for a new one: npm run hub -- agents add --id ${agent.id} --name "${agent.name}" [--expires 90d] (it replaces the old token).`;

export type AgentTokenCheck = { ok: true; agent: AgentRecord } | { ok: false; expired?: AgentRecord };

/** The agent a token belongs to, telling an unknown token from an expired one. */
export async function checkAgentToken(store: HubStore, token: unknown, now: () => number = Date.now): Promise<AgentTokenCheck> {
  if (typeof token !== 'string' || token.length < 8 || token.length > 200) return { ok: false };
  const agent = await store.getAgentByTokenHash(hashToken(token));
  if (!agent) return { ok: false };
  if (tokenExpired(agent, now)) return { ok: false, expired: agent };
  return { ok: true, agent };
}

export async function agentForToken(store: HubStore, token: unknown, now: () => number = Date.now): Promise<AgentRecord | undefined> {
  const check = await checkAgentToken(store, token, now);
  return check.ok ? check.agent : undefined;
}

/** "90d", "12h", "30m" or "3600s" as milliseconds; undefined when it is not one of those. */
export function parseExpiry(text: string): number | undefined {
  const m = /^(\d{1,6})\s*([dhms])$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 }[m[2]!.toLowerCase() as 'd' | 'h' | 'm' | 's'];
  return n > 0 ? n * unit : undefined;
}

/** Constant-time membership test for bot keys. */
export function isBotKey(keys: string[], candidate: string | undefined): boolean {
  if (!candidate) return false;
  const c = Buffer.from(hashToken(candidate), 'hex');
  let found = false;
  for (const k of keys) if (timingSafeEqual(Buffer.from(hashToken(k), 'hex'), c)) found = true;
  return found;
}
