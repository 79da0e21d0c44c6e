// The DeskApi: the only way the renderer reaches the desk. Both hosts expose exactly this: the Electron preload
import { REPLY_MAX_CHARS, TRANSCRIPT_PAGE_MAX } from './limits';
// over IPC and the browser host over a WebSocket. It is described once, as data, so one generic mechanism maps it
// onto each transport: adding a method here is all it takes (STYLE.md: VS Code's generic service proxy).
//
// Requests take one object, validated by its schema on the host side, and answer `Result<T>`.
// Events are `onX(listener) => unsubscribe`.
import { z } from 'zod';
import type { Result } from '../result';
import type { AgentProfile, AgentStatus, ConversationView, Message, QueueSnapshot } from '../domain/conversation';
import { agentStatusSchema, wrapUpSchema } from '../domain/conversation';
import type { AssistUpdate, KbArticle, KbHit, SummaryView } from '../domain/assist';
import type { AgentPresence } from '../protocol/agent-socket';
import type { SupervisorMetrics, WaitingConversation } from '../domain/supervisor';
import { metricsRequestSchema } from '../domain/supervisor';
import { stepMarkSchema } from '../domain/procedure';

export type LinkStateName = 'connecting' | 'online' | 'reconnecting' | 'offline';

/**
 * Whether the renderer reaches the desk backend at all (the browser host's WebSocket; Electron's IPC is always
 * `open`): `unreachable` when the host stopped, `no_secret` / `stale_secret` when this tab cannot sign in to it.
 * Only with `open` does the hub link's state mean anything.
 */
export type DeskConnectionState = 'connecting' | 'open' | 'unreachable' | 'no_secret' | 'stale_secret';

export interface LinkState {
  state: LinkStateName;
  /** Replies written while the link was down, waiting in the outbox. */
  outbox: number;
  hubUrl: string;
  /** What went wrong last and what to do, when the link is not online. */
  detail?: string;
  /** When the next reconnect attempt happens (ISO-8601), while reconnecting. */
  retryAt?: string;
}

/** A message as the desk shows it: `pending` while it waits in the outbox for the hub's acknowledgement. */
export type DeskMessage = Message & { pending?: boolean };

export interface ConversationListItem {
  handoffId: string;
  customerName: string;
  tier?: string;
  status: ConversationView['status'];
  queue: string;
  trigger: ConversationView['reason']['trigger'];
  sentiment?: number;
  createdAt: string;
  acceptedAt?: string;
  lastMessageAt: string;
  lastMessagePreview: string;
  unread: number;
}

export interface Offer {
  conversation: ConversationView;
  expiresAt: string;
}

export interface DeskConversation extends Omit<ConversationView, 'messages'> {
  /** The messages, oldest first: all of them, or the latest ones when the request asked for a page. */
  messages: DeskMessage[];
  draft: string;
  unread: number;
  /** How many older messages are stored but not in `messages` (0 or absent: the transcript is whole). */
  earlier?: number;
}

/** A page of older messages, oldest first, and how many older ones remain before it. */
export interface EarlierMessages {
  messages: DeskMessage[];
  earlier: number;
}

export const themeSchema = z.enum(['system', 'light', 'dark']);
export const hotkeysSchema = z.record(z.string().min(1).max(60), z.string().min(1).max(60));

export const settingsPatchSchema = z
  .object({
    hubUrl: z.url({ protocol: /^https?$/ }),
    agentToken: z.string().min(1).max(500),
    assistProvider: z.enum(['offline', 'openai']),
    openaiBaseUrl: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]),
    openaiModel: z.string().max(200),
    openaiApiKey: z.string().max(500),
    hotkeys: hotkeysSchema,
    globalHotkey: z.string().max(60),
    sounds: z.boolean(),
    notifications: z.boolean(),
    theme: themeSchema,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Settings as the renderer sees them: secrets are never sent back, only whether they are set. */
export interface SettingsView {
  hubUrl: string;
  agentTokenSet: boolean;
  assistProvider: 'offline' | 'openai';
  openaiBaseUrl: string;
  openaiModel: string;
  openaiApiKeySet: boolean;
  /** The agent's remaps only (action id -> combo); the defaults live with the renderer's hotkey map. */
  hotkeys: Record<string, string>;
  globalHotkey: string;
  sounds: boolean;
  notifications: boolean;
  theme: z.infer<typeof themeSchema>;
  /** Set when secrets are stored without OS encryption (Electron's weak backend, or the browser host). */
  secretStorageWarning?: string;
  host: 'electron' | 'browser';
  /** Only on the updateSettings answer: a consequence of the change the agent must know (e.g. replies discarded). */
  notice?: string;
}

export interface DeskSnapshot {
  agent?: AgentProfile;
  link: LinkState;
  offers: Offer[];
  conversations: ConversationListItem[];
  settings: SettingsView;
}

/** The longest reply the desk sends: the composer shows the count against it and disables Send beyond it. */
export { REPLY_MAX_CHARS };

const handoffId = z.object({ handoffId: z.string().min(1).max(100) });
const empty = z.object({}).strict();

