// The facts the offline provider reasons from, read once from a conversation: the customer's words, the order
// they are most likely talking about, their tier, and "today" (the latest message time, so output is deterministic).
import type { ConversationView } from '../../../shared/domain/conversation';
import type { Crm } from '../../../shared/domain/handoff';
import { customerTier } from '../../../shared/domain/customer-tier';
import type { FactName } from '../../../shared/domain/procedure';

export type Order = NonNullable<Crm['orders']>[number];

export interface Charge {
  amount: number;
  currency?: string;
  at?: string;
  orderId?: string;
}

export interface ConversationFacts {
  customerTexts: string[];
  latestCustomerText: string;
  firstName?: string;
  tier?: string;
  isVip: boolean;
  customerSince?: string;
  /** The order the customer refers to by id, else the most recent one. */
  order?: Order;
  /** The order is the one the conversation is about: named in it, or the only one in the CRM data. */
  orderConfirmed: boolean;
  email?: string;
  agentTexts: string[];
  /** Order ids mentioned in the customer's messages. */
  mentionedOrderIds: string[];
  charges: Charge[];
  /** The reference "now" for day arithmetic: the latest message, else the hand-off time. */
  now: Date;
  openTickets: { id: string; subject?: string }[];
}

const VIP_TIERS = /\b(vip|gold|platinum|premium|elite|diamond|enterprise)\b/i;

/**
 * What the assistant reads of a long conversation: the customer's opening turns (where the request is stated)
 * and their latest ones (where it stands now), and the agent's latest turns. A 5,000-message conversation would
 * otherwise cost every suggestion refresh hundreds of milliseconds of tokenizing, and old middle turns would
 * outvote what the customer says now.
 */
export const ASSIST_WINDOW = { openingCustomerTurns: 3, latestCustomerTurns: 40, latestAgentTurns: 100 } as const;

function windowed(texts: string[], opening: number, latest: number): string[] {
  return texts.length <= opening + latest ? texts : [...texts.slice(0, opening), ...texts.slice(-latest)];
}

export function readFacts(conversation: ConversationView): ConversationFacts {
  const customerTexts = windowed(
    conversation.messages.filter((m) => m.role === 'customer').map((m) => m.text),
    ASSIST_WINDOW.openingCustomerTurns,
    ASSIST_WINDOW.latestCustomerTurns,
  );
  const latestCustomerText = customerTexts.at(-1) ?? '';
  const orders = conversation.crm?.orders ?? [];
  const allText = customerTexts.join('\n');
  const mentionedOrderIds = orders.filter((o) => o.id.length >= 4 && allText.includes(o.id)).map((o) => o.id);
  // The bot often names the order it looked up ("I can see order 123 for $94"): that order is the one meant too.
  const botText = conversation.messages.filter((m) => m.role === 'bot').map((m) => m.text).join('\n');
  const botOrderIds = orders.filter((o) => o.id.length >= 4 && botText.includes(o.id)).map((o) => o.id);
  const order = orders.find((o) => mentionedOrderIds.includes(o.id)) ?? orders.find((o) => botOrderIds.includes(o.id)) ?? newestOrder(orders);
  const orderConfirmed = mentionedOrderIds.length > 0 || botOrderIds.length > 0 || orders.length === 1;
  const tier = customerTier(conversation);
  const lastAt = conversation.messages.map((m) => m.at).filter(Boolean).sort().at(-1) ?? conversation.createdAt;
  const now = new Date(lastAt);
  return {
    customerTexts,
    latestCustomerText,
    firstName: conversation.customer.name?.trim().split(/\s+/)[0],
    tier,
    isVip: (tier !== undefined && VIP_TIERS.test(tier)) || conversation.reason.trigger === 'vip',
    customerSince: conversation.crm?.customerSince,
    order,
    orderConfirmed: order !== undefined && orderConfirmed,
    ...(conversation.customer.email ? { email: conversation.customer.email } : {}),
    agentTexts: conversation.messages
      .filter((m) => m.role === 'agent')
      .slice(-ASSIST_WINDOW.latestAgentTurns)
      .map((m) => m.text),
    mentionedOrderIds,
    charges: readCharges(conversation.crm, customerTexts),
    now: Number.isNaN(now.getTime()) ? new Date(0) : now,
    openTickets: (conversation.crm?.previousTickets ?? [])
      .filter((t) => !t.status || !/closed|resolved|solved/i.test(t.status))
      .map((t) => ({ id: t.id, subject: t.subject })),
  };
}

function newestOrder(orders: Order[]): Order | undefined {
  return [...orders].sort((a, b) => (b.placedAt ?? '').localeCompare(a.placedAt ?? ''))[0];
}

/**
 * Charges come from wherever the bot put them: `charges`/`payments` arrays on orders (orders are open-ended
 * records), CRM attributes named like charges, or amounts the customer typed ("charged €49.99 twice").
 */
