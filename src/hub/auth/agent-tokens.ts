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
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const newToken = (): string => `bat_${randomBytes(32).toString('base64url')}`;

/** Creates the agent, or updates it when the id exists (an admin helper on the embedded store), and gives it a fresh token (older tokens stop working). */
export function issueToken(store: SyncHubStore, input: IssueTokenInput, now: () => number = Date.now): { agentId: string; token: string } {
  const id = input.id ?? randomUUID();
  const existing = store.getAgent(id);
  const agent: AgentRecord = {
    id,
    name: input.name,
    role: input.role,
    skills: input.skills ?? existing?.skills ?? ['general'],
    capacity: input.capacity ?? existing?.capacity ?? (input.role === 'supervisor' ? 0 : 3),
    status: existing?.status ?? 'available',
    createdAt: existing?.createdAt ?? new Date(now()).toISOString(),
  };
  const token = newToken();
  store.upsertAgent(agent, hashToken(token));
  return { agentId: id, token };
}

export async function agentForToken(store: HubStore, token: unknown): Promise<AgentRecord | undefined> {
  if (typeof token !== 'string' || token.length < 8 || token.length > 200) return undefined;
  return store.getAgentByTokenHash(hashToken(token));
}

/** Constant-time membership test for bot keys. */
export function isBotKey(keys: string[], candidate: string | undefined): boolean {
  if (!candidate) return false;
  const c = Buffer.from(hashToken(candidate), 'hex');
  let found = false;
  for (const k of keys) if (timingSafeEqual(Buffer.from(hashToken(k), 'hex'), c)) found = true;
  return found;
}
