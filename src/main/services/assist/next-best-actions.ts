// Next-best actions for the offline provider: rules per intent, grounded in CRM facts (orders, charges, tier)
// and knowledge-base articles, ranked, at most three. Each reason names the fact it rests on, so the agent can
// trust it or overrule it at a glance.
import type { KbArticle, KbHit, KbLookup, Suggestion } from '../../../shared/domain/assist';
import type { ConversationFacts, Order } from './conversation-facts';
import { daysBetween, findDuplicateCharge, formatDay, formatMoney } from './conversation-facts';
import type { DetectedIntent, IntentName } from './detect-intent';
import { INTENT_KB_TERMS } from './detect-intent';
import { stableId } from './stable-id';
import { tierLabel } from '../../../shared/domain/customer-tier';

export const MAX_SUGGESTIONS = 3;
/** Mood at or below this means the customer is upset enough that empathy must come before the fix. */
export const STRONGLY_NEGATIVE = -0.4;
const DEFAULT_RETURN_WINDOW_DAYS = 30;
export const EMPATHY_TITLE = 'Acknowledge the frustration first';

interface Candidate {
  priority: number;
  title: string;
  reason: string;
  reply?: string;
  kbArticleId?: string;
}

export interface ActionInput {
  facts: ConversationFacts;
  intents: DetectedIntent[];
  mood: number;
  /** Articles matching the latest customer message (shown alongside). */
  hits: KbHit[];
  kb: KbLookup;
}

export function nextBestActions(input: ActionInput): Suggestion[] {
  const { facts, intents, mood } = input;
  const candidates: Candidate[] = [];
  const hello = facts.firstName ? `${facts.firstName}, ` : '';

  if (mood <= STRONGLY_NEGATIVE) {
    candidates.push({
      priority: 100,
      title: EMPATHY_TITLE,
      reason: `The customer's latest messages are strongly negative (mood ${mood.toFixed(2)}); acknowledging it before the fix lowers the risk of escalation.`,
      reply: `I'm really sorry, ${hello}I understand how frustrating this is. I'm looking into it right now and I'll stay with you until it's sorted.`,
    });
  }

  const [primary, secondary] = intents.filter((i) => i.score >= 1.5);
  if (primary) candidates.push(...actionsFor(primary.name, input, 90));
  if (secondary && relatedEnough(primary, secondary)) candidates.push(...actionsFor(secondary.name, input, 70));

  if (facts.isVip) {
    const vipArticle = articleFor('vip', input.kb);
    const since = facts.customerSince ? ` since ${new Date(facts.customerSince).getUTCFullYear()}` : '';
    candidates.push({
      priority: 85,
      title: 'Prioritise this VIP customer and offer goodwill',
      reason: `${facts.tier ? tierLabel(facts.tier) : 'VIP'} customer${since}: acknowledge their loyalty, own the problem end to end and consider a goodwill gesture (voucher or free shipping).`,
      reply: `Thank you for being a ${facts.tier ?? 'valued'} customer${facts.firstName ? `, ${facts.firstName}` : ''}. I'm making this my priority, and as a thank-you for your patience I'd like to add a goodwill credit to your account.`,
      ...(vipArticle ? { kbArticleId: vipArticle.id } : {}),
    });
  }

  const ticket = facts.openTickets[0];
  if (ticket) {
    candidates.push({
      priority: 60,
      title: `Check open ticket ${ticket.id}`,
      reason: `The customer already has an open ticket${ticket.subject ? ` ("${ticket.subject}")` : ''}; link it so they don't have to explain twice.`,
    });
  }

  // Only the best match earns a slot, and only when we know what the customer wants: otherwise the match is
  // on small talk. Lower hits are shown in the articles list, not pushed as advice.
  const hit = input.hits[0];
  const fits = primary !== undefined && hit !== undefined && ARTICLE_FITS[primary.name].test(`${hit.title} ${hit.category}`);
  if (fits && hit && !candidates.some((c) => c.kbArticleId === hit.id)) {
    candidates.push({
      priority: 50,
      title: `Follow "${hit.title}"`,
      reason: `Knowledge base (${hit.category}): ${snippetText(hit)}`,
      kbArticleId: hit.id,
    });
  }

  if (!primary) {
    candidates.push({
      priority: 40,
      title: 'Ask what the customer needs',
      reason: 'The conversation does not show a clear request yet; one open question gets to it fastest.',
      reply: `Thanks for waiting${facts.firstName ? `, ${facts.firstName}` : ''}. I've read your conversation with our assistant. What can I sort out for you today?`,
    });
  }

  const seen = new Set<string>();
  return candidates
    .map((c, index) => ({ c, index }))
    .sort((a, b) => b.c.priority - a.c.priority || a.index - b.index)
    .map(({ c }) => c)
    .filter((c) => (seen.has(c.title) ? false : (seen.add(c.title), true)))
    .slice(0, MAX_SUGGESTIONS)
    .map((c) => ({
      id: stableId('nba', c.title, c.reason, c.reply),
      title: c.title,
      reason: c.reason,
      ...(c.reply ? { reply: c.reply } : {}),
      ...(c.kbArticleId ? { kbArticleId: c.kbArticleId } : {}),
    }));
}

