// Translates Microsoft Bot Framework hand-off events to and from Baton (POST /v1/botframework/activities).
// In: the `handoff.initiate` event activity botbuilder's EventFactory.createHandoffInitiation(context,
// handoffContext, transcript) produces: `value` is the hub-specific context (any shape; .NET bots send PascalCase
// keys), and an attachment named "Transcript" (content `{ activities: [...] }`) carries the conversation so far.
// Out: the `handoff.status` event (`accepted`, `failed`, `completed`) that EventFactory.createHandoffStatus makes.
// Strict only where Baton cannot work without the data (event type and name, conversation id, a customer id);
// lenient about everything else: unknown attachments and value fields are ignored, odd values are dropped.
import { z } from 'zod';
import {
  MAX_TEXT,
  crmSchema,
  customerSchema,
  handoffRequestSchema,
  triggerSchema,
  type Crm,
  type Customer,
  type HandoffReason,
  type HandoffRequest,
  type Intent,
  type TranscriptTurn,
  type Trigger,
} from '../../shared/domain/handoff';
import { fail, ok, type Result } from '../../shared/result';

export const HANDOFF_INITIATE = 'handoff.initiate';
export const HANDOFF_STATUS = 'handoff.status';

const MAX_TURNS = 5_000;

const channelAccountSchema = z
  .object({ id: z.string().min(1).max(200), name: z.string().max(200).optional(), role: z.string().max(50).optional() })
  .loose();
type ChannelAccount = z.infer<typeof channelAccountSchema>;

const handoffActivitySchema = z
  .object({
    type: z.string().refine((t) => t.toLowerCase() === 'event', { message: 'type must be "event"' }),
    name: z.string().refine((n) => n.toLowerCase() === HANDOFF_INITIATE, { message: `name must be "${HANDOFF_INITIATE}"` }),
    conversation: z.object({ id: z.string().min(1).max(200) }).loose(),
    from: channelAccountSchema.optional(),
    recipient: channelAccountSchema.optional(),
    relatesTo: z.unknown().optional(),
    value: z.unknown().optional(),
    attachments: z.array(z.unknown()).max(100).optional(),
    serviceUrl: z.string().max(2_000).optional(),
    channelData: z.unknown().optional(),
  })
  .loose();

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Case- and separator-insensitive property lookup: "Skill", "skill", "queue_name" and "queueName" all match. */
function pick(obj: unknown, ...keys: string[]): unknown {
  if (!isObj(obj)) return undefined;
  const wanted = new Set(keys.map((k) => k.toLowerCase().replace(/[_\-\s]/g, '')));
  for (const [k, v] of Object.entries(obj)) if (wanted.has(k.toLowerCase().replace(/[_\-\s]/g, '')) && v !== undefined && v !== null) return v;
  return undefined;
}

const str = (v: unknown, max = 200): string | undefined =>
  typeof v === 'string' && v.trim().length > 0 ? v.trim().slice(0, max) : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

