// Row <-> record mapping shared by the SQLite and PostgreSQL stores: both keep the same columns with the same
// encodings (ISO-8601 text for times, JSON text for lists and the request, 0/1 integers for flags), so a record
// reads back the same from either engine.
import type { AgentStatus, Message, MessageRole, Role } from '../../shared/domain/conversation';
import type { HandoffStatus, Trigger } from '../../shared/domain/handoff';
import type { AgentRecord, HandoffPatch, HandoffRecord, QueueTally, SuggestionFeedbackRecord } from './hub-store';

export type Row = Record<string, unknown>;

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);

// Every handoffs column but `request`, for listings.
export const LIST_COLUMNS = [
  'id', 'conversation_id', 'customer_id', 'source', 'trigger', 'queue', 'skills', 'vip', 'frustrated', 'status', 'created_at', 'queued_at',
  'offered_to', 'offer_expires_at', 'preferred_agent_id', 'agent_id', 'accepted_at', 'first_accepted_at', 'human_contacts', 'ended_at',
  'end_reason', 'resolution', 'disposition', 'notes', 'csat_score', 'csat_comment', 'last_told_position', 'last_told_text', 'last_told_at', 'callback_url',
].join(', ');

export const handoffColumns: Record<keyof HandoffPatch, string> = {
  trigger: 'trigger',
  queue: 'queue',
  skills: 'skills',
  vip: 'vip',
  frustrated: 'frustrated',
  status: 'status',
  queuedAt: 'queued_at',
  offeredTo: 'offered_to',
  offerExpiresAt: 'offer_expires_at',
  preferredAgentId: 'preferred_agent_id',
  agentId: 'agent_id',
  acceptedAt: 'accepted_at',
  firstAcceptedAt: 'first_accepted_at',
  humanContacts: 'human_contacts',
  endedAt: 'ended_at',
  endReason: 'end_reason',
  resolution: 'resolution',
  disposition: 'disposition',
  notes: 'notes',
  csatScore: 'csat_score',
  csatComment: 'csat_comment',
  lastToldPosition: 'last_told_position',
  lastToldText: 'last_told_text',
  lastToldAt: 'last_told_at',
  callbackUrl: 'callback_url',
};

export function toColumnValue(key: keyof HandoffPatch, value: unknown): unknown {
  if (value === undefined) return null;
  if (key === 'skills') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

// Listings leave the (possibly large) request column out; `context` is parsed, or read, on first use. The getter
// lives on a shared prototype so a listing of thousands of rows allocates no closures.
const RAW = Symbol('request');
const LOAD = Symbol('loadRequest');
const PARSED = Symbol('context');
interface LazyContext {
  id: string;
  [RAW]?: string;
  [LOAD]?: (id: string) => string;
  [PARSED]?: HandoffRecord['context'];
}
const handoffPrototype = {
  get context(): HandoffRecord['context'] {
    const self = this as unknown as LazyContext;
    if (self[PARSED] === undefined) self[PARSED] = JSON.parse(self[RAW] ?? self[LOAD]?.(self.id) ?? '{}') as HandoffRecord['context'];
    return self[PARSED];
  },
};

export function rowToHandoff(r: Row, loadContext?: (id: string) => string): HandoffRecord {
  const h = Object.create(handoffPrototype) as HandoffRecord & LazyContext;
  h.id = String(r.id);
  h.conversationId = String(r.conversation_id);
  h.customerId = String(r.customer_id);
  h.source = r.source === 'botframework' ? 'botframework' : 'api';
  h.trigger = String(r.trigger) as Trigger;
  h.queue = String(r.queue);
  h.skills = JSON.parse(String(r.skills)) as string[];
  h.vip = num(r.vip) === 1;
  h.frustrated = num(r.frustrated) === 1;
  h.status = String(r.status) as HandoffStatus;
  h.createdAt = String(r.created_at);
  h.queuedAt = String(r.queued_at);
  h.humanContacts = num(r.human_contacts) ?? 0;
  if (typeof r.request === 'string') h[RAW] = r.request;
  else if (loadContext) h[LOAD] = loadContext;
  if (r.offered_to != null) h.offeredTo = String(r.offered_to);
  if (r.offer_expires_at != null) h.offerExpiresAt = String(r.offer_expires_at);
  if (r.preferred_agent_id != null) h.preferredAgentId = String(r.preferred_agent_id);
  if (r.agent_id != null) h.agentId = String(r.agent_id);
  if (r.accepted_at != null) h.acceptedAt = String(r.accepted_at);
  if (r.first_accepted_at != null) h.firstAcceptedAt = String(r.first_accepted_at);
  if (r.ended_at != null) h.endedAt = String(r.ended_at);
  if (r.end_reason != null) h.endReason = String(r.end_reason);
  if (r.resolution != null) h.resolution = String(r.resolution);
  if (r.disposition != null) h.disposition = String(r.disposition);
  if (r.notes != null) h.notes = String(r.notes);
  if (r.csat_score != null) h.csatScore = num(r.csat_score) ?? 0;
  if (r.csat_comment != null) h.csatComment = String(r.csat_comment);
  if (r.last_told_position != null) h.lastToldPosition = num(r.last_told_position) ?? 0;
  if (r.last_told_text != null) h.lastToldText = String(r.last_told_text);
  if (r.last_told_at != null) h.lastToldAt = String(r.last_told_at);
  if (r.callback_url != null) h.callbackUrl = String(r.callback_url);
  return h;
}

export function rowToAgent(r: Row): AgentRecord {
  return {
    id: String(r.id),
    name: String(r.name),
    role: String(r.role) as Role,
    skills: JSON.parse(String(r.skills)) as string[],
    capacity: num(r.capacity) ?? 0,
    status: String(r.status) as AgentStatus,
    createdAt: String(r.created_at),
    ...(r.token_expires_at != null ? { tokenExpiresAt: String(r.token_expires_at) } : {}),
    ...(r.grace_until != null ? { graceUntil: String(r.grace_until) } : {}),
  };
}

export function rowToMessage(r: Row): Message {
  const m: Message = { id: String(r.id), handoffId: String(r.handoff_id), role: String(r.role) as MessageRole, text: String(r.text), at: String(r.at) };
  const cid = str(r.client_message_id);
  if (cid !== undefined) m.clientMessageId = cid;
  const author = str(r.author_name);
  if (author !== undefined) m.authorName = author;
  if (num(r.before_handoff) === 1) m.beforeHandoff = true;
  return m;
}

export function rowToQueueTally(r: Row): QueueTally {
  return { queue: String(r.queue), decided: num(r.decided) ?? 0, inTime: num(r.in_time) ?? 0, abandoned: num(r.abandoned) ?? 0 };
}

export function rowToSuggestionFeedback(r: Row): SuggestionFeedbackRecord {
  const f: SuggestionFeedbackRecord = {
    handoffId: String(r.handoff_id),
    agentId: String(r.agent_id),
    suggestionId: String(r.suggestion_id),
    action: String(r.action) as SuggestionFeedbackRecord['action'],
    at: String(r.at),
  };
  const provider = str(r.provider);
  if (provider !== undefined) f.provider = provider;
  return f;
}


/** A stored JSON list as an optional field: absent when empty, so articles without procedures look as before. */
export function jsonList<K extends 'steps' | 'askedAs'>(key: K, raw: unknown): Partial<Record<K, never[]>> {
  if (typeof raw !== 'string') return {};
  try {
    const list = JSON.parse(raw) as unknown;
    return Array.isArray(list) && list.length > 0 ? ({ [key]: list } as Partial<Record<K, never[]>>) : {};
  } catch {
    return {};
  }
}
