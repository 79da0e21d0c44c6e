// Every prompt the assist engine sends to a model, in one place so they can be read and tuned together.
// Layout of the user message: the conversation, then the hand-off context, then CRM facts, then knowledge-base
// snippets, then the task. Personal data is removed later, on the way out (see model-messages.ts), so nothing
// here needs to remember to redact.
import type { KbArticle } from '../../../shared/domain/assist';
import type { ConversationView } from '../../../shared/domain/conversation';
import type { FactName, ProcedureView, RequestView } from '../../../shared/domain/procedure';

/** What the offline analysis worked out, given to the model as input: the same procedure and facts. */
export interface ModelGuidance {
  request: RequestView;
  procedure?: ProcedureView;
  known: Partial<Record<FactName, string>>;
  unknown: FactName[];
}

export interface PromptMessage {
  role: 'system' | 'user';
  content: string;
}

export const SUGGESTIONS_SYSTEM_PROMPT = `You assist a human customer-service agent who has just taken over a conversation from a chatbot.
Suggest the next best actions for the AGENT: what to do or say next, most useful first, at most 3.

Rules:
- Ground every suggestion in the conversation, the CRM facts or a knowledge-base article; name the fact in "reason" (order number, date, amount, policy).
- Never invent policies, amounts, dates or promises that are not in the material below.
- "reply" is a short message the agent could send to the customer as is, in the customer's language, friendly and specific. Leave it out when the action is not something to say.
- If the customer is upset, the first suggestion acknowledges it.
- Personal data has been replaced by placeholders such as [name], [email], [phone], [card]. Keep placeholders as they are; never guess what they hide.
- Set "kbArticleId" to the id in square brackets of the article a suggestion follows, if any.
- When a procedure is given, the first suggestion is its NEXT step (a verification step comes before anything else); set "stepId" to that step's id. Do not repeat steps marked [done].
- Facts listed as unknown are not in the CRM data: never assume a value for them; a step that needs one asks the customer for it or says to look it up.
- When the request is unclear, the first suggestion is the question to ask.

Answer with JSON only, no prose and no code fences, exactly in this shape:
{"suggestions":[{"title":"Offer a return label","reason":"Order 123 was delivered on 12 Nov, inside the 30-day return window.","reply":"I can send you a prepaid return label right away.","kbArticleId":"kb-returns","stepId":"send-label"}]}`;

export const SUMMARY_SYSTEM_PROMPT = `You help a human customer-service agent who is taking over a conversation from a chatbot.
Summarise the customer's issue for the agent in 1 to 3 sentences, then give the single recommended next step.

Rules:
- Only state what the conversation, the CRM facts or the knowledge base say; never invent facts. Facts listed as unknown stay unknown.
- State the customer's request in their own words (a short quote) whenever they made one.
- Mention the order number, dates and amounts that matter.
- Personal data has been replaced by placeholders such as [name], [email], [phone]; keep them, never guess.
- "intent" is a short snake_case label of what the customer wants, e.g. "refund", "late_delivery", "password_reset".

Answer with JSON only, no prose and no code fences, exactly in this shape:
{"summary":"...","recommendedAction":"...","intent":"..."}`;

const MAX_TURNS = 40;
const MAX_ARTICLE_CHARS = 700;

export function suggestionMessages(conversation: ConversationView, articles: KbArticle[], guidance?: ModelGuidance): PromptMessage[] {
  return [
    { role: 'system', content: SUGGESTIONS_SYSTEM_PROMPT },
    {
      role: 'user',
      content: [
        contextSections(conversation, articles, guidance),
        '## Task',
        'Give up to 3 next best actions for the agent, best first, as JSON.',
      ].join('\n\n'),
    },
  ];
}

export function summaryMessages(conversation: ConversationView, articles: KbArticle[], guidance?: ModelGuidance): PromptMessage[] {
  return [
    { role: 'system', content: SUMMARY_SYSTEM_PROMPT },
    {
      role: 'user',
      content: [contextSections(conversation, articles, guidance), '## Task', 'Summarise the issue and recommend the next step, as JSON.'].join('\n\n'),
    },
  ];
}

function contextSections(conversation: ConversationView, articles: KbArticle[], guidance?: ModelGuidance): string {
  return [conversationSection(conversation), handoffSection(conversation), crmSection(conversation), knowledgeSection(articles), ...(guidance ? guidanceSections(guidance) : [])]
    .filter((s) => s.length > 0)
    .join('\n\n');
}

function conversationSection(conversation: ConversationView): string {
  const turns = conversation.messages.filter((m) => m.role !== 'system').slice(-MAX_TURNS);
  const skipped = conversation.messages.length - turns.length;
  const lines = turns.map((m) => {
    const who = m.role === 'bot' ? 'bot' : m.role === 'agent' ? 'agent' : 'customer';
    const time = m.at ? ` ${m.at.slice(0, 16).replace('T', ' ')}` : '';
    return `[${who}${time}] ${m.text.replace(/\s+/g, ' ').trim()}`;
  });
  const header = '## Conversation (oldest first; "bot" is the chatbot before the hand-off, "agent" is the human)';
  return [header, ...(skipped > 0 ? [`(${skipped} earlier turns omitted)`] : []), ...lines].join('\n');
}