function readCharges(crm: Crm | undefined, customerTexts: string[]): Charge[] {
  const charges: Charge[] = [];
  for (const order of crm?.orders ?? []) {
    for (const key of ['charges', 'payments', 'transactions']) {
      const list = (order as Record<string, unknown>)[key];
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        if (typeof item !== 'object' || item === null) continue;
        const record = item as Record<string, unknown>;
        const amount = typeof record.amount === 'number' ? record.amount : Number(record.amount);
        if (!Number.isFinite(amount)) continue;
        charges.push({
          amount,
          currency: typeof record.currency === 'string' ? record.currency : order.currency,
          at: typeof record.at === 'string' ? record.at : typeof record.date === 'string' ? record.date : undefined,
          orderId: order.id,
        });
      }
    }
  }
  for (const [key, value] of Object.entries(crm?.attributes ?? {})) {
    if (!/charge|payment|transaction/i.test(key)) continue;
    for (const amount of amountsIn(String(value))) charges.push({ amount: amount.value, currency: amount.currency });
  }
  if (charges.length > 0) return charges;
  const typed: Charge[] = [];
  for (const text of customerTexts) for (const amount of amountsIn(text)) typed.push({ amount: amount.value, currency: amount.currency });
  // "I was charged €49.99 twice" names one amount for two charges.
  const twice = customerTexts.some((t) => /\b(twice|two times|double|duplicate)\b/i.test(t));
  const only = typed.length === 1 ? typed[0] : undefined;
  if (twice && only) typed.push({ ...only });
  return typed;
}

const CURRENCY_SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP' };

function amountsIn(text: string): { value: number; currency?: string }[] {
  const out: { value: number; currency?: string }[] = [];
  const pattern = /([€$£])\s?(\d{1,6}(?:[.,]\d{2})?)|(\d{1,6}(?:[.,]\d{2})?)\s?(EUR|USD|GBP|euros?|dollars?|pounds?)\b/gi;
  for (const m of text.matchAll(pattern)) {
    const raw = m[2] ?? m[3] ?? '';
    const value = Number(raw.replace(',', '.'));
    if (!Number.isFinite(value)) continue;
    const unit = m[1] ?? m[4] ?? '';
    const currency = CURRENCY_SYMBOLS[unit] ?? (/^eur/i.test(unit) ? 'EUR' : /^dol|usd/i.test(unit) ? 'USD' : /^pou|gbp/i.test(unit) ? 'GBP' : undefined);
    out.push({ value, currency });
  }
  return out;
}

/** Two charges of the same amount within three days: the classic double charge. */
export function findDuplicateCharge(charges: Charge[]): [Charge, Charge] | undefined {
  for (let i = 0; i < charges.length; i++) {
    for (let j = i + 1; j < charges.length; j++) {
      const a = charges[i];
      const b = charges[j];
      if (!a || !b || Math.abs(a.amount - b.amount) > 0.005) continue;
      if (a.at && b.at && Math.abs(Date.parse(a.at) - Date.parse(b.at)) > 3 * DAY_MS) continue;
      return [a, b];
    }
  }
  return undefined;
}

export const DAY_MS = 86_400_000;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "12 Nov", or "12 Nov 2025" when the year differs from `now`. UTC, so every machine prints the same. */
export function formatDay(iso: string, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return d.getUTCFullYear() === now.getUTCFullYear() ? day : `${day} ${d.getUTCFullYear()}`;
}

export function daysBetween(fromIso: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(fromIso)) / DAY_MS);
}

export function formatMoney(amount: number, currency?: string): string {
  const symbol = currency === 'EUR' ? '€' : currency === 'USD' ? '$' : currency === 'GBP' ? '£' : '';
  const value = Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
  return symbol ? `${symbol}${value}` : currency ? `${value} ${currency}` : value;
}

/**
 * The facts a procedure step may need, as text, read only from the hand-off: a field the CRM does not have is
 * absent here, never a default. "order.*" facts need the order to be the one the conversation is about.
 */
export function knownFacts(facts: ConversationFacts): Partial<Record<FactName, string>> {
  const known: Partial<Record<FactName, string>> = {};
  if (facts.firstName) known['customer.name'] = facts.firstName;
  if (facts.email) known['customer.email'] = facts.email;
  if (facts.tier) known['customer.tier'] = facts.tier;
  const order = facts.orderConfirmed ? facts.order : undefined;
  if (order) {
    known['order.id'] = order.id;
    if (order.status?.trim()) known['order.status'] = order.status.trim();
    if (order.placedAt) known['order.placedAt'] = formatDay(order.placedAt, facts.now);
    if (order.deliveredAt) {
      known['order.deliveredAt'] = formatDay(order.deliveredAt, facts.now);
      known['order.daysSinceDelivery'] = String(Math.max(0, daysBetween(order.deliveredAt, facts.now)));
    }
    if (order.total !== undefined) known['order.total'] = formatMoney(order.total, order.currency);
    if (order.items?.length) known['order.items'] = order.items.join(', ');
  }
  const duplicate = findDuplicateCharge(facts.charges);
  if (duplicate) known['charge.duplicate'] = formatMoney(duplicate[0].amount, duplicate[0].currency ?? duplicate[1].currency);
  return known;
}
