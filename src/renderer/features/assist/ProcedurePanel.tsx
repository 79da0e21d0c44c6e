// The matched procedure beside the suggestions: which article the request was matched to and how sure, its steps
// in order with the done ones ticked, the next one marked. The agent can tick a step done by hand (for a check
// made outside the chat); the suggestions then move on. Customer text is never rendered as HTML here: step texts
// come from the knowledge base and are shown as text.
import { useDesk } from '../../app/store-context';
import { Card } from '../ui/Card';
import type { ProcedureStepView } from '../../../shared/domain/procedure';

const DONE_BY: Record<NonNullable<ProcedureStepView['doneBy']>, string> = {
  agent_message: 'seen in your messages',
  desk: 'ticked by you',
  fact: 'known from the hand-off',
};

const FACT_LABELS: Record<string, string> = {
  'order.id': 'order number',
  'order.status': 'order status',
  'order.deliveredAt': 'delivery date',
  'order.daysSinceDelivery': 'delivery date',
  'order.placedAt': 'order date',
  'order.total': 'order total',
  'order.items': 'items',
  'charge.duplicate': 'the two charges',
  'customer.email': 'account email',
  'customer.name': 'name',
  'customer.tier': 'tier',
};

export function ProcedurePanel({ handoffId }: { handoffId: string }) {
  const update = useDesk((s) => s.assist[handoffId]);
  const markStep = useDesk((s) => s.markStep);
  const procedure = update?.procedure;
  const request = update?.request;
  if (!request) return null;

  if (!procedure) {
    return (
      <Card title="Procedure" testId="procedure-panel">
        <p className="muted small" data-testid="procedure-unclear">
          {request.unclear
            ? 'The request is not clear yet, so no procedure is matched. Ask what the customer needs.'
            : `Matched "${request.label}", which has no steps in the knowledge base.`}
        </p>
      </Card>
    );
  }
  const done = procedure.steps.filter((s) => s.done).length;
  const applicable = procedure.steps.filter((s) => !s.skipped).length;
  return (
    <Card
      title="Procedure"
      testId="procedure-panel"
      aside={
        <span className="procedure-progress" data-testid="procedure-progress">
          {done} of {applicable} done
        </span>
      }
    >
      <div className="procedure-head">
        <strong className="procedure-title" data-testid="procedure-title">
          {procedure.title}
        </strong>
        <span className="procedure-meta muted small">
          {procedure.category} · {Math.round(procedure.confidence * 100)}% match
        </span>
      </div>
      {request.inTheirWords ? (
        <p className="procedure-quote small" data-testid="procedure-request">
          “{request.inTheirWords}”
        </p>
      ) : null}
      <ol className="procedure-steps">
        {procedure.steps.map((step, i) => {
          const isNext = step.id === procedure.nextStepId;
          const state = step.done ? 'is-done' : step.skipped ? 'is-skipped' : isNext ? 'is-next' : '';
          return (
            <li key={step.id} className={`procedure-step ${state}`} data-testid="procedure-step" data-step-id={step.id} data-done={step.done ? 'true' : 'false'}>
              <label className="procedure-check">
                <input
                  type="checkbox"
                  checked={step.done}
                  disabled={step.skipped}
                  aria-label={`Step ${i + 1} done`}
                  onChange={(e) => void markStep(handoffId, procedure.articleId, step.id, e.currentTarget.checked)}
                />
                <span className="procedure-number" aria-hidden="true">
                  {step.done ? '✓' : i + 1}
                </span>
              </label>
              <div className="procedure-step-body">
                <span className="procedure-step-text">{step.text}</span>
                <span className="procedure-step-note small">
                  {step.done && step.doneBy ? <span className="muted">Done · {DONE_BY[step.doneBy]}</span> : null}
                  {step.skipped ? <span className="muted">Does not apply to this order</span> : null}
                  {isNext ? <span className="badge badge-next">Next</span> : null}
                  {!step.done && !step.skipped && step.missing.length > 0 ? (
                    <span className="procedure-missing">Unknown: {[...new Set(step.missing.map((f) => FACT_LABELS[f] ?? f))].join(', ')}</span>
                  ) : null}
                </span>
              </div>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