/** A refund plus a return is one story; a refund plus a password reset is two, and the second waits. */
function relatedEnough(primary: DetectedIntent | undefined, secondary: DetectedIntent): boolean {
  return primary !== undefined && secondary.strong && secondary.score >= primary.score * 0.5;
}

function actionsFor(intent: IntentName, input: ActionInput, priority: number): Candidate[] {
  const { facts } = input;
  const article = articleFor(intent, input.kb);
  const kb = article ? { kbArticleId: article.id } : {};
  const policy = article ? ` (see "${article.title}")` : '';
  const order = facts.order;
  const orderRef = order ? `order ${order.id}` : 'the order';
  const hello = facts.firstName ? `, ${facts.firstName}` : '';

  switch (intent) {
    case 'refund':
    case 'return':
      // The label and the window live in the returns article, whichever of the two the customer asked for.
      return returnActions(intent, input, priority, articleFor('return', input.kb), article);
    case 'late_delivery': {
      if (!order) return [askForOrder(priority, 'to check where the parcel is')];
      if (isDelivered(order)) {
        const when = order.deliveredAt ? ` on ${formatDay(order.deliveredAt, facts.now)}` : '';
        return [
          {
            priority,
            title: 'Open a missing-parcel investigation',
            reason: `Order ${order.id} is marked delivered${when}, but the customer says it has not arrived; check the proof of delivery with the carrier${policy}.`,
            reply: `I'm sorry${hello}. Our carrier shows order ${order.id} as delivered${when}, so I'm opening an investigation with them right away. Could you check with neighbours or your building's reception in the meantime?`,
            ...kb,
          },
        ];
      }
      const placed = order.placedAt ? ` was placed on ${formatDay(order.placedAt, facts.now)} (${daysBetween(order.placedAt, facts.now)} days ago) and` : '';
      return [
        {
          priority,
          title: `Check the tracking for order ${order.id}`,
          reason: `Order ${order.id}${placed} is still "${order.status ?? 'not delivered'}"; tell the customer where the parcel is now and when it will arrive.`,
          reply: `I'm sorry your order hasn't arrived yet${hello}. I'm checking the tracking for order ${order.id} right now and will tell you exactly where it is.`,
          ...kb,
        },
        {
          priority: priority - 10,
          title: 'Apologise and refund the shipping cost',
          reason: `The delivery is late; refunding the shipping cost is the usual goodwill gesture for a delay${policy}.`,
          reply: `I'm sorry for the delay. I've refunded the shipping cost for ${orderRef} as an apology; you'll see it on your statement in a few days.`,
          ...kb,
        },
      ];
    }
    case 'damaged_item':
      return [
        {
          priority,
          title: 'Ask for a photo and send a replacement',
          reason: `The customer reports a damaged or wrong item${order ? ` from order ${order.id}` : ''}; a photo is enough to ship a replacement or refund without waiting for a return${policy}.`,
          reply: `I'm so sorry it arrived like that${hello}. Could you send me a photo of the item and the packaging? As soon as I have it I'll send a replacement, or a full refund if you prefer.`,
          ...kb,
        },
      ];
    case 'billing_dispute': {
      const duplicate = findDuplicateCharge(facts.charges);
      if (duplicate) {
        const [a, b] = duplicate;
        const amount = formatMoney(a.amount, a.currency ?? b.currency);
        const [dayA, dayB] = [a.at, b.at].map((at) => (at ? formatDay(at, facts.now) : undefined));
        const dates = dayA && dayB ? (dayA === dayB ? ` both on ${dayA}` : ` on ${dayA} and ${dayB}`) : '';
        const on = a.orderId ? ` for order ${a.orderId}` : '';
        return [
          {
            priority,
            title: 'Confirm the duplicate charge and refund it',
            reason: `Two charges of ${amount}${on}${dates}: one is a duplicate; refund it and confirm the amount to the customer${policy}.`,
            reply: `You're right${hello}: I can see two charges of ${amount}${on}. I've opened a refund for the duplicate, and you'll see ${amount} back on your statement within a few business days.`,
            ...kb,
          },
        ];
      }
      return [
        {
          priority,
          title: 'Check the payment history for a duplicate',
          reason: `The customer reports a double or disputed charge, but the hand-off data shows no second charge; confirm it in the billing system before promising a refund${policy}.`,
          reply: `I'm sorry about the confusion with your payment${hello}. I'm checking your payment history now; could you tell me the amount and date of the charges you see?`,
          ...kb,
        },
        {
          priority: priority - 25,
          title: 'Explain pending authorisations',
          reason: 'A second charge is often a pending card authorisation that disappears within a few days on its own.',
          reply: 'Sometimes a card shows a temporary authorisation next to the real charge; it drops off on its own within a few business days.',
        },
      ];
    }
    case 'password_reset': {
      const twoFactor = facts.customerTexts.some((t) => /\b(2fa|two[- ]factor|verification code|authenticator|code)\b/i.test(t));
      return [
        {
          priority,
          title: 'Send a password reset link',
          reason: `The customer cannot sign in; a reset link to the email address on file lets them set a new password themselves${policy}.`,
          reply: `I've sent a password reset link to the email address on your account${hello}. It's valid for a limited time; if you don't see it within a few minutes, please check your spam folder.`,
          ...kb,
        },
        {
          priority: twoFactor ? priority - 5 : priority - 20,
          title: 'Check two-factor authentication',
          reason: twoFactor
            ? 'The customer mentions verification codes: confirm they still have the phone or authenticator app before resetting, or start the 2FA recovery.'
            : 'After the reset, confirm the customer still has their two-factor device so they are not locked out again.',
          reply: 'Do you still have access to the phone or authenticator app you use for your verification codes?',
        },
      ];
    }
    case 'account_locked':
      return [
        {
          priority,
          title: 'Verify identity, then unlock the account',
          reason: `The account appears locked or suspended; verify the customer's identity before unlocking it${policy}.`,
          reply: `I can help you get back into your account${hello}. First I need to confirm it's you: could you tell me the email address and the last order number on the account?`,
          ...kb,
        },
      ];
    case 'cancel_order': {
      if (!order) return [askForOrder(priority, 'to cancel it')];
      if (!order.status?.trim())
        return [{ priority, title: `Look up the status of order ${order.id} first`, reason: `The hand-off data has no status for order ${order.id}; it can be cancelled only before dispatch${policy}.`, ...kb }];
      if (isShippedOrLater(order)) {
        return [
          {
            priority,
            title: 'Offer a return instead of a cancellation',
            reason: `Order ${order.id} is already "${order.status ?? 'shipped'}", so it can no longer be cancelled; a return after delivery gets a full refund${policy}.`,
            reply: `Order ${order.id} has already left our warehouse, so I can't cancel it any more. Once it arrives you can send it back for free and I'll refund you in full.`,
            ...kb,
          },
        ];
      }
      const amount = order.total !== undefined ? formatMoney(order.total, order.currency) : undefined;
      return [
        {
          priority,
          title: `Cancel order ${order.id} before it ships`,
          reason: `Order ${order.id} is "${order.status ?? 'not shipped'}", so it can still be cancelled and refunded in full${amount ? ` (${amount})` : ''}${policy}.`,
          reply: `Done${hello}: I've cancelled order ${order.id}${amount ? ` and started a refund of ${amount}` : ''}. You'll get a confirmation email shortly.`,
          ...kb,
        },
      ];
    }
    case 'address_change': {
      if (order && isShippedOrLater(order)) {
        return [
          {
            priority,
            title: `Ask the carrier to redirect order ${order.id}`,
            reason: `Order ${order.id} is already "${order.status ?? 'shipped'}"; the address can only be changed through the carrier now${policy}.`,
            ...kb,
          },
        ];
      }
      return [
        {
          priority,
          title: order ? `Update the delivery address on order ${order.id}` : 'Update the delivery address',
          reason: `${order ? `Order ${order.id} is "${order.status ?? 'not shipped'}", so` : 'If the order has not shipped,'} the address can still be changed; confirm the new address in full${policy}.`,
          reply: 'Of course. Could you send me the full new delivery address, including the postcode? I will update it before the order ships.',
          ...kb,
        },
      ];
    }
    case 'subscription':
      return [
        {
          priority,
          title: 'Review the subscription with the customer',
          reason: `The customer asks about their plan or renewal; confirm what they want to change (upgrade, pause or cancel) and when it takes effect${policy}.`,
          reply: `Happy to help with your subscription${hello}. Would you like to change, pause or cancel it? I'll confirm exactly when the change takes effect.`,
          ...kb,
        },
      ];
    case 'technical_issue':
      return [
        {
          priority,
          title: article ? `Walk through "${article.title}"` : 'Collect the details of the error',
          reason: article
            ? `The customer reports something not working; the knowledge base has troubleshooting steps for it.`
            : 'The customer reports something not working; the device, app version and exact error message point to the fix.',
          reply: 'Sorry about that. Could you tell me which device and app version you are using, and the exact error message you see?',
          ...kb,
        },
      ];
    case 'complaint':
      // Empathy first already covers an upset complaint; a second "I'm sorry" would waste a slot.
      if (input.mood <= STRONGLY_NEGATIVE) return [];
      return [
        {
          priority: priority - 5,
          title: 'Take ownership and offer to escalate',
          reason: `The customer is making a complaint; own it, summarise what went wrong and offer a supervisor if they ask${policy}.`,
          reply: `I hear you${hello}, and I'm sorry we let you down. I'm taking this on personally; here's what I'm going to do to put it right.`,
          ...kb,
        },
      ];
  }
}

