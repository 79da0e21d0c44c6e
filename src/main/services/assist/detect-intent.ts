// Intent detection for the offline provider: weighted keyword and phrase rules over the customer's messages,
// with the bot's own intent as extra evidence. Deterministic: the same transcript always gives the same ranking.
import type { Intent } from '../../../shared/domain/handoff';

export const INTENT_NAMES = [
  'refund',
  'return',
  'late_delivery',
  'damaged_item',
  'billing_dispute',
  'password_reset',
  'account_locked',
  'cancel_order',
  'address_change',
  'subscription',
  'technical_issue',
  'complaint',
] as const;
export type IntentName = (typeof INTENT_NAMES)[number];

export interface DetectedIntent {
  name: IntentName;
  score: number;
  /** 0..1, how far ahead of the runner-up and how much evidence there is. */
  confidence: number;
  /** The rule phrases that matched, for reasons and knowledge-base queries. */
  matched: string[];
  /** A specific phrase matched, not only a generic word ("cancel my order" rather than "cancel"). */
  strong: boolean;
}

/** Rules at or above this weight name the intent specifically; lighter ones are generic words. */
const STRONG_RULE = 2.5;

interface Rule {
  pattern: RegExp;
  weight: number;
  label: string;
}

const rule = (pattern: RegExp, weight: number, label: string): Rule => ({ pattern, weight, label });

