// What the customer wants, as retrieval over the knowledge base: every article is a candidate request, scored with
// BM25 over its title, the customer phrasings it lists, its procedure and its body, against all of the customer's
// turns. The keyword rules of detect-intent.ts only add a prior to the articles their intent fits, so an operator
// teaches Baton a new request by adding an article, not code. Deterministic, in memory, rebuilt when the
// knowledge base changes.
import type { KbArticle } from '../../../shared/domain/assist';
import type { DetectedIntent, IntentName } from './detect-intent';

export interface RankedArticle {
  article: KbArticle;
  score: number;
  /** Share of the evidence, 0..1, over all candidates. */
  probability: number;
}

export interface RequestMatch {
  ranked: RankedArticle[];
  /** 0..1: how sure the top article is the request. */
  confidence: number;
  /** Nothing in the customer's words points to an article with enough weight, or two point equally. */
  unclear: boolean;
}

/** Below this much evidence (BM25 plus prior) for the best article there is no request to speak of. */
const MIN_EVIDENCE = 2.2;
/** The best article needs this share of the softmax over candidates to be more than a guess. */
const MIN_CONFIDENCE = 0.3;
const TEMPERATURE = 1.6;
const K1 = 1.2;
const B = 0.6;

const STOPWORDS = new Set(
  (
    'a an the and or but if then so to of in on at by for with from into onto about as is are was were be been being am do does did doing ' +
    'have has had having i me my mine myself you your yours we us our it its this that these those there here he she they them their ' +
    'what which who whom when where why how can could would should will shall may might must just also too very really still yet ' +
    'not no nor only own same than some any all each both few more most other such up down out off over under again once ' +
    'hi hello hey thanks thank please ok okay yes yeah sure well oh hmm get got go going want wanted need needed like know ' +
    'one two im ive id dont didnt cant wont isnt wasnt havent hasnt its thats theres whats lets today now ago day days week weeks ' +
    'bot agent customer someone something anything everything thing things way much many bit lot'
  ).split(/\s+/),
);

/**
 * Words customers and articles use for the same thing, folded onto one token. General retail vocabulary, not
 * phrasings of any conversation: it is what a search engine's synonym list holds.
 */
