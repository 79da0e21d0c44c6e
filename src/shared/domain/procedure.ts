// Procedures in the knowledge base: an article may carry the operator's steps for handling a request ("verify the
// customer", "check the delivery date", "send the label"), the facts each step needs, how a done step shows in an
// agent's message, and how customers tend to ask for it. One schema for the hub's import, its API, the desk's
// cache and the assist engine, so a field cannot be dropped between them.
import { z } from 'zod';

/**
 * Facts a step can need. The assist engine reads them from the hand-off (CRM, customer, transcript) only; a fact
 * that is not there is unknown, and a step that needs it asks for it instead of assuming a value.
 */
export const FACT_NAMES = [
  'customer.name',
  'customer.email',
  'customer.tier',
  'order.id',
  'order.status',
  'order.placedAt',
  'order.deliveredAt',
  'order.daysSinceDelivery',
  'order.total',
  'order.items',
  'charge.duplicate',
] as const;
export type FactName = (typeof FACT_NAMES)[number];
export const factNameSchema = z.enum(FACT_NAMES);

/** A case-insensitive pattern written by the operator; refused at import when it does not compile. */
const regexSource = z
  .string()
  .min(1)
  .max(200)
  .refine((source) => {
    try {
      new RegExp(source, 'i');
      return true;
    } catch {
      return false;
    }
  }, 'not a valid pattern');

export const procedureStepSchema = z.object({
  /** Stable within the article: `verify`, `check-window`; the desk ticks steps by it. */
  id: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'a step id is lower-case letters, digits, - and _'),
  /** What the agent does, as the procedure says it. */
  text: z.string().min(1).max(500),
  /** What the agent could say for this step; `{order.id}`-style placeholders are filled from known facts only. */
  reply: z.string().min(1).max(1000).optional(),
  /** Facts the step needs besides the reply's placeholders. */
  needs: z.array(factNameSchema).max(10).optional(),
  /** The step is done as soon as these facts are known (e.g. "find the order" once an order id is known). */
  doneWhenKnown: z.array(factNameSchema).max(10).optional(),
  /** Phrases that show the step done when an agent writes them ("verification code", "return label"). */
  doneWhen: z.array(z.string().min(2).max(120)).max(20).optional(),
  /**
   * The step applies only when a fact matches (or does not match) a pattern, e.g. "cancel" only while the order
   * status is not shipped. While the fact is unknown the step cannot be decided, and the suggestion asks for it.
   */
  when: z
    .object({ fact: factNameSchema, matches: regexSource.optional(), notMatches: regexSource.optional() })
    .refine((w) => w.matches !== undefined || w.notMatches !== undefined, 'a condition needs matches or notMatches')
    .optional(),
  /** A verification step: the procedure does nothing else before it is done. */
  verification: z.boolean().optional(),
});
export type ProcedureStep = z.infer<typeof procedureStepSchema>;

export const procedureStepsSchema = z
  .array(procedureStepSchema)
  .max(30)
  .refine((steps) => new Set(steps.map((s) => s.id)).size === steps.length, 'step ids must be unique within an article');

/** How customers ask for what the article handles, in their words: retrieval evidence, never shown as advice. */
export const askedAsSchema = z.array(z.string().min(2).max(300)).max(50);

/** A step as the desk shows it beside the suggestions. */
export interface ProcedureStepView {
  id: string;
  text: string;
  done: boolean;
  /** How the step was recognised as done: an agent's message, a desk action (ticked by hand), or a fact now known. */
  doneBy?: 'agent_message' | 'desk' | 'fact';
  /** Facts the step needs that the hand-off does not have. */
  missing: FactName[];
  /** Its condition is false for this case (e.g. "cancel" for an order already shipped). */
  skipped?: boolean;
}

/** The matched procedure: which article, how sure, and where the conversation is in it. */
export interface ProcedureView {
  articleId: string;
  title: string;
  category: string;
  /** 0..1. */
  confidence: number;
  steps: ProcedureStepView[];
  /** The first step not done yet; absent when every step is done. */
  nextStepId?: string;
}

/** What the assist engine understood the request to be. */
export interface RequestView {
  /** The matched article's id, or absent when unclear. */
  articleId?: string;
  label: string;
  category?: string;
  /** 0..1. */
  confidence: number;
  unclear: boolean;
  /** The customer's own sentence that states the request, when there is one. */
  inTheirWords?: string;
}

/** A step the agent ticked (or unticked) in the desk. */
export const stepMarkSchema = z.object({
  articleId: z.string().min(1).max(200),
  stepId: z.string().min(1).max(60),
  done: z.boolean(),
});
export type StepMark = z.infer<typeof stepMarkSchema>;