/** The requests, as data: name -> input schema. */
export const deskApiMethods = {
  getSnapshot: empty,
  /** With `latest`, only that many of the newest messages, and `earlier` says how many more there are. */
  getConversation: handoffId.extend({ latest: z.number().int().min(1).max(TRANSCRIPT_PAGE_MAX).optional() }),
  /** The page of messages just before `beforeId` (a stored message's id), for scrolling up a long transcript. */
  getEarlierMessages: handoffId.extend({ beforeId: z.string().min(1).max(200), limit: z.number().int().min(1).max(TRANSCRIPT_PAGE_MAX) }),
  /** Answers the accepted conversation, paged like getConversation when `latest` is given. */
  acceptOffer: handoffId.extend({ latest: z.number().int().min(1).max(TRANSCRIPT_PAGE_MAX).optional() }),
  declineOffer: handoffId,
  sendReply: z.object({ handoffId: z.string().min(1).max(100), text: z.string().trim().min(1, 'Write a reply first.').max(REPLY_MAX_CHARS) }),
  /** The agent is (or stopped) writing a reply: the customer's widget shows "… is typing". Best effort. */
  setTyping: z.object({ handoffId: z.string().min(1).max(100), typing: z.boolean() }),
  // A draft may run over the limit while the agent trims it; only sending is refused.
  saveDraft: z.object({ handoffId: z.string().min(1).max(100), text: z.string().max(REPLY_MAX_CHARS * 10) }),
  markRead: handoffId,
  setStatus: z.object({ status: agentStatusSchema }),
  resolve: z.object({ handoffId: z.string().min(1).max(100), wrapUp: wrapUpSchema }),
  transfer: z
    .object({ handoffId: z.string().min(1).max(100), queue: z.string().min(1).optional(), agentId: z.string().min(1).optional(), note: z.string().max(2_000).optional() })
    .refine((v) => Boolean(v.queue) !== Boolean(v.agentId), { message: 'Choose a queue or an agent.' }),
  handBack: z.object({ handoffId: z.string().min(1).max(100), note: z.string().max(2_000).optional() }),
  getSummary: handoffId,
  refreshSuggestions: handoffId,
  /** Ticks (or unticks) a step of the matched procedure by hand; the suggestions move on to the next step. */
  markStep: stepMarkSchema.extend({ handoffId: z.string().min(1).max(100) }),
  suggestionFeedback: z.object({
    handoffId: z.string().min(1).max(100),
    suggestionId: z.string().min(1).max(100),
    action: z.enum(['inserted', 'edited', 'dismissed']),
  }),
  searchKb: z.object({
    query: z.string().max(300),
    category: z.string().max(100).optional(),
    language: z.string().max(20).optional(),
    limit: z.number().int().min(1).max(50).optional(),
  }),
  getKbArticle: z.object({ id: z.string().min(1).max(200) }),
  getSettings: empty,
  updateSettings: settingsPatchSchema,
  getQueues: empty,
  getAgents: empty,
  reassign: z.object({ handoffId: z.string().min(1).max(100), agentId: z.string().min(1).max(100) }),
  /** Supervisor console: who waits, in serving order, with why they were handed off. */
  getWaitingList: empty,
  /** Supervisor console: the KPIs over [from, to] and one snapshot per hour or day (supervisor token only). */
  getMetrics: metricsRequestSchema,
} as const;

export type DeskApiMethod = keyof typeof deskApiMethods;

/** What each request answers. */
export interface DeskApiOutputs {
  getSnapshot: DeskSnapshot;
  getConversation: DeskConversation;
  getEarlierMessages: EarlierMessages;
  acceptOffer: DeskConversation;
  declineOffer: null;
  sendReply: DeskMessage;
  setTyping: null;
  saveDraft: null;
  markRead: null;
  setStatus: AgentStatus;
  resolve: null;
  transfer: null;
  handBack: null;
  getSummary: SummaryView;
  refreshSuggestions: null;
  markStep: null;
  suggestionFeedback: null;
  searchKb: KbHit[];
  getKbArticle: KbArticle;
  getSettings: SettingsView;
  updateSettings: SettingsView;
  getQueues: QueueSnapshot[];
  getAgents: AgentPresence[];
  reassign: null;
  getWaitingList: WaitingConversation[];
  getMetrics: SupervisorMetrics;
}

/** The events, as data: name -> nothing (payload types below). */
export const deskApiEvents = [
  'onLinkState',
  'onAgent',
  'onOffer',
  'onOfferRevoked',
  'onConversation',
  'onConversationRemoved',
  'onMessage',
  'onSummary',
  'onAssist',
  'onQueues',
  'onSettings',
] as const;

export interface DeskApiEventPayloads {
  onLinkState: LinkState;
  onAgent: AgentProfile;
  onOffer: Offer;
  onOfferRevoked: { handoffId: string; reason: string };
  onConversation: ConversationListItem;
  onConversationRemoved: { handoffId: string; reason: string };
  onMessage: DeskMessage;
  onSummary: SummaryView;
  onAssist: AssistUpdate;
  onQueues: QueueSnapshot[];
  onSettings: SettingsView;
}
export type DeskApiEvent = (typeof deskApiEvents)[number];

export type DeskApiInput<M extends DeskApiMethod> = z.input<(typeof deskApiMethods)[M]>;
export type DeskApiParsedInput<M extends DeskApiMethod> = z.output<(typeof deskApiMethods)[M]>;

/** The object the renderer holds (window.baton in Electron, a WebSocket client in the browser host). */
export type DeskApi = {
  [M in DeskApiMethod]: (input: DeskApiInput<M>) => Promise<Result<DeskApiOutputs[M]>>;
} & {
  [E in DeskApiEvent]: (listener: (payload: DeskApiEventPayloads[E]) => void) => () => void;
};

/** What a host implements: the desk services behind the contract, handed inputs that already passed validation. */
export type DeskApiHandlers = {
  [M in DeskApiMethod]: (input: DeskApiParsedInput<M>) => Promise<Result<DeskApiOutputs[M]>> | Result<DeskApiOutputs[M]>;
};

/** How services publish events to whichever host carries them. */
export type DeskEventSink = <E extends DeskApiEvent>(event: E, payload: DeskApiEventPayloads[E]) => void;

export const isDeskApiMethod = (name: unknown): name is DeskApiMethod =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(deskApiMethods, name);