const SYNONYMS: [RegExp, string][] = [
  [/\b(package|parcel|parcels|packages|shipment|shipments)\b/g, 'parcel'],
  [/\b(money back|reimburse\w*|refunds?|refunded|refunding)\b/g, 'refund'],
  [/\b(charged|charges|billed|billing|debited|debit|taken from my (card|account)|payments?)\b/g, 'charge'],
  [/\b(twice|double|duplicated?|two times|second time)\b/g, 'twice'],
  [/\b(cancell?(ed|ing|ation)?)\b/g, 'cancel'],
  [/\b(broken|smashed|cracked|shattered|dented|damaged|damage|defective|faulty|torn|scratched)\b/g, 'damaged'],
  [/\b(log ?in|login|sign ?in|signin|logging in|signing in)\b/g, 'signin'],
  [/\b(coupon|voucher|discount code|promo code|promo|discount)\b/g, 'promo'],
  [/\b(cheaper|lower price|less money|better price|price match)\b/g, 'cheaper'],
  [/\b(courier|delivery driver|postman|mailman|carrier)\b/g, 'carrier'],
  [/\b(import (tax|fees?)|duty|duties|customs)\b/g, 'customs'],
  [/\b(abroad|overseas|international(ly)?|another country|other countries)\b/g, 'international'],
  [/\b(membership|subscription|premium)\b/g, 'membership'],
  [/\b(verification code|authenticator|2fa|two[- ]factor|one[- ]time code|security code)\b/g, 'twofactor'],
  [/\b(locked|blocked|suspended|frozen)\b/g, 'locked'],
  [/\b(manager|supervisor|superior|boss)\b/g, 'supervisor'],
  [/\b(receipt|invoice|vat)\b/g, 'invoice'],
  [/\b(swap|exchange)\b/g, 'exchange'],
  [/\b(size|sizes|colour|color|smaller|bigger|larger)\b/g, 'size'],
  [/\b(declined|rejected|refused|bounced|failed|failing|fails)\b/g, 'declined'],
  [/\b(e-?mail|email address|mail address)\b/g, 'email'],
  [/\b(points|rewards)\b/g, 'points'],
  [/\b(recall|recalled|safety notice)\b/g, 'recall'],
  [/\b(missing|wasn'?t in|was not in|left out|not included)\b/g, 'missing'],
  [/\b(late|delayed|overdue|delay)\b/g, 'late'],
];

/** Lower-case words, synonyms folded, stop words dropped, a light stem (plural, -ing, -ed). */
export function requestTokens(text: string): string[] {
  let t = text.toLowerCase().replace(/[’`]/g, "'");
  for (const [pattern, to] of SYNONYMS) t = t.replace(pattern, ` ${to} `);
  const out: string[] = [];
  for (const raw of t.match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? []) {
    const w = raw.replace(/'[a-z]+$/, '');
    if (w.length < 2 || STOPWORDS.has(w) || /^\d+$/.test(w)) continue;
    out.push(stem(w));
  }
  return out;
}

function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ied')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

interface IndexedArticle {
  article: KbArticle;
  tf: Map<string, number>;
  length: number;
}

export interface RequestIndex {
  articles: IndexedArticle[];
  df: Map<string, number>;
  avgLength: number;
}

// Title and customer phrasings say what the article is for; the body and steps say how it is handled, so they
// count once. Weights are term repetitions (BM25F-style).
const FIELD_WEIGHTS = { title: 3, askedAs: 3, category: 1, steps: 1, body: 1 };

export function buildRequestIndex(articles: KbArticle[]): RequestIndex {
  const indexed = articles.map((article) => {
    const tf = new Map<string, number>();
    let length = 0;
    const add = (text: string, weight: number) => {
      for (const token of requestTokens(text)) {
        tf.set(token, (tf.get(token) ?? 0) + weight);
        length += weight;
      }
    };
    add(article.title, FIELD_WEIGHTS.title);
    for (const phrase of article.askedAs ?? []) add(phrase, FIELD_WEIGHTS.askedAs);
    add(article.category, FIELD_WEIGHTS.category);
    for (const step of article.steps ?? []) add(step.text, FIELD_WEIGHTS.steps);
    add(article.body, FIELD_WEIGHTS.body);
    return { article, tf, length };
  });
  const df = new Map<string, number>();
  for (const a of indexed) for (const token of a.tf.keys()) df.set(token, (df.get(token) ?? 0) + 1);
  const avgLength = indexed.reduce((sum, a) => sum + a.length, 0) / (indexed.length || 1);
  return { articles: indexed, df, avgLength };
}

/** What a rule intent's fitting article says in its title or category: the prior goes to those. */
const INTENT_FITS: Record<IntentName, RegExp> = {
  refund: /refund|return/i,
  return: /return|exchange/i,
  late_delivery: /late|deliver|track/i,
  damaged_item: /damag|faulty|missing|warranty/i,
  billing_dispute: /charge|billing|dispute/i,
  password_reset: /password|two-factor/i,
  account_locked: /lock/i,
  cancel_order: /cancel/i,
  address_change: /address/i,
  subscription: /membership|subscri/i,
  technical_issue: /troubleshoot|technical|error/i,
  complaint: /escalat|complain/i,
};
const PRIOR_WEIGHT = 1.2;

/**
 * Ranks every article as the customer's request. `customerTexts` oldest first: every turn counts, each term at
 * most once per turn, so a repeated word does not drown the rest and a final "my order number is 123" adds
 * nothing but costs nothing either.
 */
export function matchRequest(index: RequestIndex, customerTexts: string[], intents: DetectedIntent[] = []): RequestMatch {
  const n = index.articles.length;
  if (n === 0) return { ranked: [], confidence: 0, unclear: true };
  const query = new Map<string, number>();
  for (const text of customerTexts) for (const token of new Set(requestTokens(text))) query.set(token, Math.min(2, (query.get(token) ?? 0) + 1));

  const scores = index.articles.map(({ article, tf, length }) => {
    let score = 0;
    for (const [token, qf] of query) {
      const f = tf.get(token);
      if (!f) continue;
      const df = index.df.get(token) ?? 0;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      score += qf * idf * ((f * (K1 + 1)) / (f + K1 * (1 - B + (B * length) / index.avgLength)));
    }
    return { article, score };
  });

  for (const intent of intents) {
    const fits = INTENT_FITS[intent.name];
    const matching = scores.filter((s) => fits.test(`${s.article.title} ${s.article.category}`));
    if (matching.length === 0) continue;
    // The prior is shared among the articles the intent fits, so a broad rule cannot lift many of them.
    const bonus = (PRIOR_WEIGHT * intent.confidence * Math.min(1, intent.score / 3)) / Math.sqrt(matching.length);
    for (const s of matching) s.score += bonus;
  }

  scores.sort((a, b) => b.score - a.score || a.article.id.localeCompare(b.article.id));
  const max = scores[0]?.score ?? 0;
  const exps = scores.map((s) => Math.exp((s.score - max) / TEMPERATURE));
  const total = exps.reduce((a, b) => a + b, 0) || 1;
  const ranked = scores.map((s, i) => ({ article: s.article, score: round(s.score), probability: round((exps[i] ?? 0) / total) }));
  const top = ranked[0];
  const confidence = top ? top.probability : 0;
  const unclear = !top || top.score < MIN_EVIDENCE || confidence < MIN_CONFIDENCE;
  return { ranked, confidence, unclear };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
