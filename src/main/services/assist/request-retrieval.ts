// What the customer wants, as retrieval over the knowledge base: every article is a candidate request, scored with
// BM25 over its title, the customer phrasings it lists, its procedure and its body, against all of the customer's
// turns. The keyword rules of detect-intent.ts only add a prior to the articles their intent fits, so an operator
// teaches Baton a new request by adding an article, not code. Deterministic, in memory, rebuilt when the
// knowledge base changes.
import { stemmer } from 'stemmer';
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
const MIN_EVIDENCE = 3;
/** Confidence grows with the evidence for the best article and with its lead over the runner-up. */
const EVIDENCE_SCALE = 5;
const MARGIN_SCALE = 1.2;
const MIN_CONFIDENCE = 0.15;
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
    'bot agent customer someone something anything everything thing things way much many bit lot ' +
    // Asking for a person is why the chat was handed off, not what the customer needs.
    'human person people real talk speak somebody anyone assistant help name said say says tell time times new take long ' +
    'great fine perfect sure sorry question ask afternoon morning evening his her hers set make made ' +
    // Time words say when, not what.
    'last first next old yesterday tomorrow tonight monday tuesday wednesday thursday friday saturday sunday weekend ' +
    'month months year years hour hours minute minutes longer'
  ).split(/\s+/),
);

/**
 * Words customers and articles use for the same thing, folded onto one token. General retail vocabulary, not
 * phrasings of any conversation: it is what a search engine's synonym list holds.
 */
const SYNONYMS: [RegExp, string][] = [
  // Phrases first: what customers say around a concept the articles name with one word.
  [/\b(send|sent|sending|bring|brought|give|get|take|post|posting|mail|ship|go|goes|going|went) (it |them |this |these |that |the \w+ )?back\b/g, 'return'],
  [/\b(money back|get my money|my money|a cent|reimburse\w*|refunds?|refunded|refunding|credited|money (to|on) (land|arrive|show|appear)\w*)\b/g, 'refund'],
  [/\b(not|never|hasn'?t|has not|haven'?t|have not|didn'?t|did not|still not|isn'?t|is not|wasn'?t) (here|arrived?|come|came|turned up|shown up|received?|got it|been delivered)\b/g, 'notarrived'],
  [/\b(still (nothing|waiting|no sign)|where (is|on earth is|'?s) (my |the )?(order|parcel|package|delivery|it)|(meant|supposed|due|expected) to (come|arrive|be here)|estimated (date|delivery)( has)? passed)\b/g, 'notarrived'],
  [/\b(call(ed)? it off|undo|stop (my |the |this )?order|(don'?t|do not) (want|need) (it|them|the order|this|order \w+) any ?more|no longer (want|need))\b/g, 'cancel'],
  [/\b(died|dead|stopped working|(won'?t|will not|doesn'?t|does not|didn'?t|did not) (turn on|switch on|start|work|charge|power on)|broke down)\b/g, 'faulty'],
  // Internal jargon and the channel a notice came by are not the request.
  [/\bback office\b/g, ' '],
  [/\b((got|get|received?|sent me|had) (an? )?(e-?mail|text|sms|message|notification)|confirmation e-?mail|dispatch e-?mail)\b/g, 'notice'],
  [/\b(how (long|much longer|many days)|when (will|do|does|can|is|are))\b/g, 'howlong'],
  [/\b(e-?mail address(es)?|e-?mail)\b/g, 'email'],
  [/\b(house number|street|flat|apartment|postcode|zip code|moved|moving|work ?place|office address|new place|old place)\b/g, 'address'],
  [/\b(sells? it (for )?less|(cheaper|lower|less) (elsewhere|somewhere else|at|on|in)|cheaper)\b/g, 'cheaper'],
  [/\b(bill for|proper bill|a bill|invoice|vat)\b/g, 'invoice'],
  [/\b(not (for me|my style|my taste|my thing)|(don'?t|do not|didn'?t|did not) (like|suit|fit my)|changed? (of )?my mind|change of mind|not what I (expected|wanted)|unworn|never (been )?(used|worn)|unused|tags (are )?still on)\b/g, 'changemind'],
  [/\b(dropped off|handed over|handed to|left at|marked as delivered|shows? (as )?delivered|says delivered|completed)\b/g, 'delivered'],
  [/\b(canada|usa|united states|australia|japan|brazil|india|china|mexico|singapore|new zealand|south africa|abroad|overseas|international(ly)?|another country|other countries)\b/g, 'international'],
  [/\b(package|parcel|parcels|packages|shipment|shipments)\b/g, 'parcel'],
  [/\b(charged|charges|billed|billing|debited|debit|taken from my (card|account)|payments?|transactions?)\b/g, 'charge'],
  [/\b(twice|double|duplicated?|two times|two lines|same amount)\b/g, 'twice'],
  [/\b(cancell?(ed|ing|ation)?)\b/g, 'cancel'],
  [/\b(broken|smashed|cracked|shattered|dented|damaged|damage|defective|faulty|torn|scratch|scratched|in pieces)\b/g, 'damaged'],
  [/\b(log ?in|login|sign ?in|signin|logging in|signing in|get into my account|get in)\b/g, 'signin'],
  [/\b(coupon|voucher|discount code|promo code|promo|discount|\d+ ?% off)\b/g, 'promo'],
  [/\b(courier|delivery driver|driver|postman|mailman|carrier|delivery company)\b/g, 'carrier'],
  [/\b(import (tax|fees?|charges?)|duty|duties|customs)\b/g, 'customs'],
  [/\b(membership|subscription|premium|yearly plan|annual plan)\b/g, 'membership'],
  [/\b(verification code|authenticator|2fa|two[- ]factor|one[- ]time code|security code|sign in code)\b/g, 'twofactor'],
  [/\b(locked|blocked|suspended|frozen)\b/g, 'locked'],
  [/\b(manager|supervisor|superior|boss)\b/g, 'supervisor'],
  [/\b(swap|exchange)\b/g, 'exchange'],
  [/\b(size|sizes|colour|color|smaller|bigger|larger)\b/g, 'size'],
  [/\b(declined|rejected|refused|bounced|failed|failing|fails|unsuccessful|won'?t go through|doesn'?t go through|not go through)\b/g, 'declined'],
  [/\b(points|rewards)\b/g, 'points'],
  [/\b(recall|recalled|safety notice)\b/g, 'recall'],
  [/\b(missing|wasn'?t in|was not in|isn'?t in|is not in|not in it|left out|not included)\b/g, 'missing'],
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
  return stemmer(w);
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

// Title and customer phrasings say what the article is for; the body and steps say how it is handled, and mention
// much in passing, so they count for less. Weights are term repetitions (BM25F-style).
const FIELD_WEIGHTS = { title: 3, askedAs: 5, category: 1, steps: 0.5, body: 0.3 };

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
  const exps = scores.map((s) => Math.exp(s.score - max));
  const total = exps.reduce((a, b) => a + b, 0) || 1;
  const ranked = scores.map((s, i) => ({ article: s.article, score: round(s.score), probability: round((exps[i] ?? 0) / total) }));
  const top = ranked[0];
  const margin = max - (scores[1]?.score ?? 0);
  const confidence = top ? round((1 - Math.exp(-max / EVIDENCE_SCALE)) * (1 - Math.exp(-(margin + 0.3) / MARGIN_SCALE))) : 0;
  const unclear = !top || max < MIN_EVIDENCE || confidence < MIN_CONFIDENCE;
  return { ranked, confidence, unclear };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