function handoffSection(conversation: ConversationView): string {
  const lines = [`Hand-off reason: ${conversation.reason.trigger}${conversation.reason.detail ? ` (${conversation.reason.detail})` : ''}`];
  if (conversation.intent) {
    const confidence = conversation.intent.confidence !== undefined ? ` (confidence ${conversation.intent.confidence})` : '';
    lines.push(`Bot's intent: ${conversation.intent.name}${confidence}`);
  }
  if (conversation.sentiment !== undefined) lines.push(`Bot's sentiment score: ${conversation.sentiment} (-1 angry .. 1 happy)`);
  if (conversation.customer.tier) lines.push(`Customer tier: ${conversation.customer.tier}`);
  if (conversation.customer.language) lines.push(`Customer language: ${conversation.customer.language}`);
  if (conversation.summary) lines.push(`Bot's summary: ${conversation.summary}`);
  return ['## Hand-off', ...lines].join('\n');
}

function crmSection(conversation: ConversationView): string {
  const crm = conversation.crm;
  if (!crm) return '';
  const lines: string[] = [];
  if (crm.accountType) lines.push(`Account type: ${crm.accountType}`);
  if (crm.customerSince) lines.push(`Customer since: ${crm.customerSince.slice(0, 10)}`);
  for (const order of crm.orders?.slice(0, 10) ?? []) {
    const parts = [`status ${order.status ?? 'unknown'}`];
    if (order.total !== undefined) parts.push(`total ${order.total}${order.currency ? ` ${order.currency}` : ''}`);
    if (order.placedAt) parts.push(`placed ${order.placedAt.slice(0, 10)}`);
    if (order.deliveredAt) parts.push(`delivered ${order.deliveredAt.slice(0, 10)}`);
    if (order.items?.length) parts.push(`items: ${order.items.slice(0, 10).join(', ')}`);
    for (const key of ['charges', 'payments', 'transactions']) {
      const list = (order as Record<string, unknown>)[key];
      if (Array.isArray(list) && list.length > 0) parts.push(`${key}: ${JSON.stringify(list.slice(0, 10))}`);
    }
    lines.push(`Order ${order.id}: ${parts.join(', ')}`);
  }
  for (const ticket of crm.previousTickets?.slice(0, 5) ?? []) {
    lines.push(`Previous ticket ${ticket.id}: ${ticket.subject ?? '(no subject)'}${ticket.status ? ` [${ticket.status}]` : ''}`);
  }
  for (const [key, value] of Object.entries(crm.attributes ?? {}).slice(0, 20)) lines.push(`${key}: ${String(value)}`);
  return lines.length > 0 ? ['## CRM', ...lines].join('\n') : '';
}

function knowledgeSection(articles: KbArticle[]): string {
  if (articles.length === 0) return '';
  const lines = articles.map((a) => {
    const body = a.body.replace(/\s+/g, ' ').trim();
    return `[${a.id}] ${a.title} (${a.category}): ${body.length > MAX_ARTICLE_CHARS ? `${body.slice(0, MAX_ARTICLE_CHARS)}...` : body}`;
  });
  return ['## Knowledge base', ...lines].join('\n');
}

function guidanceSections(g: ModelGuidance): string[] {
  const request = g.request.unclear
    ? `## Request\nUnclear (confidence ${g.request.confidence.toFixed(2)}): ask what the customer needs.`
    : `## Request\nMatched article [${g.request.articleId ?? ''}] ${g.request.label} (confidence ${g.request.confidence.toFixed(2)})${g.request.inTheirWords ? `; in the customer's words: "${g.request.inTheirWords}"` : ''}`;
  const out = [request];
  if (g.procedure) {
    const lines = g.procedure.steps.map((s, i) => {
      const state = s.done ? '[done]' : s.skipped ? '[does not apply]' : s.id === g.procedure?.nextStepId ? '[NEXT]' : '[to do]';
      const missing = s.missing.length > 0 && !s.done ? ` (needs unknown: ${s.missing.join(', ')})` : '';
      return `${i + 1}. ${state} ${s.id}: ${s.text}${missing}`;
    });
    out.push([`## Procedure [${g.procedure.articleId}] ${g.procedure.title}`, ...lines].join('\n'));
  }
  const known = Object.entries(g.known).map(([k, v]) => `${k}: ${v}`);
  out.push(['## Facts', ...(known.length ? known.map((k) => `known ${k}`) : ['(none known)']), ...(g.unknown.length ? [`unknown: ${g.unknown.join(', ')}`] : [])].join('\n'));
  return out;
}
