// What agents and bots read about a hand-off: the conversation view (with everything the customer was told,
// exactly as they were told it) and the answer a bot gets to POST /v1/handoffs.
import type { ConversationView, Expectation } from '../../shared/domain/conversation';
import type { HandoffAccepted } from '../../shared/domain/handoff';
import type { CustomerEvent } from '../../shared/protocol/customer-events';
import type { HandoffRecord, HubStore } from '../store/hub-store';
import { priorityScore } from './priority';

export function expectationOf(e: CustomerEvent): Expectation {
  const x: Expectation = { text: 'text' in e ? e.text : '', at: e.at };
  if (e.type === 'expectation') {
    x.position = e.position;
    x.estimatedWaitSeconds = e.estimatedWaitSeconds;
  }
  return x;
}

export function createConversationViews(store: HubStore, agentName: (agentId: string) => Promise<string | undefined>) {
  async function view(h: HandoffRecord): Promise<ConversationView> {
    const c = h.context;
    const v: ConversationView = {
      handoffId: h.id,
      conversationId: h.conversationId,
      status: h.status,
      customer: c.customer,
      reason: c.reason,
      queue: h.queue,
      skills: h.skills,
      createdAt: h.createdAt,
      priority: priorityScore(h),
      expectations: (await store.customerEventsOfHandoff(h.id, 'expectation')).map(expectationOf),
      messages: await store.listMessages(h.id),
    };
    if (c.intent) v.intent = c.intent;
    if (c.sentiment !== undefined) v.sentiment = c.sentiment;
    if (c.summary) v.summary = c.summary;
    if (c.recommendedAction) v.recommendedAction = c.recommendedAction;
    if (c.crm) v.crm = c.crm;
    if (h.acceptedAt) v.acceptedAt = h.acceptedAt;
    if (h.endedAt) v.endedAt = h.endedAt;
    if (h.agentId) {
      v.agentId = h.agentId;
      const name = await agentName(h.agentId);
      if (name) v.agentName = name;
    }
    return v;
  }

  /** The bot's answer, from what the customer was last told of their place (a "being connected" notice has none). */
  function answerFrom(h: HandoffRecord, told: CustomerEvent | undefined): HandoffAccepted {
    return {
      handoffId: h.id,
      conversationId: h.conversationId,
      // To the bot an offer in flight is still waiting in the queue (PRODUCT.md answers "queued"); which agent
      // is being asked is routing detail that changes by the second.
      status: h.status === 'offered' ? 'queued' : h.status,
      position: told && told.type === 'expectation' ? told.position : 0,
      estimatedWaitSeconds: told && told.type === 'expectation' ? told.estimatedWaitSeconds : 0,
      customerMessage: told && 'text' in told ? told.text : '',
    };
  }

  async function answerFor(h: HandoffRecord): Promise<HandoffAccepted> {
    const told = await store.customerEventsOfHandoff(h.id, 'expectation');
    const placed = told.filter((e) => e.type === 'expectation' && e.position > 0).at(-1);
    return answerFrom(h, placed ?? told.at(-1));
  }

  return { view, answerFor, answerFrom };
}
