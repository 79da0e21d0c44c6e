// Decides, turn by turn, whether a bot conversation should go to a human (POST /v1/policy/evaluate).
// It remembers a little about each conversation (sentiment scores and word lists of the last few customer
// messages, failed-answer counts) in memory only, so frustration and repeated failures build up over turns.
//
// Triggers, checked in this order; the first that fires is the reason given (most specific to the customer's
// own wish first, then who they are, then how they feel, then what they need, then how well the bot copes):
//   1. customer_request — the customer explicitly asks for a human ("let me talk to a real person", "agent pls").
//   2. vip              — the customer's tier is on the VIP / long-term list.
//   3. sentiment        — frustration: decayed sum of recent customer sentiment at or below the threshold, or one
//                         message alone at or below the acute threshold.
//   4. complexity       — the intent is on the list of intents a bot should not handle (billing_dispute, legal...).
//   5. low_confidence   — the bot's intent confidence is under the limit.
//   6. policy           — repeated failed answers: bot fallbacks, "that's not what I asked", the customer repeating.
// Defaults lean toward handing off early: a customer kept too long with a bot costs more than an early hand-off.
// Memory is bounded: at most `maxConversations` conversations (least recently used forgotten first), each
// forgotten more than `ttlMs` after its last turn. An lru-cache holds it, as it holds the rate limiter's buckets.
import { LRUCache } from 'lru-cache';
import { policyTriggerSchema } from '../../shared/domain/handoff';
import type { PolicyTrigger } from '../../shared/domain/triggers';
import { z } from 'zod';
import { MAX_TEXT, intentSchema, type Trigger } from '../../shared/domain/handoff';
import { fail, ok, type Result } from '../../shared/result';
import { detectAnswerComplaint, detectBotFallback, wordOverlap, type FailedAnswerKind } from './failed-answers';
import { turnSentiment } from './frustration';
import { detectHumanRequest } from './human-request';
import { words } from './text-tokens';

export const policyEvaluateRequestSchema = z.object({
  conversationId: z.string().min(1).max(200),
  customer: z.object({
    id: z.string().min(1).max(200),
    tier: z.string().max(50).optional(),
  }),
  turn: z.object({
    role: z.enum(['customer', 'bot']),
    text: z.string().max(MAX_TEXT),
  }),
  intent: intentSchema.optional(),
});
export type PolicyEvaluateRequest = z.infer<typeof policyEvaluateRequestSchema>;

export interface PolicyDecision {
  handoff: boolean;
  reason?: { trigger: Trigger; detail: string };
  /** Recency-weighted average sentiment of the recent customer turns, in [-1, 1] (0 before any). */
  sentiment: number;
}

/** The triggers this engine can raise; any of them can be switched off with `disabledTriggers`. */
export type { PolicyTrigger };

export interface PolicyConfig {
  /** Intent names (case-insensitive) that always go to a human. */
  complexIntents: string[];
  /** Customer tiers (case-insensitive) served by a human from the first turn. */
  vipTiers: string[];
  /** Hand off when the decayed sum of recent customer sentiment is at or below this (negative number). */
  frustrationThreshold: number;
  /** Hand off when a single customer message alone scores at or below this. */
  acuteSentimentThreshold: number;
  /** How many recent customer turns count toward frustration and repetition. */
  recentTurns: number;
  /** Weight of each older customer turn relative to the next newer one (0..1). */
  sentimentDecay: number;
  /** Hand off when the intent confidence is under this. */
  minIntentConfidence: number;
  /** Hand off when this many failed answers have happened in the conversation. */
  maxFailedAnswers: number;
  /** Word overlap (0..1) with a recent customer message that counts as the customer repeating themselves. */
  repeatOverlap: number;
  /** Deployment-specific phrases that also mean "I want a human", matched as whole words. */
  extraHumanRequestPhrases: string[];
  /** Triggers switched off for this deployment. */
  disabledTriggers: PolicyTrigger[];
}

export const defaultPolicyConfig: PolicyConfig = {
  complexIntents: [
    'billing_dispute', 'technical_escalation', 'legal', 'fraud', 'cancellation', 'chargeback', 'account_compromised',
    'data_privacy_request', 'complaint', 'warranty_claim',
  ],
  vipTiers: ['vip', 'platinum', 'gold', 'enterprise', 'long_term', 'long-term', 'loyal'],
  frustrationThreshold: -0.75,
  // -0.6 caught a plain "No, that's wrong" (VADER -0.65); that is a failed answer, not a furious customer.
  acuteSentimentThreshold: -0.7,
  recentTurns: 5,
  sentimentDecay: 0.8,
  minIntentConfidence: 0.5,
  maxFailedAnswers: 2,
  repeatOverlap: 0.7,
  extraHumanRequestPhrases: [],
  disabledTriggers: [],
};