const RULES: Record<IntentName, Rule[]> = {
  refund: [
    rule(/\brefund(ed|s)?\b/i, 3, 'refund'),
    rule(/\bmoney back\b/i, 3, 'money back'),
    rule(/\breimburs/i, 2, 'reimbursement'),
    rule(/\bcredit (it )?back\b/i, 2, 'credit back'),
  ],
  return: [
    rule(/\breturn(ing|ed)?\b/i, 2.5, 'return'),
    rule(/\bsend (it|them) back\b/i, 2.5, 'send back'),
    rule(/\breturn label\b/i, 2, 'return label'),
    rule(/\b(doesn'?t|does not|didn'?t) fit\b|\bwrong size\b|\btoo (small|big|large)\b/i, 2, 'does not fit'),
    rule(/\bexchange\b/i, 1.5, 'exchange'),
  ],
  late_delivery: [
    rule(/\b(hasn'?t|has not|haven'?t|have not|never|still not|not yet) (arrived|been delivered|come|received|shown up)\b/i, 3.5, 'not arrived'),
    rule(/\bwhere('?s| is) my (order|parcel|package)\b/i, 3.5, 'where is my order'),
    rule(/\b(late|delayed|delay|overdue)\b/i, 2, 'late'),
    rule(/\btracking\b/i, 1.5, 'tracking'),
    rule(/\bstill waiting\b/i, 2, 'still waiting'),
    rule(/\b(expected|supposed to arrive|due) (on|by)\b/i, 1.5, 'expected delivery'),
  ],
  damaged_item: [
    rule(/\b(damaged|broken|smashed|cracked|dented|torn|defective|faulty)\b/i, 3.5, 'damaged'),
    rule(/\barrived (in pieces|broken|damaged)\b/i, 2, 'arrived damaged'),
    rule(/\bwrong item\b|\bnot what I ordered\b/i, 2.5, 'wrong item'),
  ],
  billing_dispute: [
    rule(/\b(charged|billed) (me )?(twice|two times|double)\b/i, 4, 'charged twice'),
    rule(/\bdouble[- ]?(charge|charged|billing)\b/i, 4, 'double charge'),
    rule(/\bduplicate (charge|payment|transaction)\b/i, 4, 'duplicate charge'),
    rule(/\b(two|2) (identical |same |similar )?(charges|payments|transactions)\b/i, 3, 'two charges'),
    rule(/\b(overcharged|unauthori[sz]ed (charge|payment)|charge ?back|dispute)\b/i, 3, 'disputed charge'),
    rule(/\b(charge|charged|invoice|bill|billing|statement)\b/i, 1, 'billing'),
  ],
  password_reset: [
    rule(/\b(forgot|forgotten|reset|change|lost)( my)? password\b/i, 4, 'password reset'),
    rule(/\bpassword\b/i, 2, 'password'),
    rule(/\b(can'?t|cannot|unable to) (log ?in|sign ?in|login)\b/i, 2.5, 'cannot sign in'),
    rule(/\breset (link|email)\b/i, 2, 'reset link'),
    rule(/\b(2fa|two[- ]factor|verification code|authenticator)\b/i, 1.5, 'two-factor'),
  ],
  account_locked: [
    rule(/\b(locked|blocked|suspended|disabled|frozen)\b/i, 3.5, 'account locked'),
    rule(/\btoo many (attempts|tries)\b/i, 2.5, 'too many attempts'),
  ],
  cancel_order: [
    rule(/\bcancel(l?ed|l?ing|lation)? (my |the |this )?order\b/i, 4, 'cancel order'),
    rule(/\bcancel\b/i, 1.5, 'cancel'),
    rule(/\b(don'?t|do not) want (it|the order) anymore\b/i, 2, 'no longer wanted'),
  ],
  address_change: [
    rule(/\b(change|update|correct|wrong)( the| my)? (delivery |shipping )?address\b/i, 4, 'change address'),
    rule(/\b(I('ve| have)? (just )?moved|moved house|new address|different address)\b/i, 2.5, 'new address'),
    rule(/\baddress\b/i, 1, 'address'),
  ],
  subscription: [
    rule(/\bsubscription\b/i, 3, 'subscription'),
    rule(/\b(membership|plan|renewal|renew|auto-?renew|upgrade|downgrade)\b/i, 2, 'plan'),
    rule(/\b(monthly|annual|yearly) (fee|charge|plan)\b/i, 1.5, 'recurring fee'),
  ],
  technical_issue: [
    rule(/\b(error|bug|crash(es|ed)?|not working|doesn'?t work|won'?t (load|open|start)|stuck|freez(es|ing))\b/i, 3, 'not working'),
    rule(/\b(app|website|site|page|checkout)\b/i, 1, 'app'),
  ],
  complaint: [
    rule(/\b(complain|complaint|unacceptable|ridiculous|disgusted|outrageous|terrible|worst|awful|appalling)\b/i, 3, 'complaint'),
    rule(/\b(speak|talk) to (a |your )?(manager|supervisor)\b/i, 3, 'wants a manager'),
    rule(/\b(never (order|buy|shop)|leave a review|report you)\b/i, 2, 'threatens to leave'),
  ],
};

/** Bot intent names vary by vendor ("order.refund", "RefundRequest", "where_is_my_order"): map by keywords. */
const BOT_INTENT_ALIASES: [RegExp, IntentName][] = [
  [/refund/i, 'refund'],
  [/return/i, 'return'],
  [/late|delay|where.?is.?my|wismo|tracking|delivery.?status/i, 'late_delivery'],
  [/damag|broken|defect/i, 'damaged_item'],
  [/billing|charge|dispute|payment/i, 'billing_dispute'],
  [/password|reset|login|sign.?in/i, 'password_reset'],
  [/lock|blocked|suspend/i, 'account_locked'],
  [/cancel/i, 'cancel_order'],
  [/address/i, 'address_change'],
  [/subscri|membership|plan/i, 'subscription'],
  [/technical|bug|error|app/i, 'technical_issue'],
  [/complain|escalat/i, 'complaint'],
];

export function intentFromBot(name: string): IntentName | undefined {
  const normalised = name.trim().toLowerCase();
  if ((INTENT_NAMES as readonly string[]).includes(normalised)) return normalised as IntentName;
  return BOT_INTENT_ALIASES.find(([pattern]) => pattern.test(name))?.[1];
}

/**
 * Ranks intents by evidence. `customerTexts` oldest first; later messages weigh more because customers often
 * start with context and end with what they actually want.
 */
export function detectIntents(customerTexts: string[], botIntent?: Intent): DetectedIntent[] {
  const scores = new Map<IntentName, { score: number; matched: Set<string>; strong: boolean }>();
  const add = (name: IntentName, weight: number, label: string, strong: boolean) => {
    const entry = scores.get(name) ?? { score: 0, matched: new Set<string>(), strong: false };
    entry.score += weight;
    entry.matched.add(label);
    entry.strong ||= strong;
    scores.set(name, entry);
  };
  customerTexts.forEach((text, index) => {
    const recency = 1 + (0.5 * (index + 1)) / customerTexts.length;
    for (const name of INTENT_NAMES) {
      for (const r of RULES[name]) if (r.pattern.test(text)) add(name, r.weight * recency, r.label, r.weight >= STRONG_RULE);
    }
  });
  if (botIntent) {
    const mapped = intentFromBot(botIntent.name);
    if (mapped) add(mapped, 3 * (botIntent.confidence ?? 0.7), `bot intent ${botIntent.name}`, true);
  }
  const ranked = [...scores.entries()]
    .map(([name, { score, matched, strong }]) => ({ name, score: round(score), matched: [...matched], strong }))
    .sort((a, b) => b.score - a.score || INTENT_NAMES.indexOf(a.name) - INTENT_NAMES.indexOf(b.name));
  const total = ranked.reduce((sum, i) => sum + i.score, 0);
  return concreteFirst(ranked).map((i) => ({ ...i, confidence: round(Math.min(1, (i.score / (total || 1)) * Math.min(1, i.score / 4))) }));
}

/** A complaint is how the customer feels, not what they need: the concrete problem leads when there is one. */
function concreteFirst<T extends { name: IntentName; score: number }>(ranked: T[]): T[] {
  const first = ranked[0];
  const concrete = ranked.find((i) => i.name !== 'complaint' && i.score >= 1.5);
  if (first?.name !== 'complaint' || !concrete) return ranked;
  return [concrete, first, ...ranked.filter((i) => i !== concrete && i !== first)];
}

export const INTENT_LABELS: Record<IntentName, string> = {
  refund: 'Refund request',
  return: 'Return request',
  late_delivery: 'Late delivery',
  damaged_item: 'Damaged or wrong item',
  billing_dispute: 'Billing dispute',
  password_reset: 'Password reset',
  account_locked: 'Locked account',
  cancel_order: 'Order cancellation',
  address_change: 'Address change',
  subscription: 'Subscription question',
  technical_issue: 'Technical issue',
  complaint: 'Complaint',
};

/** Words that describe each intent in knowledge-base articles, for retrieval queries. */
export const INTENT_KB_TERMS: Record<IntentName, string> = {
  refund: 'refund return window original payment method',
  return: 'return label return window prepaid',
  late_delivery: 'late delivery tracking delayed shipping',
  damaged_item: 'damaged item replacement photo',
  billing_dispute: 'duplicate charge billing refund',
  password_reset: 'password reset link two-factor',
  account_locked: 'account locked unlock verify identity',
  cancel_order: 'cancel order',
  address_change: 'change delivery address',
  subscription: 'subscription membership plan renewal',
  technical_issue: 'troubleshooting app error',
  complaint: 'complaint escalation goodwill',
};

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
