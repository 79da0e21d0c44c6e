// A fake DeskApi for renderer store tests: every method answers what the test set (or a default), records its
// calls, and events can be emitted as the host would.
import { deskApiEvents, deskApiMethods } from '../../../src/shared/desk-api/contract';
import type {
  ConversationListItem,
  DeskApi,
  DeskApiEvent,
  DeskApiEventPayloads,
  DeskApiMethod,
  DeskApiOutputs,
  DeskConversation,
  DeskSnapshot,
  Offer,
  SettingsView,
} from '../../../src/shared/desk-api/contract';
import type { Result } from '../../../src/shared/result';
import { ok } from '../../../src/shared/result';

type Handler<M extends DeskApiMethod> = (input: Parameters<DeskApi[M]>[0]) => Result<DeskApiOutputs[M]> | Promise<Result<DeskApiOutputs[M]>>;

export interface FakeDeskApi {
  api: DeskApi;
  calls: { method: DeskApiMethod; input: unknown }[];
  callsTo: (method: DeskApiMethod) => unknown[];
  answer: <M extends DeskApiMethod>(method: M, handler: Handler<M>) => void;
  emit: <E extends DeskApiEvent>(event: E, payload: DeskApiEventPayloads[E]) => void;
  listenerCount: () => number;
}

export const settingsView = (over: Partial<SettingsView> = {}): SettingsView => ({
  hubUrl: 'http://127.0.0.1:7300',
  agentTokenSet: true,
  assistProvider: 'offline',
  openaiBaseUrl: '',
  openaiModel: '',
  openaiApiKeySet: false,
  hotkeys: {},
  globalHotkey: '',
  sounds: true,
  notifications: true,
  theme: 'system',
  host: 'browser',
  ...over,
});

export function conversation(id: string, over: Partial<DeskConversation> = {}): DeskConversation {
  return {
    handoffId: id,
    conversationId: `c-${id}`,
    status: 'active',
    customer: { id: `cust-${id}`, name: `Customer ${id}` },
    reason: { trigger: 'customer_request', detail: 'Asked for a person' },
    queue: 'general',
    skills: [],
    createdAt: '2026-01-01T10:00:00.000Z',
    priority: 0,
    expectations: [],
    messages: [],
    draft: '',
    unread: 0,
    ...over,
  };
}

export function offer(id: string, over: { priority?: number; createdAt?: string } = {}): Offer {
  const c = conversation(id, { status: 'offered', ...over });
  const { draft: _d, unread: _u, ...view } = c;
  return { conversation: { ...view, messages: [] }, expiresAt: '2026-01-01T10:01:00.000Z' };
}

export function listItem(id: string, over: Partial<ConversationListItem> = {}): ConversationListItem {
  return {
    handoffId: id,
    customerName: `Customer ${id}`,
    status: 'active',
    queue: 'general',
    trigger: 'customer_request',
    createdAt: '2026-01-01T10:00:00.000Z',
    lastMessageAt: '2026-01-01T10:00:00.000Z',
    lastMessagePreview: '',
    unread: 0,
    ...over,
  };
}

export const snapshot = (over: Partial<DeskSnapshot> = {}): DeskSnapshot => ({
  agent: { id: 'a1', name: 'Ada', role: 'agent', skills: [], capacity: 3, status: 'available' },
  link: { state: 'online', outbox: 0, hubUrl: 'http://127.0.0.1:7300' },
  offers: [],
  conversations: [],
  settings: settingsView(),
  ...over,
});

const DEFAULTS: { [M in DeskApiMethod]?: () => Result<DeskApiOutputs[M]> } = {
  getSnapshot: () => ok(snapshot()),
  declineOffer: () => ok(null),
  saveDraft: () => ok(null),
  markRead: () => ok(null),
  resolve: () => ok(null),
  transfer: () => ok(null),
  handBack: () => ok(null),
  refreshSuggestions: () => ok(null),
  markStep: () => ok(null),
  suggestionFeedback: () => ok(null),
  searchKb: () => ok([]),
  getQueues: () => ok([]),
  getAgents: () => ok([]),
  reassign: () => ok(null),
  getSettings: () => ok(settingsView()),
};

export function createFakeDeskApi(): FakeDeskApi {
  const calls: FakeDeskApi['calls'] = [];
  const handlers = new Map<DeskApiMethod, (input: unknown) => unknown>();
  const listeners = new Map<DeskApiEvent, Set<(payload: unknown) => void>>();
  const api = {} as Record<string, unknown>;
  for (const method of Object.keys(deskApiMethods) as DeskApiMethod[]) {
    api[method] = async (input: unknown) => {
      calls.push({ method, input });
      const handler = handlers.get(method) ?? (DEFAULTS[method] as ((input: unknown) => unknown) | undefined);
      if (!handler) return { ok: false, error: { code: 'not_set', message: `The fake has no answer for ${method}.` } };
      return handler(input);
    };
  }
  for (const event of deskApiEvents) {
    api[event] = (listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    };
  }
  return {
    api: api as unknown as DeskApi,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method).map((c) => c.input),
    answer: (method, handler) => handlers.set(method, handler as (input: unknown) => unknown),
    emit: (event, payload) => listeners.get(event)?.forEach((l) => l(payload)),
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}