function returnActions(
  intent: 'refund' | 'return',
  input: ActionInput,
  priority: number,
  article: KbArticle | undefined,
  refundArticle: KbArticle | undefined,
): Candidate[] {
  const { facts } = input;
  const order = facts.order;
  const kb = article ? { kbArticleId: article.id } : {};
  const refundKb = refundArticle ? { kbArticleId: refundArticle.id } : kb;
  const hello = facts.firstName ? `, ${facts.firstName}` : '';
  if (!order) return [askForOrder(priority, `to start the ${intent}`)];
  const total = order.total !== undefined ? formatMoney(order.total, order.currency) : undefined;

  if (isDelivered(order)) {
    const window = returnWindowDays(article);
    if (!order.deliveredAt) {
      return [
        {
          priority,
          title: 'Offer a return label',
          reason: `Order ${order.id} is marked delivered; check the delivery date against the ${window}-day return window before sending the label.`,
          ...kb,
        },
      ];
    }
    const day = formatDay(order.deliveredAt, facts.now);
    const age = daysBetween(order.deliveredAt, facts.now);
    if (age <= window) {
      const actions: Candidate[] = [
        {
          priority,
          title: 'Offer a return label',
          reason: `Order ${order.id} was delivered on ${day}; it is inside the ${window}-day return window.`,
          reply: `I can help with that${hello}. Order ${order.id} was delivered on ${day}, so it's within our ${window}-day return window. I'm emailing you a prepaid return label now; once the parcel is scanned, your refund${total ? ` of ${total}` : ''} goes back to your original payment method.`,
          ...kb,
        },
      ];
      if (intent === 'refund' && total) {
        actions.push({
          priority: priority - 15,
          title: `Refund ${total} when the return is scanned`,
          reason: `The refund for order ${order.id} goes to the original payment method once the carrier scans the return${refundArticle ? ` (see "${refundArticle.title}")` : ''}.`,
          ...refundKb,
        });
      }
      return actions;
    }
    return [
      {
        priority,
        title: `Explain the ${window}-day return window`,
        reason: `Order ${order.id} was delivered on ${day}, ${age} days ago: outside the ${window}-day return window. Consider an exception for a loyal customer.`,
        reply: `I've checked order ${order.id}: it was delivered on ${day}, which is outside our ${window}-day return window. Let me see what I can still do for you.`,
        ...kb,
      },
    ];
  }
  if (isShippedOrLater(order)) {
    return [
      {
        priority,
        title: 'Explain the refund follows the return',
        reason: `Order ${order.id} is still "${order.status ?? 'in transit'}"; once it arrives it can be returned within the ${returnWindowDays(article)}-day window for a full refund.`,
        reply: `Order ${order.id} is on its way to you. When it arrives you can send it back with the free return label and I'll refund you in full.`,
        ...kb,
      },
    ];
  }
  if (!order.status?.trim()) {
    // An order without a status is unknown, not "processing": cancelling it could refund a parcel already sent.
    return [
      {
        priority,
        title: `Look up the status of order ${order.id} first`,
        reason: `The hand-off data has no status for order ${order.id}; whether it can be cancelled, or must be returned, depends on it.`,
        ...kb,
      },
    ];
  }
  return [
    {
      priority,
      title: `Cancel order ${order.id} and refund it`,
      reason: `Order ${order.id} has not shipped yet ("${order.status ?? 'processing'}"), so it can be cancelled and refunded in full${total ? ` (${total})` : ''}.`,
      reply: `Order ${order.id} hasn't shipped yet, so I've cancelled it and started a full refund${total ? ` of ${total}` : ''}.`,
      ...kb,
    },
  ];
}

