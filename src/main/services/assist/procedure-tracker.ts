// Where a conversation is in the matched procedure: which steps are done (an agent's message shows it, the agent
// ticked it in the desk, or the fact it collects is now known), which do not apply (their condition is false), and
// the next step. A step needing a fact the hand-off does not have is not skipped: its suggestion asks for the fact.
import type { KbArticle } from '../../../shared/domain/assist';
import type { FactName, ProcedureStep, ProcedureStepView, ProcedureView, StepMark } from '../../../shared/domain/procedure';

export type Facts = Partial<Record<FactName, string>>;

export interface TrackedStep {
  step: ProcedureStep;
  view: ProcedureStepView;
  /** The step's condition is false: it is not part of this case. */
  skipped: boolean;
}

export interface TrackedProcedure {
  view: ProcedureView;
  steps: TrackedStep[];
  next?: TrackedStep;
  /** The step after the next one that applies, for a look ahead. */
  after?: TrackedStep;
}

const PLACEHOLDER = /\{([a-zA-Z]+\.[a-zA-Z]+)\}/g;

/** Facts a step needs: its `needs`, its reply's placeholders and its condition's fact. */
export function factsNeeded(step: ProcedureStep): FactName[] {
  const names = new Set<FactName>(step.needs ?? []);
  for (const m of (step.reply ?? '').matchAll(PLACEHOLDER)) names.add(m[1] as FactName);
  if (step.when) names.add(step.when.fact);
  return [...names];
}

/** Fills `{order.id}`-style placeholders from known facts only; undefined when one is unknown. */
export function fillTemplate(template: string, facts: Facts): string | undefined {
  let missing = false;
  const text = template.replace(PLACEHOLDER, (_, name: string) => {
    const value = facts[name as FactName];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : text;
}

function normalise(text: string): string {
  return ` ${text.toLowerCase().replace(/[’`]/g, "'").replace(/[^a-z0-9'-]+/g, ' ').replace(/\s+/g, ' ')} `;
}

function saidByAgent(step: ProcedureStep, agentTexts: string[]): boolean {
  const phrases = (step.doneWhen ?? []).map((p) => normalise(p).trim()).filter(Boolean);
  if (phrases.length === 0) return false;
  return agentTexts.some((text) => {
    const t = normalise(text);
    return phrases.some((p) => t.includes(` ${p} `) || t.includes(` ${p}`));
  });
}

function conditionHolds(step: ProcedureStep, facts: Facts): boolean | undefined {
  if (!step.when) return true;
  const value = facts[step.when.fact];
  if (value === undefined) return undefined;
  if (step.when.matches !== undefined && !new RegExp(step.when.matches, 'i').test(value)) return false;
  if (step.when.notMatches !== undefined && new RegExp(step.when.notMatches, 'i').test(value)) return false;
  return true;
}

export function trackProcedure(
  article: KbArticle,
  input: { facts: Facts; agentTexts: string[]; marks?: StepMark[]; confidence: number },
): TrackedProcedure | undefined {
  const steps = article.steps ?? [];
  if (steps.length === 0) return undefined;
  const marks = new Map((input.marks ?? []).filter((m) => m.articleId === article.id).map((m) => [m.stepId, m.done]));

  const tracked: TrackedStep[] = steps.map((step) => {
    const missing = factsNeeded(step).filter((f) => input.facts[f] === undefined);
    const mark = marks.get(step.id);
    let doneBy: ProcedureStepView['doneBy'];
    if (mark !== undefined) doneBy = mark ? 'desk' : undefined;
    else if (saidByAgent(step, input.agentTexts)) doneBy = 'agent_message';
    else if (step.doneWhenKnown?.length && step.doneWhenKnown.every((f) => input.facts[f] !== undefined)) doneBy = 'fact';
    const skipped = conditionHolds(step, input.facts) === false;
    return {
      step,
      skipped,
      view: { id: step.id, text: step.text, done: doneBy !== undefined, ...(doneBy ? { doneBy } : {}), missing },
    };
  });

  // Work later in the procedure shows the earlier steps were handled, except a verification nobody did: that one
  // still comes first.
  const lastDone = tracked.reduce((last, t, i) => (t.view.done ? i : last), -1);
  const open = (t: TrackedStep) => !t.view.done && !t.skipped;
  const pendingVerification = tracked.find((t) => t.step.verification && open(t));
  const nextIndex = pendingVerification ? tracked.indexOf(pendingVerification) : tracked.findIndex((t, i) => i > lastDone && open(t));
  const next = nextIndex >= 0 ? tracked[nextIndex] : undefined;
  const after = next ? tracked.find((t, i) => i > nextIndex && open(t)) : undefined;

  return {
    steps: tracked,
    ...(next ? { next } : {}),
    ...(after ? { after } : {}),
    view: {
      articleId: article.id,
      title: article.title,
      category: article.category,
      confidence: input.confidence,
      steps: tracked.map((t) => ({ ...t.view, ...(t.skipped ? { skipped: true } : {}) })),
      ...(next ? { nextStepId: next.step.id } : {}),
    },
  };
}
