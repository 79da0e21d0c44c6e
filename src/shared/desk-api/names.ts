// The DeskApi's request and event names as plain data, without the contract's zod schemas: what a client needs
// to build the API object. The renderer bundle imports this instead of the schemas, so zod stays out of the
// agent's first paint (it is the host that validates). The compile-time checks below break the build when a
// method or event is added to contract.ts and not here, or the other way round: the list cannot drift silently.
import type { DeskApiEvent, DeskApiMethod } from './contract';

export const deskApiMethodNames = [
  'getSnapshot',
  'getConversation',
  'getEarlierMessages',
  'acceptOffer',
  'declineOffer',
  'sendReply',
  'setTyping',
  'saveDraft',
  'markRead',
  'setStatus',
  'resolve',
  'transfer',
  'handBack',
  'getSummary',
  'refreshSuggestions',
  'markStep',
  'suggestionFeedback',
  'searchKb',
  'getKbArticle',
  'getSettings',
  'updateSettings',
  'getQueues',
  'getAgents',
  'reassign',
  'getWaitingList',
  'getMetrics',
] as const satisfies readonly DeskApiMethod[];

export const deskApiEventNames = [
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
] as const satisfies readonly DeskApiEvent[];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Every contract method and event is listed (the `satisfies` above checks the other direction).
const _allMethods: Same<(typeof deskApiMethodNames)[number], DeskApiMethod> = true;
const _allEvents: Same<(typeof deskApiEventNames)[number], DeskApiEvent> = true;
void _allMethods;
void _allEvents;