function askForOrder(priority: number, purpose: string): Candidate {
  return {
    priority,
    title: 'Ask for the order number',
    reason: `No order in the CRM data matches this conversation; the order number is needed ${purpose}.`,
    reply: 'Could you give me the order number? You can find it in your confirmation email.',
  };
}

const VIP_KB_TERMS = 'VIP customer service priority goodwill';

/** The best article for an intent; `mustMatch` rejects weak hits whose title and category say otherwise. */
/** What a fitting article's title or category says, per intent: a weak search hit on another topic is no policy. */
const ARTICLE_FITS: Record<IntentName | 'vip', RegExp> = {
  refund: /refund|return/i,
  return: /return|exchange/i,
  late_delivery: /deliver|track|late|shipping|parcel/i,
  damaged_item: /damag|faulty|broken|missing|warranty|wrong/i,
  billing_dispute: /charge|billing|payment|refund|dispute/i,
  password_reset: /password|sign|log ?in|2fa|two-factor/i,
  account_locked: /lock|suspend|account/i,
  cancel_order: /cancel/i,
  address_change: /address/i,
  subscription: /subscri|membership|plan|premium|renew/i,
  technical_issue: /troubleshoot|technical|app\b|error|bug|crash|website/i,
  complaint: /complain|escalat/i,
  vip: /vip|priority|loyal|premium/i,
};