export interface PolicyEngineOptions {
  maxConversations?: number;
  ttlMs?: number;
  now?: () => number;
}

export interface PolicyEngine {
  evaluate(req: PolicyEvaluateRequest): PolicyDecision;
  /** Drop what is remembered about a conversation (it was handed off or ended). */
  forget(conversationId: string): void;
  /** Conversations currently remembered. */
  size(): number;
  readonly config: Readonly<PolicyConfig>;
}

interface ConversationMemory {
  /** Sentiment of recent customer turns, oldest first. */
  sentiments: number[];
  /** Word sets of recent customer turns, oldest first (for repetition, never the text itself). */
  recentWords: string[][];
  failures: Record<FailedAnswerKind, number>;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const lower = (list: readonly string[]): Set<string> => new Set(list.map((s) => s.trim().toLowerCase()));


/** Validates a policy configuration read from a file or environment (every field optional, defaults fill in). */
export const policyConfigSchema = z
  .object({
    complexIntents: z.array(z.string().min(1).max(200)).max(500),
    vipTiers: z.array(z.string().min(1).max(50)).max(100),
    frustrationThreshold: z.number().min(-10).max(0),
    acuteSentimentThreshold: z.number().min(-1).max(0),
    recentTurns: z.number().int().min(1).max(50),
    sentimentDecay: z.number().min(0).max(1),
    minIntentConfidence: z.number().min(0).max(1),
    maxFailedAnswers: z.number().int().min(1).max(100),
    repeatOverlap: z.number().min(0).max(1),
    extraHumanRequestPhrases: z.array(z.string().min(1).max(200)).max(500),
    disabledTriggers: z.array(policyTriggerSchema).max(6),
  })
  .partial()
  .strict();

/** Parses a configuration; unknown keys and out-of-range values are errors that name the field. */
export function parsePolicyConfig(raw: unknown): Result<Partial<PolicyConfig>> {
  const parsed = policyConfigSchema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  return fail(
    'invalid',
    'The hand-off policy configuration is not valid: fix the fields listed in issues (see defaultPolicyConfig for the shape).',
    parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(config)', message: i.message })),
  );
}

export function createPolicyEngine(config: Partial<PolicyConfig> = {}, opts: PolicyEngineOptions = {}): PolicyEngine {
  // Fields given as undefined keep their default rather than switching a rule off by accident.
  const given = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as Partial<PolicyConfig>;
  const cfg: PolicyConfig = { ...defaultPolicyConfig, ...given };
  const maxConversations = Math.max(1, opts.maxConversations ?? 10_000);
  const ttlMs = Math.max(1, opts.ttlMs ?? 60 * 60 * 1000);
  const now = opts.now ?? Date.now;
  const recentTurns = Math.max(1, Math.floor(cfg.recentTurns));
  const complex = lower(cfg.complexIntents);
  const vip = lower(cfg.vipTiers);
  const disabled = new Set<Trigger>(cfg.disabledTriggers);
  // `set` on every turn makes a conversation the most recently used and restarts its TTL; past `max` the least
  // recently used is dropped, and `get` of an expired one answers undefined (and drops it).
  // The clock is read through `perf` and never cached (ttlResolution 0), so an injected `now` is seen at once.
  // lru-cache takes a start time of 0 to mean "no TTL", so time is counted from 1 at creation.
  const epoch = now();
  const memory = new LRUCache<string, ConversationMemory>({
    max: maxConversations,
    ttl: ttlMs,
    ttlResolution: 0,
    perf: { now: () => Math.max(1, now() - epoch + 1) },
  });

  function recall(conversationId: string): ConversationMemory {
    const m: ConversationMemory = memory.get(conversationId) ?? {
      sentiments: [],
      recentWords: [],
      failures: { bot_fallback: 0, customer_complaint: 0, customer_repeat: 0 },
    };
    memory.set(conversationId, m);
    return m;
  }

  /** Newest turn weighs 1, the one before `decay`, then decay^2, ... */
  function weighted(sentiments: number[]): { sum: number; average: number } {
    let sum = 0;
    let weights = 0;
    let w = 1;
    for (let i = sentiments.length - 1; i >= 0; i--) {
      sum += w * (sentiments[i] ?? 0);
      weights += w;
      w *= cfg.sentimentDecay;
    }
    return { sum, average: weights > 0 ? sum / weights : 0 };
  }

  function evaluate(req: PolicyEvaluateRequest): PolicyDecision {
    const m = recall(req.conversationId);
    let humanRequest: string | undefined;
    let latest: number | undefined;

    if (req.turn.role === 'customer') {
      humanRequest = detectHumanRequest(req.turn.text, cfg.extraHumanRequestPhrases);
      latest = turnSentiment(req.turn.text);
      const tokens = words(req.turn.text);
      if (detectAnswerComplaint(req.turn.text)) m.failures.customer_complaint++;
      else if (tokens.length >= 3 && m.recentWords.some((prev) => wordOverlap(prev, tokens) >= cfg.repeatOverlap)) {
        m.failures.customer_repeat++;
      }
      m.sentiments.push(latest);
      m.recentWords.push(tokens.slice(0, 200));
      if (m.sentiments.length > recentTurns) m.sentiments.splice(0, m.sentiments.length - recentTurns);
      if (m.recentWords.length > recentTurns) m.recentWords.splice(0, m.recentWords.length - recentTurns);
    } else if (detectBotFallback(req.turn.text)) {
      m.failures.bot_fallback++;
    }

    const { sum, average } = weighted(m.sentiments);
    const sentiment = round2(Math.max(-1, Math.min(1, average)));
    const decide = (trigger: Trigger, detail: string): PolicyDecision => ({ handoff: true, reason: { trigger, detail }, sentiment });
    const on = (trigger: PolicyTrigger): boolean => !disabled.has(trigger);

    if (on('customer_request') && humanRequest) {
      return decide('customer_request', `Customer asked for a human ("${humanRequest}").`);
    }
    const tier = req.customer.tier?.trim().toLowerCase();
    if (on('vip') && tier && vip.has(tier)) {
      return decide('vip', `Customer tier "${req.customer.tier}" is on the VIP list.`);
    }
    if (on('sentiment')) {
      if (latest !== undefined && latest <= cfg.acuteSentimentThreshold) {
        return decide('sentiment', `Latest customer message is strongly negative (sentiment ${round2(latest)}, limit ${cfg.acuteSentimentThreshold}).`);
      }
      if (m.sentiments.length > 0 && sum <= cfg.frustrationThreshold) {
        return decide(
          'sentiment',
          `Frustration built up over the last ${m.sentiments.length} customer turn${m.sentiments.length === 1 ? '' : 's'} (score ${round2(sum)}, limit ${cfg.frustrationThreshold}).`,
        );
      }
    }
    const intentName = req.intent?.name.trim().toLowerCase();
    if (on('complexity') && intentName && complex.has(intentName)) {
      return decide('complexity', `Intent "${req.intent?.name}" is on the list of intents handled by people.`);
    }
    const confidence = req.intent?.confidence;
    if (on('low_confidence') && confidence !== undefined && confidence < cfg.minIntentConfidence) {
      return decide('low_confidence', `Intent "${req.intent?.name}" was recognized with confidence ${round2(confidence)}, under ${cfg.minIntentConfidence}.`);
    }
    const f = m.failures;
    const failures = f.bot_fallback + f.customer_complaint + f.customer_repeat;
    if (on('policy') && failures >= cfg.maxFailedAnswers) {
      const parts = [
        f.bot_fallback > 0 ? `bot could not answer ${f.bot_fallback}x` : '',
        f.customer_complaint > 0 ? `customer said the answer missed ${f.customer_complaint}x` : '',
        f.customer_repeat > 0 ? `customer repeated themselves ${f.customer_repeat}x` : '',
      ].filter(Boolean);
      return decide('policy', `Repeated failed answers: ${failures} (${parts.join(', ')}), limit ${cfg.maxFailedAnswers}.`);
    }
    return { handoff: false, sentiment };
  }

  return {
    evaluate,
    forget: (conversationId) => void memory.delete(conversationId),
    size: () => {
      memory.purgeStale();
      return memory.size;
    },
    config: cfg,
  };
}

/** Validates a request body and evaluates it: the whole of POST /v1/policy/evaluate minus HTTP. */
export function evaluatePolicyRequest(engine: PolicyEngine, body: unknown): Result<PolicyDecision> {
  const parsed = policyEvaluateRequestSchema.safeParse(body);
  if (!parsed.success) {
    return fail(
      'invalid',
      'The policy request is not valid: fix the fields listed in issues and send it again.',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return ok(engine.evaluate(parsed.data));
}
