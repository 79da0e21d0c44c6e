// The AI summary of the bot conversation and the recommended next step.
import { useDesk } from '../../app/store-context';
import { Card } from '../ui/Card';

const SOURCE_LABEL = { bot: 'from the bot', offline: 'offline assist', openai: 'AI model' } as const;

export function SummaryCard({ handoffId }: { handoffId: string }) {
  const summary = useDesk((s) => s.summaries[handoffId]);
  const error = useDesk((s) => s.summaryErrors[handoffId]);
  const loadSummary = useDesk((s) => s.loadSummary);

  return (
    <Card title="Summary" testId="summary-card" aside={summary ? <span className="muted small">{SOURCE_LABEL[summary.source]}</span> : null}>
      {summary ? (
        <>
          <p className="summary-text" data-testid="summary-text">
            {summary.summary}
          </p>
          {summary.recommendedAction ? (
            <div className="next-step" data-testid="recommended-action">
              <span className="next-step-label">Next step</span>
              <span>{summary.recommendedAction}</span>
            </div>
          ) : null}
        </>
      ) : error ? (
        <p className="error-line">
          {error}{' '}
          <button type="button" className="link-button" onClick={() => void loadSummary(handoffId)}>
            Try again
          </button>
        </p>
      ) : (
        <div className="skeleton-lines" aria-label="Loading summary">
          <span />
          <span />
          <span />
        </div>
      )}
    </Card>
  );
}