function articleFor(topic: IntentName | 'vip', kb: KbLookup, mustMatch: RegExp = ARTICLE_FITS[topic]): KbArticle | undefined {
  try {
    const hit = kb.search(topic === 'vip' ? VIP_KB_TERMS : INTENT_KB_TERMS[topic], { limit: 1 })[0];
    if (!hit || !mustMatch.test(`${hit.title} ${hit.category}`)) return undefined;
    return kb.get(hit.id);
  } catch {
    // Advice without a policy link is still advice.
    return undefined;
  }
}

/**
 * The return window the knowledge base states ("30-day return window", "return within 30 days of delivery"),
 * else 30 days. Only a sentence about returning counts: articles mention other day counts (refund timing...).
 */
export function returnWindowDays(article: KbArticle | undefined): number {
  const sentences = `${article?.title ?? ''}. ${article?.body ?? ''}`.split(/(?<=[.!?])\s+/);
  const about = sentences.filter((s) => /return/i.test(s) && /\d{1,3}[- ](calendar )?days?\b/i.test(s));
  const best = about.find((s) => /deliver|window|receiv/i.test(s)) ?? about[0];
  const days = Number(best?.match(/(\d{1,3})[- ](calendar )?days?\b/i)?.[1]);
  return Number.isFinite(days) && days > 0 ? days : DEFAULT_RETURN_WINDOW_DAYS;
}

function isDelivered(order: Order): boolean {
  const status = order.status ?? '';
  if (/\b(not|un)[ -]?delivered|undeliverable/i.test(status)) return false;
  return /delivered/i.test(status) || (order.deliveredAt !== undefined && !/transit|shipped|processing/i.test(order.status ?? ''));
}

function isShippedOrLater(order: Order): boolean {
  return isDelivered(order) || /shipped|dispatched|transit|out for delivery|delayed/i.test(order.status ?? '');
}

function snippetText(hit: KbHit): string {
  const text = hit.snippet.map((s) => s.text).join('').replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