function isoTime(v: unknown): string | undefined {
  if (typeof v !== 'string' && !(v instanceof Date)) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function account(v: unknown): ChannelAccount | undefined {
  const parsed = channelAccountSchema.safeParse(v);
  return parsed.success ? parsed.data : undefined;
}

// ---- transcript ---------------------------------------------------------------------------------------------

function isTranscriptAttachment(a: Obj): boolean {
  const name = str(pick(a, 'name'), 300)?.toLowerCase() ?? '';
  // "Transcript", "transcript.json", "Conversation transcript"...
  return /(^|[^a-z])transcript([^a-z]|$)/.test(name) || name.startsWith('transcript');
}

function transcriptActivities(content: unknown): unknown[] | undefined {
  let c = content;
  if (typeof c === 'string') {
    try {
      c = JSON.parse(c);
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(c)) return c;
  const activities = pick(c, 'activities');
  return Array.isArray(activities) ? activities : undefined;
}

interface Parties {
  botIds: Set<string>;
  customerIds: Set<string>;
}

function turnRole(activity: Obj, parties: Parties): TranscriptTurn['role'] {
  const from = isObj(activity.from) ? activity.from : undefined;
  const recipient = isObj(activity.recipient) ? activity.recipient : undefined;
  const role = str(pick(from, 'role'))?.toLowerCase();
  if (role === 'bot' || role === 'skill') return 'bot';
  if (role === 'user') return 'customer';
  const fromId = str(pick(from, 'id'));
  const toId = str(pick(recipient, 'id'));
  if (fromId && parties.botIds.has(fromId)) return 'bot';
  if (fromId && parties.customerIds.has(fromId)) return 'customer';
  if (toId && parties.botIds.has(toId)) return 'customer';
  if (toId && parties.customerIds.has(toId)) return 'bot';
  return 'customer';
}

function messageText(activity: Obj): string | undefined {
  const text = typeof activity.text === 'string' ? activity.text.trim() : '';
  if (text) return text.slice(0, MAX_TEXT);
  const attachments = Array.isArray(activity.attachments) ? activity.attachments.filter(isObj) : [];
  if (attachments.length === 0) return undefined;
  const names = attachments.map((a) => str(pick(a, 'name')) ?? str(pick(a, 'contentType')) ?? 'file');
  return `[sent ${attachments.length === 1 ? 'an attachment' : `${attachments.length} attachments`}: ${names.join(', ')}]`.slice(0, MAX_TEXT);
}

function mapTranscript(activities: unknown[], parties: Parties): TranscriptTurn[] {
  const turns: TranscriptTurn[] = [];
  for (const a of activities) {
    if (!isObj(a)) continue;
    const type = str(pick(a, 'type'))?.toLowerCase() ?? 'message';
    if (type !== 'message') continue; // typing, conversationUpdate, events: not part of what was said
    const text = messageText(a);
    if (!text) continue;
    const at = isoTime(pick(a, 'timestamp')) ?? isoTime(pick(a, 'localTimestamp'));
    turns.push(at ? { role: turnRole(a, parties), text, at } : { role: turnRole(a, parties), text });
  }
  return turns.slice(-MAX_TURNS);
}

// ---- hand-off context (value) -------------------------------------------------------------------------------

const triggerSynonyms: Record<string, Trigger> = {
  customerrequest: 'customer_request', userrequest: 'customer_request', requestedagent: 'customer_request',
  agentrequested: 'customer_request', humanrequested: 'customer_request', explicitrequest: 'customer_request',
  complexity: 'complexity', complex: 'complexity', complexintent: 'complexity',
  sentiment: 'sentiment', frustration: 'sentiment', negativesentiment: 'sentiment', frustrated: 'sentiment', angry: 'sentiment',
  vip: 'vip', viptier: 'vip',
  lowconfidence: 'low_confidence', notunderstood: 'low_confidence', unrecognized: 'low_confidence', nomatch: 'low_confidence',
  policy: 'policy', repeatedfailures: 'policy', maxretries: 'policy',
  other: 'other',
};

function mapTrigger(v: unknown): Trigger | undefined {
  const s = str(v, 100);
  if (!s) return undefined;
  const direct = triggerSchema.safeParse(s);
  if (direct.success) return direct.data;
  return triggerSynonyms[s.toLowerCase().replace(/[^a-z]/g, '')];
}

function mapReason(value: unknown): HandoffReason {
  const raw = pick(value, 'reason', 'handoffReason', 'escalationReason');
  const detailOf = (v: unknown) => str(v, 2_000);
  if (isObj(raw)) {
    const trigger = mapTrigger(pick(raw, 'trigger', 'type', 'code')) ?? mapTrigger(pick(value, 'trigger')) ?? 'other';
    const detail = detailOf(pick(raw, 'detail', 'details', 'text', 'message', 'description'));
    return detail ? { trigger, detail } : { trigger };
  }
  const text = detailOf(raw);
  const trigger = mapTrigger(pick(value, 'trigger')) ?? mapTrigger(text) ?? 'other';
  return text ? { trigger, detail: text } : { trigger };
}

function mapIntent(value: unknown): Intent | undefined {
  const raw = pick(value, 'intent', 'topIntent');
  const name = isObj(raw) ? str(pick(raw, 'name', 'intent')) : str(raw);
  if (!name) return undefined;
  const confidence = num(isObj(raw) ? pick(raw, 'confidence', 'score') : pick(value, 'confidence', 'intentConfidence', 'score'));
  return confidence !== undefined && confidence >= 0 && confidence <= 1 ? { name, confidence } : { name };
}

function mapSkills(value: unknown): string[] | undefined {
  const raw = pick(value, 'skills') ?? pick(value, 'skill');
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  const skills = [...new Set(list.map((s) => str(s, 100)).filter((s): s is string => s !== undefined))].slice(0, 50);
  return skills.length > 0 ? skills : undefined;
}

/** Keeps each CRM part that is valid on its own, so one odd field does not cost the agent all the context. */
function mapCrm(value: unknown): Crm | undefined {
  const raw = pick(value, 'crm', 'customerData', 'crmData');
  if (!isObj(raw)) return undefined;
  const whole = crmSchema.safeParse(raw);
  if (whole.success) return Object.keys(whole.data).length > 0 ? whole.data : undefined;
  const crm: Obj = {};
  for (const key of ['accountType', 'customerSince', 'orders', 'previousTickets', 'attributes'] as const) {
    const part = crmSchema.safeParse({ [key]: pick(raw, key) });
    if (part.success && part.data[key] !== undefined) crm[key] = part.data[key];
  }
  return Object.keys(crm).length > 0 ? (crm as Crm) : undefined;
}

function mapCustomer(value: unknown, user: ChannelAccount | undefined): Partial<Customer> {
  const c = pick(value, 'customer', 'user');
  const customer: Partial<Customer> = {
    id: str(pick(c, 'id', 'customerId', 'userId'), MAX_TEXT) ?? str(pick(value, 'customerId', 'userId'), MAX_TEXT) ?? user?.id,
    name: str(pick(c, 'name'), MAX_TEXT) ?? str(pick(value, 'customerName', 'userName'), MAX_TEXT) ?? user?.name,
    email: str(pick(c, 'email'), MAX_TEXT) ?? str(pick(value, 'customerEmail', 'email'), MAX_TEXT),
    phone: str(pick(c, 'phone', 'phoneNumber'), MAX_TEXT) ?? str(pick(value, 'customerPhone', 'phone'), MAX_TEXT),
    tier: str(pick(c, 'tier', 'segment'), MAX_TEXT) ?? str(pick(value, 'tier', 'customerTier'), MAX_TEXT),
    language: str(pick(c, 'language', 'locale'), MAX_TEXT) ?? str(pick(value, 'language', 'locale'), MAX_TEXT),
  };
  // Keep only fields that pass the customer schema (a too-long phone number is dropped, not cut, and does not
  // reject the hand-off).
  for (const key of Object.keys(customer) as (keyof Customer)[]) {
    if (customer[key] === undefined || !customerSchema.shape[key].safeParse(customer[key]).success) delete customer[key];
  }
  return customer;
}

function mapCallbackUrl(value: unknown, channelData: unknown): string | undefined {
  const raw = str(pick(value, 'callbackUrl', 'statusUrl'), 2_000) ?? str(pick(channelData, 'callbackUrl', 'statusUrl'), 2_000);
  return raw && z.url({ protocol: /^https?$/ }).safeParse(raw).success ? raw : undefined;
}

// ---- entry points -------------------------------------------------------------------------------------------

const issuesOf = (error: z.ZodError) => error.issues.map((i) => ({ path: i.path.join('.') || '(activity)', message: i.message }));

/**
 * Maps a `handoff.initiate` event activity to a Baton hand-off. `callbackUrl` (from `value.callbackUrl` or
 * `channelData.callbackUrl`) is where `handoff.status` events should go; it is returned apart from the request
 * because those callbacks are Bot Framework activities, not Baton's own callback format.
 */
export function mapHandoffInitiation(activity: unknown): Result<{ request: HandoffRequest; callbackUrl?: string }> {
  const parsed = handoffActivitySchema.safeParse(activity);
  if (!parsed.success) {
    return fail('invalid', 'This is not a Bot Framework handoff.initiate event activity: fix the fields listed in issues and send it again.', issuesOf(parsed.error));
  }
  const a = parsed.data;
  // Some channels serialize the context to a string on the way; read it back when it is JSON.
  let rawValue = a.value;
  if (typeof rawValue === 'string') {
    try {
      rawValue = JSON.parse(rawValue) as unknown;
    } catch {
      rawValue = { reason: rawValue };
    }
  }
  const value = isObj(rawValue) ? rawValue : {};

  // Who is who: the conversation reference (relatesTo) names both sides; otherwise roles, then the convention
  // that createHandoffInitiation copies `from` from the user's incoming message.
  const refUser = account(pick(a.relatesTo, 'user'));
  const refBot = account(pick(a.relatesTo, 'bot'));
  const from = a.from;
  const fromIsBot = from?.role?.toLowerCase() === 'bot' || (refBot !== undefined && from?.id === refBot.id);
  const user = refUser ?? (fromIsBot ? a.recipient : from);
  const bot = refBot ?? (fromIsBot ? from : a.recipient);

  const attachments = (a.attachments ?? []).filter(isObj);
  const transcriptAttachment = attachments.find(isTranscriptAttachment);
  const activities = transcriptAttachment ? transcriptActivities(pick(transcriptAttachment, 'content')) : transcriptActivities(pick(value, 'transcript'));
  if (transcriptAttachment && activities === undefined) {
    return fail('invalid', 'The Transcript attachment has no readable activities: send { "activities": [ ...message activities ] } as its content.', [
      { path: `attachments.${attachments.indexOf(transcriptAttachment)}.content`, message: 'expected { activities: [...] }' },
    ]);
  }

  // A bot that sends the event itself (from = bot) without a conversation reference still names the user in
  // the transcript: the sender of the first message that is not the bot's.
  const transcriptUser =
    user === undefined && activities
      ? activities
          .map((act) => account(pick(act, 'from')))
          .find((acc) => acc !== undefined && acc.role?.toLowerCase() !== 'bot' && acc.id !== bot?.id && (acc.role?.toLowerCase() === 'user' || bot !== undefined))
      : undefined;
  const customer = mapCustomer(value, user ?? transcriptUser);
  const parties: Parties = {
    botIds: new Set([bot?.id].filter((id): id is string => id !== undefined)),
    customerIds: new Set([user?.id, transcriptUser?.id, customer.id].filter((id): id is string => id !== undefined)),
  };

  // Bots sometimes leave the user's role off; the first message recipients tell us the bot's id.
  if (parties.botIds.size === 0 && activities) {
    for (const act of activities) {
      const role = str(pick(pick(act, 'from'), 'role'))?.toLowerCase();
      const fromId = str(pick(pick(act, 'from'), 'id'));
      const toId = str(pick(pick(act, 'recipient'), 'id'));
      if (role === 'user' && toId) parties.botIds.add(toId);
      else if (fromId && parties.customerIds.has(fromId) && toId) parties.botIds.add(toId);
    }
  }

  const candidate: Obj = {
    conversationId: a.conversation.id,
    customer,
    transcript: activities ? mapTranscript(activities, parties) : [],
    reason: mapReason(value),
  };
  const intent = mapIntent(value);
  if (intent) candidate.intent = intent;
  const sentiment = num(pick(value, 'sentiment'));
  if (sentiment !== undefined && sentiment >= -1 && sentiment <= 1) candidate.sentiment = sentiment;
  const summary = str(pick(value, 'summary', 'conversationSummary'), MAX_TEXT);
  if (summary) candidate.summary = summary;
  const recommendedAction = str(pick(value, 'recommendedAction', 'nextStep', 'nextBestAction'), 2_000);
  if (recommendedAction) candidate.recommendedAction = recommendedAction;
  const crm = mapCrm(value);
  if (crm) candidate.crm = crm;
  const queue = str(pick(value, 'queue', 'queueName', 'department'), 100);
  if (queue) candidate.queue = queue;
  const skills = mapSkills(value);
  if (skills) candidate.skills = skills;

  const request = handoffRequestSchema.safeParse(candidate);
  if (!request.success) {
    const issues = issuesOf(request.error).map((i) =>
      i.path.startsWith('customer.id') ? { path: 'from.id', message: 'no customer id: set from.id (the user) or value.customer.id' } : i,
    );
    return fail('invalid', 'The hand-off activity is missing what Baton needs: fix the fields listed in issues and send it again.', issues);
  }
  const callbackUrl = mapCallbackUrl(value, a.channelData);
  return ok(callbackUrl ? { request: request.data, callbackUrl } : { request: request.data });
}

export type HandoffStatusState = 'accepted' | 'failed' | 'completed';

export interface HandoffStatusActivity {
  type: 'event';
  name: typeof HANDOFF_STATUS;
  value: { state: HandoffStatusState; message?: string };
  conversation: { id: string };
  timestamp: string;
  attachments: never[];
  entities: never[];
}

/** The Bot Framework `handoff.status` event, as EventFactory.createHandoffStatus(conversation, state, message) makes it. */
export function handoffStatusActivity(input: { conversationId: string; state: HandoffStatusState; message?: string; at?: Date }): HandoffStatusActivity {
  return {
    type: 'event',
    name: HANDOFF_STATUS,
    value: input.message !== undefined ? { state: input.state, message: input.message } : { state: input.state },
    conversation: { id: input.conversationId },
    timestamp: (input.at ?? new Date()).toISOString(),
    attachments: [],
    entities: [],
  };
}
